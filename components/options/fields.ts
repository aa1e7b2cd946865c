/**
 * The fields of one CRM object for the mapping table and the filter builder: as the CRM lists
 * them when it can, else its documented ones — and a note saying which, since a documented list
 * lacks the org's custom fields.
 */
import { useEffect } from 'react';
import type { CrmIntegration } from '../../lib/connectors/types';
import type { CrmId } from '../../lib/core/models';
import { fieldsKey, useRules } from '../../lib/stores/rules';

export interface CrmFieldOption {
  apiName: string;
  label: string;
}

export interface ObjectFields {
  fields: readonly CrmFieldOption[];
  loading: boolean;
  /** Shown under the table when the list is not the CRM's own. */
  note: string | null;
}

export const DOCUMENTED_NOTE = 'Field list from documentation (connect to load your fields)';

export function useObjectFields(crm: CrmId, object: string, integration: CrmIntegration): ObjectFields {
  const state = useRules((s) => s.fields[fieldsKey(crm, object)]);
  const loadFields = useRules((s) => s.loadFields);

  useEffect(() => {
    void loadFields(crm, object);
  }, [loadFields, crm, object]);

  if (state === undefined || state.status === 'loading')
    return { fields: integration.documentedFields(object), loading: true, note: null };
  if (state.status === 'error')
    return {
      fields: integration.documentedFields(object),
      loading: false,
      note: `${DOCUMENTED_NOTE}. ${state.message}`,
    };
  return {
    fields: state.fields,
    loading: false,
    note: state.source === 'documented' ? DOCUMENTED_NOTE : null,
  };
}
