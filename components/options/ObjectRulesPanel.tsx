/**
 * Everything about one CRM object (Zoho's Contacts, say): which way it syncs, its field mappings,
 * its import filter, how an existing record is found and what happens when one is.
 */
import { useId, useState } from 'react';
import type { CrmIntegration } from '../../lib/connectors/types';
import type { CrmId } from '../../lib/core/models';
import { type Direction, objectRules, type UpdatePolicy } from '../../lib/core/rules/model';
import { useRules } from '../../lib/stores/rules';
import { FilterBuilder } from './FilterBuilder';
import { useObjectFields } from './fields';
import { IdentifyOrder } from './IdentifyOrder';
import { MappingTable } from './MappingTable';
import { DIRECTION_LABELS, DIRECTIONS, POLICIES, POLICY_LABELS } from './words';

export interface ObjectRulesPanelProps {
  crm: CrmId;
  integration: CrmIntegration;
  object: { id: string; label: string };
}

export function ObjectRulesPanel({ crm, integration, object }: ObjectRulesPanelProps) {
  const rules = useRules((s) => s.rules);
  const setObject = useRules((s) => s.setObject);
  const fields = useObjectFields(crm, object.id, integration);
  const ids = {
    direction: useId(),
    policy: useId(),
    mapping: useId(),
    directionTitle: useId(),
    policyTitle: useId(),
  };
  const [choiceError, setChoiceError] = useState<string | null>(null);
  if (rules === null) return null;
  const saved = objectRules(rules, crm, object.id);

  const choose = (patch: { direction: Direction } | { policy: UpdatePolicy }) =>
    setChoiceError(setObject(crm, object.id, patch));

  return (
    <div className="object-rules">
      <div className="group" role="radiogroup" aria-labelledby={ids.directionTitle}>
        <p id={ids.directionTitle} className="group__title">
          Direction
        </p>
        <div className="choice-row">
          {DIRECTIONS.map((d) => (
            <label key={d} className="choice">
              <input
                type="radio"
                name={ids.direction}
                checked={saved.direction === d}
                onChange={() => choose({ direction: d })}
              />
              {DIRECTION_LABELS[d]}
            </label>
          ))}
        </div>
        <p className="field__help">
          PUSH only or PULL only here overrides every field's own direction; PUSH AND PULL lets each field's
          direction decide.
        </p>
      </div>

      <section className="group" aria-labelledby={ids.mapping}>
        <h4 id={ids.mapping} className="group__title">
          Field mappings
        </h4>
        <MappingTable
          // A new object or CRM starts a new table: its drafts and row keys belong to that object.
          key={`${crm}:${object.id}`}
          objectLabel={object.label}
          saved={saved.fields}
          defaults={integration.defaultFields(object.id)}
          fields={fields.fields}
          fieldsNote={fields.note}
          save={(next) => setObject(crm, object.id, { fields: next })}
        />
      </section>

      <FilterBuilder
        key={`filter:${crm}:${object.id}`}
        objectLabel={object.label}
        saved={saved.filter}
        fields={fields.fields}
        save={(filter) => setObject(crm, object.id, { filter })}
      />

      <IdentifyOrder
        key={`identify:${crm}:${object.id}`}
        saved={saved.identify}
        {...(integration.identifyBy ? { available: integration.identifyBy } : {})}
        save={(identify) => setObject(crm, object.id, { identify })}
      />

      <div className="group" role="radiogroup" aria-labelledby={ids.policyTitle}>
        <p id={ids.policyTitle} className="group__title">
          When a matching record exists
        </p>
        <div className="choice-row">
          {POLICIES.map((p) => (
            <label key={p} className="choice">
              <input
                type="radio"
                name={ids.policy}
                checked={saved.policy === p}
                onChange={() => choose({ policy: p })}
              />
              {POLICY_LABELS[p]}
            </label>
          ))}
        </div>
        <p className="field__help">An empty value never erases a filled one, whatever you choose.</p>
      </div>

      {choiceError && (
        <p className="alert" role="alert">
          {choiceError}
        </p>
      )}
    </div>
  );
}
