/** One connected CRM's rules: a tab per object, then what records created from Mojo look like. */
import { useId, useState } from 'react';
import type { CrmIntegration } from '../../lib/connectors/types';
import { CRM_LABELS, type CrmId } from '../../lib/core/models';
import { CrmSettings } from './CrmSettings';
import { ObjectRulesPanel } from './ObjectRulesPanel';
import { Tabs } from './Tabs';

export interface CrmRulesSectionProps {
  crm: CrmId;
  integration: CrmIntegration;
  needsReconnect: boolean;
}

export function CrmRulesSection({ crm, integration, needsReconnect }: CrmRulesSectionProps) {
  const headingId = useId();
  const label = CRM_LABELS[crm];
  const [selected, setSelected] = useState(integration.objects[0]?.id ?? '');
  const object = integration.objects.find((o) => o.id === selected);

  return (
    <section className="panel options-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {label}
      </h2>
      {needsReconnect && (
        <p className="note">
          {label} needs to be connected again (in the Mojo Bridge popup). These rules are kept and apply once
          it is.
        </p>
      )}
      {integration.objects.length > 0 && (
        <Tabs
          label={`${label} objects`}
          tabs={integration.objects}
          selected={selected}
          onSelect={setSelected}
        >
          {object && <ObjectRulesPanel crm={crm} integration={integration} object={object} />}
        </Tabs>
      )}
      <CrmSettings crm={crm} />
    </section>
  );
}
