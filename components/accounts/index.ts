/** Account connection panels for the popup (and later the options page). */
export { ConfirmButton, type ConfirmButtonProps } from './ConfirmButton';
export { CopyField, type CopyFieldProps } from './CopyField';
export { CrmPanel, type CrmPanelProps } from './CrmPanel';
export { CRM_FORMS, type CrmFormSpec, DATA_CENTER_LABELS } from './crm-forms';
export { MojoPanel, type MojoPanelProps } from './MojoPanel';
