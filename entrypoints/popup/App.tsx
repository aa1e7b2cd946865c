/**
 * The popup's layout. State lives in the stores; this file wires them to the panels and keeps them
 * fresh while the popup is open, since the background changes things on its own (a token expires,
 * the outbox drains, an OAuth window finishes after the popup lost focus).
 */
import { useEffect } from 'react';
import { CrmPanel, MojoPanel } from '../../components/accounts';
import { QueueActivity } from '../../components/activity';
import { useAccounts } from '../../lib/stores/accounts';
import { useActivity } from '../../lib/stores/activity';
import { pollEvery } from '../../lib/stores/poll';

/** Every message here is answered from the background's memory or storage: polling is cheap. */
const REFRESH_MS = 2000;

export function App() {
  const accounts = useAccounts((s) => s.accounts);
  const loadError = useAccounts((s) => s.loadError);
  const busy = useAccounts((s) => s.busy);
  const errors = useAccounts((s) => s.errors);
  const connectMojo = useAccounts((s) => s.connectMojo);
  const disconnectMojo = useAccounts((s) => s.disconnectMojo);
  const connectCrm = useAccounts((s) => s.connectCrm);
  const resetCrm = useAccounts((s) => s.resetCrm);
  const health = useActivity((s) => s.health);
  const entries = useActivity((s) => s.entries);
  const activityError = useActivity((s) => s.error);
  const failed = useActivity((s) => s.failed);
  const sync = useActivity((s) => s.sync);
  const retrying = useActivity((s) => s.retrying);
  const retryError = useActivity((s) => s.retryError);
  const syncNow = useActivity((s) => s.syncNow);
  const retry = useActivity((s) => s.retry);

  useEffect(() => {
    const stop = new AbortController();
    pollEvery(
      REFRESH_MS,
      async () => {
        await Promise.all([useAccounts.getState().refresh(), useActivity.getState().refresh()]);
      },
      stop.signal,
    );
    return () => stop.abort();
  }, []);

  return (
    <main className="popup">
      <header className="popup__header">
        <h1 className="popup__title">Mojo Bridge</h1>
      </header>

      {loadError && (
        <p className="alert" role="alert">
          {loadError}
        </p>
      )}

      {accounts === null ? (
        !loadError && (
          <p className="muted" role="status">
            Loading…
          </p>
        )
      ) : (
        <>
          <MojoPanel
            mojo={accounts.mojo}
            busy={busy.mojo === true}
            error={errors.mojo}
            onConnect={connectMojo}
            onDisconnect={disconnectMojo}
          />
          {accounts.crms.map((view) => (
            <CrmPanel
              key={view.crm}
              view={view}
              mojoConnected={accounts.mojo !== null}
              busy={busy[view.crm] === true}
              error={errors[view.crm]}
              onConnect={connectCrm}
              onReset={resetCrm}
            />
          ))}
        </>
      )}

      <QueueActivity
        health={health}
        entries={entries}
        error={activityError}
        failed={failed}
        sync={sync}
        retrying={retrying}
        retryError={retryError}
        onSyncNow={() => void syncNow()}
        onRetry={(target) => void retry(target)}
      />
    </main>
  );
}
