/**
 * The options page: a section per connected CRM (tabs per object), the schedule, the advanced
 * settings and the settings file. Every change is saved as it is made; one status line says so.
 */
import { integrationFor } from '../../lib/connectors/registry';
import type { AccountsView } from '../../lib/platform/protocol';
import type { SaveState } from '../../lib/stores/rules';
import { useRules } from '../../lib/stores/rules';
import { CrmRulesSection } from './CrmRulesSection';
import { ImportExport } from './ImportExport';
import { AdvancedSection, ScheduleSection } from './ScheduleAdvanced';
import '../ui.css';
import './options.css';

export interface OptionsPageProps {
  accounts: AccountsView | null;
  accountsError: string | null;
}

const SAVE_WORDS: Record<SaveState['status'], string> = {
  idle: '',
  saving: 'Saving…',
  saved: 'Saved',
  error: 'Not saved',
};

export function OptionsPage({ accounts, accountsError }: OptionsPageProps) {
  const rules = useRules((s) => s.rules);
  const loadError = useRules((s) => s.loadError);
  const save = useRules((s) => s.save);
  const connected = (accounts?.crms ?? []).filter((v) => v.connected);

  return (
    <main className="options">
      <header className="options__header">
        <h1 className="options__title">Mojo Bridge settings</h1>
        {/* Always in the page, so screen readers hear each change of it. */}
        <p className="options__save" role="status">
          {SAVE_WORDS[save.status]}
        </p>
      </header>
      {save.status === 'error' && (
        <p className="alert" role="alert">
          Not saved: {save.reason}
        </p>
      )}
      {(loadError ?? accountsError) && (
        <p className="alert" role="alert">
          {loadError ?? accountsError}
        </p>
      )}
      <p className="options__intro muted">Changes are saved as you make them and apply at once.</p>

      {rules === null ? (
        !loadError && <p className="muted">Loading…</p>
      ) : (
        <>
          {accounts === null ? (
            !accountsError && <p className="muted">Loading your connections…</p>
          ) : connected.length === 0 ? (
            <p className="panel note">Connect a CRM in the Mojo Bridge popup first</p>
          ) : (
            connected.map((view) => {
              const integration = integrationFor(view.crm);
              return integration ? (
                <CrmRulesSection
                  key={view.crm}
                  crm={view.crm}
                  integration={integration}
                  needsReconnect={view.needsReconnect}
                />
              ) : null;
            })
          )}
          <ScheduleSection schedule={rules.schedule} />
          <AdvancedSection advanced={rules.advanced} />
          <ImportExport />
        </>
      )}
    </main>
  );
}
