/**
 * The Mojo account: sign in with PIN, login and password, or show who is connected. Everything
 * else in the product needs this connection first.
 */
import { type FormEvent, useId, useState } from 'react';
import { type AccountsView, MojoCredentials } from '../../lib/platform/protocol';
import '../ui.css';

export interface MojoPanelProps {
  mojo: AccountsView['mojo'];
  busy: boolean;
  /** The background's message for the last failed action (written for the user). */
  error: string | undefined;
  onConnect(credentials: MojoCredentials): Promise<boolean>;
  onDisconnect(): Promise<boolean>;
}

export function MojoPanel({ mojo, busy, error, onConnect, onDisconnect }: MojoPanelProps) {
  const headingId = useId();
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        Mojo
      </h2>
      {mojo ? (
        <>
          <p className="panel__status panel__status--ok">
            Connected as {mojo.userName} ({mojo.userEmail})
          </p>
          <p className="muted">Account: {mojo.accountName}</p>
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              disabled={busy}
              onClick={() => void onDisconnect()}
            >
              {busy ? 'Disconnecting…' : 'Disconnect Mojo'}
            </button>
          </div>
          {error && (
            <p className="alert" role="alert">
              {error}
            </p>
          )}
        </>
      ) : (
        <MojoSignIn busy={busy} error={error} onConnect={onConnect} />
      )}
    </section>
  );
}

function MojoSignIn({ busy, error, onConnect }: Pick<MojoPanelProps, 'busy' | 'error' | 'onConnect'>) {
  const ids = { pin: useId(), login: useId(), password: useId() };
  const [pin, setPin] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  /** A field left empty is caught here, with the same words the background would use. */
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const parsed = MojoCredentials.safeParse({ pin, login, password });
    // The password never lingers in the page once it has been used, whatever the outcome.
    setPassword('');
    if (!parsed.success) {
      setFormError(parsed.error.issues[0]?.message ?? 'Check the Mojo sign-in details.');
      return;
    }
    setFormError(null);
    void onConnect(parsed.data);
  };

  const shownError = formError ?? error;

  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={ids.pin}>Mojo PIN</label>
        <input
          id={ids.pin}
          name="pin"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={pin}
          onChange={(e) => setPin(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.login}>Mojo login</label>
        <input
          id={ids.login}
          name="login"
          type="text"
          autoComplete="username"
          spellCheck={false}
          value={login}
          onChange={(e) => setLogin(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.password}>Password</label>
        <input
          id={ids.password}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect Mojo'}
        </button>
      </div>
      {shownError && (
        <p className="alert" role="alert">
          {shownError}
        </p>
      )}
    </form>
  );
}
