/**
 * A CRM field, chosen from the fields the CRM listed (or its documented ones), or typed by its API
 * name when it is a custom field the list does not have.
 */
import { type ChangeEvent, useState } from 'react';
import type { CrmFieldOption } from './fields';

const CUSTOM = '\u0000custom';

export interface CrmFieldSelectProps {
  value: string;
  fields: readonly CrmFieldOption[];
  /** The select's accessible name, e.g. "CRM field, row 3". */
  label: string;
  /** The custom text box's accessible name. */
  customLabel: string;
  problem?: string | undefined;
  problemId?: string;
  /** `typing` is true while the custom name is being typed (the caller waits for a pause). */
  onChange(value: string, typing: boolean): void;
  onBlur?(): void;
}

export function CrmFieldSelect({
  value,
  fields,
  label,
  customLabel,
  problem,
  problemId,
  onChange,
  onBlur,
}: CrmFieldSelectProps) {
  const [custom, setCustom] = useState(value === '');
  const listed = fields.some((f) => f.apiName === value);

  const choose = (e: ChangeEvent<HTMLSelectElement>) => {
    if (e.target.value === CUSTOM) {
      setCustom(true);
      return;
    }
    setCustom(false);
    onChange(e.target.value, false);
  };

  return (
    <div className="field-pick">
      <select
        aria-label={label}
        value={custom ? CUSTOM : value}
        aria-invalid={problem !== undefined && !custom}
        aria-describedby={problem !== undefined && !custom ? problemId : undefined}
        onChange={choose}
      >
        {fields.map((f) => (
          <option key={f.apiName} value={f.apiName}>
            {f.label === f.apiName ? f.label : `${f.label} (${f.apiName})`}
          </option>
        ))}
        {/* A saved field the list does not know (custom, or the list is still loading) stays choosable. */}
        {!listed && value !== '' && <option value={value}>{value}</option>}
        <option value={CUSTOM}>Custom field…</option>
      </select>
      {custom && (
        <input
          type="text"
          aria-label={customLabel}
          placeholder="API name, e.g. Custom_Field__c"
          value={value}
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={problem !== undefined}
          aria-describedby={problem !== undefined ? problemId : undefined}
          onChange={(e) => onChange(e.target.value, true)}
          onBlur={onBlur}
        />
      )}
    </div>
  );
}
