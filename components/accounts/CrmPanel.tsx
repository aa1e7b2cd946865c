/**
 * One CRM's connection: the custom OAuth configuration an admin enters (crm-facts.md), the
 * connect button that runs the OAuth flow, and the connected state with a guarded reset. Driven
 * entirely by `crm`: Zoho, Wise Agent and CINC differ only in CRM_FORMS.
 */
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { CRM_LABELS, type CrmId } from '../../lib/core/models';
import { type CrmAccountView, CrmClientConfig, DataCenter } from '../../lib/platform/protocol';
import { ConfirmButton } from './ConfirmButton';
import { CopyField } from './CopyField';
import { CRM_FORMS, type CrmFormSpec, DATA_CENTER_LABELS } from './crm-forms';
import '../ui.css';

export interface CrmPanelProps {
  view: CrmAccountView;
  /** CRM contacts only make sense with a Mojo account to send them to. */
  mojoConnected: boolean;
  busy: boolean;
  error: string | undefined;
  /** Save the configuration, then run the OAuth flow. */
  onConnect(config: CrmClientConfig): Promise<boolean>;
  onReset(crm: CrmId): Promise<boolean>;
}

type Pending = 'connect' | 'reset' | null;

export function CrmPanel({ view, mojoConnected, busy, error, onConnect, onReset }: CrmPanelProps) {
  const headingId = useId();
  const label = CRM_LABELS[view.crm];
  const spec = CRM_FORMS[view.crm];
  /** Which action the busy flag belongs to, so only that button says what is happening. */
  const [pending, setPending] = useState<Pending>(null);

  const track = async (kind: Exclude<Pending, null>, action: () => Promise<boolean>) => {
    setPending(kind);
    try {
      await action();
    } finally {
      setPending(null);
    }
  };

  const reset = (
    <ConfirmButton
      label="Reset credentials"
      confirmLabel="Confirm reset"
      busyLabel="Resetting…"
      busy={busy && pending === 'reset'}
      disabled={busy}
      onConfirm={() => void track('reset', () => onReset(view.crm))}
    />
  );

  const healthy = view.connected && !view.needsReconnect;

  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {label}
      </h2>
      {view.needsReconnect && (
        <p className="alert" role="alert">
          {label} needs to be connected again.
        </p>
      )}
      {healthy ? (
        <>
          <p className="panel__status panel__status--ok">Connected to {view.accountLabel ?? label}</p>
          <div className="actions">{reset}</div>
        </>
      ) : (
        <CrmConfigForm
          // The saved configuration changed (saved, or reset): start the form again from it. A
          // poll answering the same values keeps what the user is typing.
          key={`${view.clientId ?? ''}|${view.dataCenter ?? ''}|${view.hasClientSecret}`}
          view={view}
          spec={spec}
          mojoConnected={mojoConnected}
          busy={busy}
          connecting={busy && pending !== 'reset'}
          extraAction={view.needsReconnect ? reset : null}
          onConnect={(config) => void track('connect', () => onConnect(config))}
        />
      )}
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

interface CrmConfigFormProps {
  view: CrmAccountView;
  spec: CrmFormSpec;
  mojoConnected: boolean;
  busy: boolean;
  connecting: boolean;
  extraAction: ReactNode;
  onConnect(config: CrmClientConfig): void;
}

function CrmConfigForm({
  view,
  spec,
  mojoConnected,
  busy,
  connecting,
  extraAction,
  onConnect,
}: CrmConfigFormProps) {
  const ids = { clientId: useId(), secret: useId(), dataCenter: useId(), note: useId() };
  const [clientId, setClientId] = useState(view.clientId ?? '');
  const [secret, setSecret] = useState('');
  const [dataCenter, setDataCenter] = useState<DataCenter>(view.dataCenter ?? 'US');
  const [formError, setFormError] = useState<string | null>(null);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy || !mojoConnected) return;
    const enteredSecret = secret.trim();
    if (spec.clientSecret === 'required' && enteredSecret === '' && !view.hasClientSecret) {
      setFormError('Enter the Client secret');
      return;
    }
    const parsed = CrmClientConfig.safeParse({
      crm: view.crm,
      clientId,
      // Left empty with a secret already saved means "keep the saved one".
      ...(spec.clientSecret !== 'none' && enteredSecret !== '' ? { clientSecret: enteredSecret } : {}),
      ...(spec.dataCenter ? { dataCenter } : {}),
    });
    if (!parsed.success) {
      setFormError(parsed.error.issues[0]?.message ?? 'Check the configuration.');
      return;
    }
    setFormError(null);
    onConnect(parsed.data);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <CopyField label="Redirect URL" value={view.redirectUrl} help={spec.redirectHelp} />
      <div className="field">
        <label htmlFor={ids.clientId}>Client ID</label>
        <input
          id={ids.clientId}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={clientId}
          onChange={(e) => setClientId(e.target.value)}
        />
      </div>
      {spec.clientSecret !== 'none' && (
        <div className="field">
          <label htmlFor={ids.secret}>
            {spec.clientSecret === 'optional' ? 'Client secret (if you were given one)' : 'Client secret'}
          </label>
          <input
            id={ids.secret}
            type="password"
            autoComplete="off"
            spellCheck={false}
            placeholder={view.hasClientSecret ? 'Saved — enter to replace' : undefined}
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        </div>
      )}
      {spec.dataCenter && (
        <div className="field">
          <label htmlFor={ids.dataCenter}>Data center</label>
          <select
            id={ids.dataCenter}
            value={dataCenter}
            onChange={(e) => {
              const parsed = DataCenter.safeParse(e.target.value);
              if (parsed.success) setDataCenter(parsed.data);
            }}
          >
            {DataCenter.options.map((dc) => (
              <option key={dc} value={dc}>
                {DATA_CENTER_LABELS[dc]}
              </option>
            ))}
          </select>
        </div>
      )}
      {!mojoConnected && (
        <p id={ids.note} className="note">
          Connect Mojo first
        </p>
      )}
      <div className="actions">
        <button
          type="submit"
          className="button"
          disabled={busy || !mojoConnected}
          aria-describedby={mojoConnected ? undefined : ids.note}
        >
          {connecting ? 'Connecting…' : `${view.needsReconnect ? 'Reconnect' : 'Connect'} ${spec.short}`}
        </button>
        {extraAction}
      </div>
      {formError && (
        <p className="alert" role="alert">
          {formError}
        </p>
      )}
    </form>
  );
}
