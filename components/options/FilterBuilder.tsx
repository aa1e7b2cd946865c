/**
 * The import filter of one CRM object: conditions on the CRM's fields, all or any of which a record
 * must meet to be added to Mojo. Records outside are excluded with the reason, never deleted. A
 * condition still missing its value is shown with the reason and the filter is not saved until it
 * is complete, so a half-written condition never excludes anything.
 */
import { useId } from 'react';
import {
  type Condition,
  type ConditionOp,
  ConditionOp as ConditionOps,
  type Filter,
} from '../../lib/core/rules/model';
import { TYPING_PAUSE_MS, useAutosave, useRowKeys } from './autosave';
import { CrmFieldSelect } from './CrmFieldSelect';
import type { CrmFieldOption } from './fields';
import {
  conditionValueFrom,
  conditionValueText,
  filterProblems,
  OPERATOR_LABELS,
  opTakesValue,
} from './words';

export interface FilterBuilderProps {
  objectLabel: string;
  saved: Filter;
  fields: readonly CrmFieldOption[];
  save(filter: Filter): string | null;
}

const check = (f: Filter) => filterProblems(f.conditions);

export function FilterBuilder({ objectLabel, saved, fields, save }: FilterBuilderProps) {
  const auto = useAutosave<Filter>(saved, check, save);
  const filter = auto.draft;
  const keys = useRowKeys(filter.conditions.length);
  const ids = { legend: useId(), match: useId(), problems: useId() };

  const setCondition = (i: number, c: Condition, typing = false) =>
    auto.edit(
      { ...filter, conditions: filter.conditions.map((x, j) => (j === i ? c : x)) },
      typing ? TYPING_PAUSE_MS : 0,
    );

  const add = () =>
    auto.edit({
      ...filter,
      conditions: [...filter.conditions, { field: fields[0]?.apiName ?? '', op: 'equals', value: '' }],
    });

  const remove = (i: number) => {
    keys.remove(i);
    auto.edit({ ...filter, conditions: filter.conditions.filter((_, j) => j !== i) });
  };

  return (
    <fieldset className="group">
      <legend id={ids.legend} className="group__title">
        Import filter
      </legend>
      <p className="field__help">
        Only {objectLabel.toLowerCase()} that meet the filter are added to Mojo. The others are excluded with
        the reason, never deleted.
      </p>
      <div className="choice-row" role="radiogroup" aria-label="Combine the conditions">
        <label className="choice">
          <input
            type="radio"
            name={ids.match}
            checked={filter.match === 'all'}
            onChange={() => auto.edit({ ...filter, match: 'all' })}
          />
          Match all (AND)
        </label>
        <label className="choice">
          <input
            type="radio"
            name={ids.match}
            checked={filter.match === 'any'}
            onChange={() => auto.edit({ ...filter, match: 'any' })}
          />
          Match any (OR)
        </label>
      </div>
      {filter.conditions.length === 0 ? (
        <p className="muted">No conditions: every record is added.</p>
      ) : (
        <ol className="conditions">
          {filter.conditions.map((c, i) => {
            const key = keys.keys[i] ?? i;
            const n = i + 1;
            const fieldProblem = auto.problems[`${i}.field`];
            const valueProblem = auto.problems[`${i}.value`];
            const fieldProblemId = `${ids.problems}-${key}-field`;
            const valueProblemId = `${ids.problems}-${key}-value`;
            const dated = c.op === 'before' || c.op === 'after';
            return (
              <li key={key} className="condition">
                <CrmFieldSelect
                  value={c.field}
                  fields={fields}
                  label={`Field for condition ${n}`}
                  customLabel={`Custom field for condition ${n}`}
                  problem={fieldProblem}
                  problemId={fieldProblemId}
                  onChange={(field, typing) => setCondition(i, { ...c, field }, typing)}
                  onBlur={auto.flush}
                />
                <select
                  aria-label={`Operator for condition ${n}`}
                  value={c.op}
                  onChange={(e) => {
                    const op = e.target.value as ConditionOp;
                    setCondition(i, { ...c, op, value: conditionValueFrom(op, conditionValueText(c)) });
                  }}
                >
                  {ConditionOps.options.map((op) => (
                    <option key={op} value={op}>
                      {OPERATOR_LABELS[op]}
                    </option>
                  ))}
                </select>
                {opTakesValue(c.op) && (
                  <input
                    type={dated ? 'date' : 'text'}
                    aria-label={`Value for condition ${n}`}
                    placeholder={c.op === 'in_list' ? 'Comma-separated, e.g. Zillow, Referral' : undefined}
                    value={conditionValueText(c)}
                    maxLength={c.op === 'in_list' ? 5000 : 500}
                    autoComplete="off"
                    aria-invalid={valueProblem !== undefined}
                    aria-describedby={valueProblem ? valueProblemId : undefined}
                    onChange={(e) =>
                      // A list keeps the raw text while typing so "Zillow," can be followed by more.
                      setCondition(
                        i,
                        {
                          ...c,
                          value:
                            c.op === 'in_list' ? e.target.value : conditionValueFrom(c.op, e.target.value),
                        },
                        true,
                      )
                    }
                    onBlur={() => {
                      if (c.op === 'in_list' && typeof c.value === 'string')
                        setCondition(i, { ...c, value: conditionValueFrom('in_list', c.value) });
                      else auto.flush();
                    }}
                  />
                )}
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={`Remove condition ${n}`}
                  onClick={() => remove(i)}
                >
                  Remove
                </button>
                {fieldProblem && (
                  <p id={fieldProblemId} className="field__error condition__problem">
                    {fieldProblem}
                  </p>
                )}
                {valueProblem && (
                  <p id={valueProblemId} className="field__error condition__problem">
                    {valueProblem}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {auto.saveError && (
        <p className="alert" role="alert">
          {auto.saveError}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={add}>
          Add condition
        </button>
      </div>
    </fieldset>
  );
}
