/**
 * What a CRM record made from Mojo (Send to CRM) looks like: its record type where the CRM has a
 * choice, where call logs go, its owner, and its lead source.
 */
import { useId, useState } from 'react';
import { CRM_LABELS, type CrmId } from '../../lib/core/models';
import { type CrmRules, crmRules, OwnerRule } from '../../lib/core/rules/model';
import { type CrmPatch, useRules } from '../../lib/stores/rules';
import { TYPING_PAUSE_MS, useAutosave } from './autosave';
import { CRM_CHOICES, leadSourceProblem, OWNER_LABELS, type Problems } from './words';

type LeadSource = CrmRules['leadSource'];

const leadSourceCheck = (l: LeadSource): Problems => {
  const problem = leadSourceProblem(l.value);
  return problem ? { value: problem } : {};
};

export function CrmSettings({ crm }: { crm: CrmId }) {
  const rules = useRules((s) => s.rules);
  const setCrm = useRules((s) => s.setCrm);
  const ids = {
    title: useId(),
    recordType: useId(),
    callLogs: useId(),
    owner: useId(),
    leadSource: useId(),
    leadSourceHelp: useId(),
    leadSourceProblem: useId(),
  };
  const [error, setError] = useState<string | null>(null);
  const saved = rules ? crmRules(rules, crm) : null;
  const leadSource = useAutosave<LeadSource>(
    saved?.leadSource ?? { value: '', createMissing: true },
    leadSourceCheck,
    (next) => setCrm(crm, { leadSource: next }),
  );
  if (saved === null) return null;
  const choices = CRM_CHOICES[crm];
  const set = (patch: CrmPatch) => setError(setCrm(crm, patch));
  const label = CRM_LABELS[crm];

  return (
    <section className="group" aria-labelledby={ids.title}>
      <h3 id={ids.title} className="group__title">
        Records created from Mojo
      </h3>
      <div className="form-grid">
        {choices && (
          <div className="field">
            <label htmlFor={ids.recordType}>Send to CRM creates</label>
            <select
              id={ids.recordType}
              // Empty means "the connector's default", which is the first choice listed.
              value={saved.recordType || (choices.recordTypes[0]?.id ?? '')}
              onChange={(e) => set({ recordType: e.target.value })}
            >
              {choices.recordTypes.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
        )}
        {choices && (
          <div className="field">
            <label htmlFor={ids.callLogs}>Call logs as</label>
            <select
              id={ids.callLogs}
              value={saved.callLogAs}
              onChange={(e) => set({ callLogAs: e.target.value === 'tasks' ? 'tasks' : 'notes' })}
            >
              {choices.callLogs.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field field--wide">
          <label htmlFor={ids.owner}>Owner</label>
          <select
            id={ids.owner}
            value={saved.owner}
            onChange={(e) => {
              const owner = OwnerRule.safeParse(e.target.value);
              if (owner.success) set({ owner: owner.data });
            }}
          >
            {OwnerRule.options.map((o) => (
              <option key={o} value={o}>
                {OWNER_LABELS[o]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.leadSource}>Lead source</label>
          <input
            id={ids.leadSource}
            type="text"
            value={leadSource.draft.value}
            maxLength={100}
            autoComplete="off"
            placeholder="None"
            aria-invalid={leadSource.problems.value !== undefined}
            aria-describedby={
              leadSource.problems.value
                ? `${ids.leadSourceProblem} ${ids.leadSourceHelp}`
                : ids.leadSourceHelp
            }
            onChange={(e) => leadSource.edit({ ...leadSource.draft, value: e.target.value }, TYPING_PAUSE_MS)}
            onBlur={leadSource.flush}
          />
          {leadSource.problems.value && (
            <p id={ids.leadSourceProblem} className="field__error">
              {leadSource.problems.value}
            </p>
          )}
          <p id={ids.leadSourceHelp} className="field__help">
            Matched to {label}'s list ignoring case and spaces.
            {choices?.leadSourceFixed
              ? ` ${label}'s API can't add a lead source: one that is not in the list is left out, and the record is still sent.`
              : ' One that is not in the list is created, or left out when creating is off.'}
          </p>
          <label className="choice">
            <input
              type="checkbox"
              checked={leadSource.draft.createMissing}
              onChange={(e) => leadSource.edit({ ...leadSource.draft, createMissing: e.target.checked })}
            />
            Create it in the CRM when missing
          </label>
        </div>
      </div>
      {(error ?? leadSource.saveError) && (
        <p className="alert" role="alert">
          {error ?? leadSource.saveError}
        </p>
      )}
    </section>
  );
}
