/**
 * The field mappings of one CRM object: which CRM field feeds which Mojo field, which way, and how
 * the value is read. An object with no mappings of its own shows the CRM's defaults (what the
 * connector does without rules); the first edit saves the whole table as the object's mappings.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { FieldRule, MojoField } from '../../lib/core/rules/model';
import { MOJO_FIELDS, type Transform } from '../../lib/core/rules/model';
import { TYPING_PAUSE_MS, useAutosave, useRowKeys } from './autosave';
import { CrmFieldSelect } from './CrmFieldSelect';
import type { CrmFieldOption } from './fields';
import {
  crmFieldLabel,
  DIRECTION_LABELS,
  DIRECTIONS,
  isMisc,
  MISC_PREFIX,
  MOJO_FIELD_LABELS,
  mappingProblems,
  TRANSFORM_LABELS,
} from './words';

const MISC = 'misc';
const TRANSFORMS = Object.keys(TRANSFORM_LABELS) as Transform[];

export interface MappingTableProps {
  objectLabel: string;
  /** The object's saved mappings; empty = the defaults stand. */
  saved: readonly FieldRule[];
  defaults: readonly FieldRule[];
  fields: readonly CrmFieldOption[];
  fieldsNote: string | null;
  save(fields: FieldRule[]): string | null;
}

/** A misc label that fits Mojo's rule (1–61 characters, not starting with a space). */
const miscLabelFor = (label: string) => `${MISC_PREFIX}${label.trim().slice(0, 61) || 'Field'}`;

export function MappingTable({ objectLabel, saved, defaults, fields, fieldsNote, save }: MappingTableProps) {
  const usingDefaults = saved.length === 0;
  const shown = usingDefaults ? defaults : saved;
  const auto = useAutosave<FieldRule[]>([...shown], mappingProblems, save);
  const rows = auto.draft;
  const keys = useRowKeys(rows.length);
  const problemBase = useId();
  const tableRef = useRef<HTMLTableSectionElement>(null);
  /** After Add field, the new row's first control takes focus. */
  const [focusRow, setFocusRow] = useState<number | null>(null);

  useEffect(() => {
    if (focusRow === null) return;
    tableRef.current?.querySelectorAll('tr')[focusRow]?.querySelector<HTMLElement>('select, input')?.focus();
    setFocusRow(null);
  }, [focusRow]);

  const setRow = (i: number, row: FieldRule, typing = false) =>
    auto.edit(
      rows.map((r, j) => (j === i ? row : r)),
      typing ? TYPING_PAUSE_MS : 0,
    );

  const remove = (i: number) => {
    keys.remove(i);
    auto.edit(rows.filter((_, j) => j !== i));
  };

  const add = () => {
    const mapped = new Set(rows.map((r) => r.crmField));
    const next = fields.find((f) => !mapped.has(f.apiName));
    const row: FieldRule = next
      ? { crmField: next.apiName, mojoField: miscLabelFor(next.label), direction: 'both', transform: 'text' }
      : { crmField: '', mojoField: 'note', direction: 'both', transform: 'text' };
    auto.edit([...rows, row]);
    setFocusRow(rows.length);
  };

  const reset = () => {
    keys.reset();
    auto.discard();
    // Empty mappings mean "the connector's own mapping", which the defaults reproduce exactly.
    save([]);
  };

  const dirty = JSON.stringify(rows) !== JSON.stringify(shown);

  return (
    <div className="mapping">
      <table className="mapping__table">
        <caption className="visually-hidden">Field mappings for {objectLabel}</caption>
        <thead>
          <tr>
            <th scope="col">CRM field</th>
            <th scope="col">Mojo field</th>
            <th scope="col">Direction</th>
            <th scope="col">Transform</th>
            <th scope="col">
              <span className="visually-hidden">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody ref={tableRef}>
          {rows.map((row, i) => {
            const key = keys.keys[i] ?? i;
            const name = row.crmField.trim() || `row ${i + 1}`;
            const crmProblem = auto.problems[`${i}.crmField`];
            const mojoProblem = auto.problems[`${i}.mojoField`];
            const crmProblemId = `${problemBase}-${key}-crm`;
            const mojoProblemId = `${problemBase}-${key}-mojo`;
            return (
              <tr key={key}>
                <td>
                  <CrmFieldSelect
                    value={row.crmField}
                    fields={fields}
                    label={`CRM field, row ${i + 1}`}
                    customLabel={`Custom CRM field, row ${i + 1}`}
                    problem={crmProblem}
                    problemId={crmProblemId}
                    onChange={(crmField, typing) => setRow(i, { ...row, crmField }, typing)}
                    onBlur={auto.flush}
                  />
                  {crmProblem && (
                    <p id={crmProblemId} className="field__error">
                      {crmProblem}
                    </p>
                  )}
                </td>
                <td>
                  <div className="field-pick">
                    <select
                      aria-label={`Mojo field for ${name}`}
                      value={isMisc(row.mojoField) ? MISC : row.mojoField}
                      onChange={(e) => {
                        const v = e.target.value;
                        const mojoField: MojoField =
                          v === MISC ? miscLabelFor(crmFieldLabel(row.crmField, fields)) : (v as MojoField);
                        setRow(i, { ...row, mojoField });
                      }}
                    >
                      {MOJO_FIELDS.map((f) => (
                        <option key={f} value={f}>
                          {MOJO_FIELD_LABELS[f]}
                        </option>
                      ))}
                      <option value={MISC}>
                        {isMisc(row.mojoField)
                          ? `Misc: ${row.mojoField.slice(MISC_PREFIX.length)}`
                          : 'Misc: …'}
                      </option>
                    </select>
                    {isMisc(row.mojoField) && (
                      <input
                        type="text"
                        aria-label={`Misc label for ${name}`}
                        value={row.mojoField.slice(MISC_PREFIX.length)}
                        maxLength={61}
                        autoComplete="off"
                        aria-invalid={mojoProblem !== undefined}
                        aria-describedby={mojoProblem ? mojoProblemId : undefined}
                        onChange={(e) =>
                          setRow(i, { ...row, mojoField: `${MISC_PREFIX}${e.target.value}` }, true)
                        }
                        onBlur={auto.flush}
                      />
                    )}
                  </div>
                  {mojoProblem && (
                    <p id={mojoProblemId} className="field__error">
                      {mojoProblem}
                    </p>
                  )}
                </td>
                <td>
                  <select
                    aria-label={`Direction for ${name}`}
                    value={row.direction}
                    onChange={(e) =>
                      setRow(i, { ...row, direction: e.target.value as FieldRule['direction'] })
                    }
                  >
                    {DIRECTIONS.map((d) => (
                      <option key={d} value={d}>
                        {DIRECTION_LABELS[d]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Transform for ${name}`}
                    value={row.transform}
                    onChange={(e) => setRow(i, { ...row, transform: e.target.value as Transform })}
                  >
                    {TRANSFORMS.map((t) => (
                      <option key={t} value={t}>
                        {TRANSFORM_LABELS[t]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={`Remove ${name}`}
                    // An empty table would mean "the defaults": to send nothing, use the direction.
                    disabled={rows.length === 1}
                    title={
                      rows.length === 1
                        ? 'The table needs one field. To send nothing, choose PULL.'
                        : undefined
                    }
                    onClick={() => remove(i)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {usingDefaults && !dirty && (
        <p className="field__help">
          These are the defaults: what Mojo Bridge sends when you have not changed anything. Your first change
          saves the whole table.
        </p>
      )}
      {fieldsNote && <p className="field__help field__help--note">{fieldsNote}</p>}
      {auto.saveError && (
        <p className="alert" role="alert">
          {auto.saveError}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={add}>
          Add field
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={usingDefaults && !dirty}
          onClick={reset}
        >
          Reset to defaults
        </button>
      </div>
    </div>
  );
}
