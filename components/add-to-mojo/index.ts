/** The Add to Mojo overlay, mounted by each CRM's content script inside a shadow root. */
export { type AddToMojoButton, createAddToMojoButton } from './AddToMojoButton';
export {
  type AddToMojoClient,
  AddToMojoDialog,
  type AddToMojoDialogProps,
  type DescribedTarget,
} from './AddToMojoDialog';
export { GroupPicker, type GroupPickerProps, type GroupsState } from './GroupPicker';
export { PreviewStep, type PreviewStepProps } from './PreviewStep';
export type { GroupSelection } from './run';
export { SendSummary, type SendSummaryProps } from './SendSummary';
export { SyncProgress, type SyncProgressProps } from './SyncProgress';
export { addToMojoButtonCss, addToMojoCss } from './styles';
