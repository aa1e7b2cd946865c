/**
 * The popup's view of connected accounts: the background's `AccountsView`, plus what the UI adds
 * on top — which panel is busy and the last error each panel should show. The background stays
 * the source of truth; every action replaces `accounts` with the view the background answers.
 */
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import { apiOrigins } from '../connectors/origins';
import type { CrmId } from '../core/models';
import { CRM_LABELS } from '../core/models';
import type { Result, UserError } from '../core/result';
import { requestOrigins } from '../platform/permissions';
import type { AccountsView, CrmClientConfig, MojoCredentials } from '../platform/protocol';
import { type BackgroundClient, backgroundClient, unreachable } from './client';

/** Each panel of the popup has its own busy flag and error, so one failure never blanks another panel. */
export type PanelId = 'mojo' | CrmId;

export interface AccountsState {
  accounts: AccountsView | null;
  /** Why the last `refresh` failed; cleared by the next one that succeeds. */
  loadError: string | null;
  busy: Partial<Record<PanelId, boolean>>;
  errors: Partial<Record<PanelId, string>>;

  refresh(): Promise<void>;
  /** Each action resolves to whether it succeeded; the error is in `errors[panel]`. */
  connectMojo(credentials: MojoCredentials): Promise<boolean>;
  disconnectMojo(): Promise<boolean>;
  /** Saves the custom configuration, then runs the CRM's OAuth flow. */
  connectCrm(config: CrmClientConfig): Promise<boolean>;
  resetCrm(crm: CrmId): Promise<boolean>;
  clearError(panel: PanelId): void;
}

/** Host permissions for the chosen data center; a refusal is a clear error, not a silent failure. */
async function askForHosts(config: CrmClientConfig, grant: GrantHosts): Promise<Result<null>> {
  const granted = await grant(apiOrigins(config.crm, config.dataCenter));
  if (granted) return { ok: true, value: null };
  return {
    ok: false,
    error: {
      code: 'permission_refused',
      message: `Mojo Bridge can't reach ${CRM_LABELS[config.crm]} in that data center without your permission. Click Connect again and choose Allow.`,
    },
  };
}

export type AccountsClient = Pick<
  BackgroundClient,
  'getAccounts' | 'connectMojo' | 'disconnectMojo' | 'saveCrmConfig' | 'connectCrm' | 'resetCrm'
>;

export type AccountsStore = UseBoundStore<StoreApi<AccountsState>>;

/** Asks the browser for host permissions; injectable so tests need no browser. */
export type GrantHosts = (origins: string[]) => Promise<boolean>;

export function createAccountsStore(
  client: AccountsClient = backgroundClient,
  grantHosts: GrantHosts = requestOrigins,
): AccountsStore {
  /**
   * Bumped whenever an action starts or ends. A poll that began before an action may answer after
   * it with an older view; comparing epochs lets us drop that stale answer.
   */
  let epoch = 0;
  let actionsInFlight = 0;

  return create<AccountsState>()((set, get) => {
    const setPanel = (panel: PanelId, busy: boolean, error: string | undefined): void =>
      set((s) => ({ busy: { ...s.busy, [panel]: busy }, errors: { ...s.errors, [panel]: error } }));

    /** Runs one or more background calls for a panel, keeping busy/error/accounts consistent. */
    const act = async (
      panel: PanelId,
      steps: ReadonlyArray<() => Promise<Result<AccountsView | null>>>,
    ): Promise<boolean> => {
      if (get().busy[panel]) return false;
      epoch++;
      actionsInFlight++;
      setPanel(panel, true, undefined);
      let error: UserError | undefined;
      try {
        for (const step of steps) {
          let result: Result<AccountsView | null>;
          try {
            result = await step();
          } catch (cause) {
            result = { ok: false, error: unreachable(cause) };
          }
          if (!result.ok) {
            error = result.error;
            break;
          }
          if (result.value !== null) set({ accounts: result.value, loadError: null });
        }
      } finally {
        actionsInFlight--;
        epoch++;
        setPanel(panel, false, error?.message);
      }
      return error === undefined;
    };

    return {
      accounts: null,
      loadError: null,
      busy: {},
      errors: {},

      async refresh() {
        const started = epoch;
        try {
          const accounts = await client.getAccounts();
          if (started === epoch && actionsInFlight === 0) set({ accounts, loadError: null });
        } catch (cause) {
          set({ loadError: unreachable(cause).message });
        }
      },

      connectMojo: (credentials) => act('mojo', [() => client.connectMojo(credentials)]),

      disconnectMojo: () => act('mojo', [() => client.disconnectMojo()]),

      connectCrm: (config) =>
        act(config.crm, [
          // First, while the click's user gesture lasts: Chrome asks for the data center's hosts.
          () => askForHosts(config, grantHosts),
          () => client.saveCrmConfig(config),
          () => client.connectCrm({ crm: config.crm }),
        ]),

      resetCrm: (crm) => act(crm, [() => client.resetCrm({ crm })]),

      clearError: (panel) => set((s) => ({ errors: { ...s.errors, [panel]: undefined } })),
    };
  });
}

/** The popup's instance, talking to the real background. */
export const useAccounts = createAccountsStore();
