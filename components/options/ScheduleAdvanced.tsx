/**
 * The schedule (how often Mojo's activities are read; whether edits go out at once) and the
 * advanced settings (the dialer's URL, requests at once per system). Numbers and URLs are drafts
 * while typed: an invalid one shows why and is not saved.
 */
import { useId } from 'react';
import { DEFAULT_RULES, type Rules } from '../../lib/core/rules/model';
import { useRules } from '../../lib/stores/rules';
import { TYPING_PAUSE_MS, useAutosave } from './autosave';
import { dialerUrlProblem, type Problems, pollMinutesProblem, SYSTEMS, wholeNumber } from './words';

interface ScheduleDraft {
  minutes: string;
  pushImmediately: boolean;
}

const scheduleCheck = (d: ScheduleDraft): Problems => {
  const problem = pollMinutesProblem(d.minutes);
  return problem ? { minutes: problem } : {};
};

export function ScheduleSection({ schedule }: { schedule: Rules['schedule'] }) {
  const setSchedule = useRules((s) => s.setSchedule);
  const ids = { heading: useId(), minutes: useId(), problem: useId(), help: useId() };
  const auto = useAutosave<ScheduleDraft>(
    { minutes: String(schedule.pollMinutes), pushImmediately: schedule.pushImmediately },
    scheduleCheck,
    (d) => setSchedule({ pollMinutes: Number(d.minutes.trim()), pushImmediately: d.pushImmediately }),
  );
  const problem = auto.problems.minutes;

  return (
    <section className="panel options-section" aria-labelledby={ids.heading}>
      <h2 id={ids.heading} className="panel__title">
        Schedule
      </h2>
      <div className="field field--narrow">
        <label htmlFor={ids.minutes}>Read Mojo activities every (minutes)</label>
        <input
          id={ids.minutes}
          type="number"
          inputMode="numeric"
          min={1}
          max={1440}
          step={1}
          value={auto.draft.minutes}
          aria-invalid={problem !== undefined}
          aria-describedby={problem ? `${ids.problem} ${ids.help}` : ids.help}
          onChange={(e) => auto.edit({ ...auto.draft, minutes: e.target.value }, TYPING_PAUSE_MS)}
          onBlur={auto.flush}
        />
        {problem && (
          <p id={ids.problem} className="field__error">
            {problem}
          </p>
        )}
        <p id={ids.help} className="field__help">
          Call results, notes and edits made in Mojo reach your CRM this often (Sync now in the popup reads
          them at once).
        </p>
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={auto.draft.pushImmediately}
          onChange={(e) => auto.edit({ ...auto.draft, pushImmediately: e.target.checked })}
        />
        Push my changes at once
      </label>
      <p className="field__help">Off: your changes wait for the next scheduled read.</p>
      {auto.saveError && (
        <p className="alert" role="alert">
          {auto.saveError}
        </p>
      )}
    </section>
  );
}

interface AdvancedDraft {
  url: string;
  concurrency: Record<string, string>;
}

const advancedCheck = (d: AdvancedDraft): Problems => {
  const out: Problems = {};
  const url = dialerUrlProblem(d.url);
  if (url) out.url = url;
  for (const s of SYSTEMS) {
    const n = wholeNumber(d.concurrency[s.id] ?? '', 1, 20);
    if (!n.ok) out[`c.${s.id}`] = n.reason;
  }
  return out;
};

export function AdvancedSection({ advanced }: { advanced: Rules['advanced'] }) {
  const setAdvanced = useRules((s) => s.setAdvanced);
  const ids = { heading: useId(), url: useId(), urlProblem: useId(), urlHelp: useId(), budget: useId() };
  const problemIds = useId();
  const auto = useAutosave<AdvancedDraft>(
    {
      url: advanced.dialerUrlTemplate,
      concurrency: Object.fromEntries(
        SYSTEMS.map((s) => [
          s.id,
          String(advanced.concurrency[s.id] ?? DEFAULT_RULES.advanced.concurrency[s.id] ?? 4),
        ]),
      ),
    },
    advancedCheck,
    (d) =>
      setAdvanced({
        dialerUrlTemplate: d.url,
        concurrency: {
          ...advanced.concurrency,
          ...Object.fromEntries(SYSTEMS.map((s) => [s.id, Number((d.concurrency[s.id] ?? '').trim())])),
        },
      }),
  );
  const urlProblem = auto.problems.url;

  return (
    <section className="panel options-section" aria-labelledby={ids.heading}>
      <h2 id={ids.heading} className="panel__title">
        Advanced
      </h2>
      <div className="field">
        <label htmlFor={ids.url}>Mojo dialer URL template</label>
        <input
          id={ids.url}
          type="text"
          value={auto.draft.url}
          maxLength={500}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={urlProblem !== undefined}
          aria-describedby={urlProblem ? `${ids.urlProblem} ${ids.urlHelp}` : ids.urlHelp}
          onChange={(e) => auto.edit({ ...auto.draft, url: e.target.value }, TYPING_PAUSE_MS)}
          onBlur={auto.flush}
        />
        {urlProblem && (
          <p id={ids.urlProblem} className="field__error">
            {urlProblem}
          </p>
        )}
        <p id={ids.urlHelp} className="field__help">
          Opened after Add to Mojo. {'{base}'} is your Mojo address, {'{group}'} the group's id.
        </p>
      </div>
      <fieldset className="group">
        <legend id={ids.budget} className="group__title">
          Requests at once
        </legend>
        <p className="field__help">Per system, 1 to 20. Lower it if a system answers “too many requests”.</p>
        <div className="form-grid form-grid--numbers">
          {SYSTEMS.map((s) => {
            const problem = auto.problems[`c.${s.id}`];
            const inputId = `${problemIds}-${s.id}`;
            return (
              <div key={s.id} className="field field--narrow">
                <label htmlFor={inputId}>{`${s.label} requests at once`}</label>
                <input
                  id={inputId}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={20}
                  step={1}
                  value={auto.draft.concurrency[s.id] ?? ''}
                  aria-invalid={problem !== undefined}
                  aria-describedby={problem ? `${inputId}-problem` : undefined}
                  onChange={(e) =>
                    auto.edit(
                      { ...auto.draft, concurrency: { ...auto.draft.concurrency, [s.id]: e.target.value } },
                      TYPING_PAUSE_MS,
                    )
                  }
                  onBlur={auto.flush}
                />
                {problem && (
                  <p id={`${inputId}-problem`} className="field__error">
                    {problem}
                  </p>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
      {auto.saveError && (
        <p className="alert" role="alert">
          {auto.saveError}
        </p>
      )}
    </section>
  );
}
