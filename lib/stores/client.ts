/**
 * The UI's handle on the background: one async method per protocol message. Stores and dialogs
 * take a `BackgroundClient` instead of calling `sendMessage` directly so their logic can be tested
 * with a fake, and so every thrown messaging failure is turned into a user-readable value in one place.
 */
import type { UserError } from '../core/result';
import { sendMessage } from '../platform/messaging';
import type { Protocol } from '../platform/protocol';

export type BackgroundClient = {
  [K in keyof Protocol]: (...args: Parameters<Protocol[K]>) => Promise<ReturnType<Protocol[K]>>;
};

export const backgroundClient: BackgroundClient = {
  getAccounts: () => sendMessage('getAccounts'),
  connectMojo: (data) => sendMessage('connectMojo', data),
  disconnectMojo: () => sendMessage('disconnectMojo'),
  saveCrmConfig: (data) => sendMessage('saveCrmConfig', data),
  connectCrm: (data) => sendMessage('connectCrm', data),
  resetCrm: (data) => sendMessage('resetCrm', data),
  listGroups: () => sendMessage('listGroups'),
  countTarget: (data) => sendMessage('countTarget', data),
  startAddToMojo: (data) => sendMessage('startAddToMojo', data),
  getJob: (data) => sendMessage('getJob', data),
  getActivity: () => sendMessage('getActivity'),
  getQueueHealth: () => sendMessage('getQueueHealth'),
  reportPage: (data) => sendMessage('reportPage', data),
  connectedCrms: () => sendMessage('connectedCrms'),
  sendToCrm: (data) => sendMessage('sendToCrm', data),
  syncNow: () => sendMessage('syncNow'),
  getFailed: () => sendMessage('getFailed'),
  retryFailed: (data) => sendMessage('retryFailed', data),
  crmFields: (data) => sendMessage('crmFields', data),
  previewAddToMojo: (data) => sendMessage('previewAddToMojo', data),
};

/**
 * A message that could not be delivered (the service worker is restarting, or the extension was
 * reloaded under an open CRM tab) throws instead of answering. Say what the user can do about it.
 */
export function unreachable(cause: unknown): UserError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  if (/context invalidated/i.test(detail)) {
    return {
      code: 'extension_reloaded',
      message: 'Mojo Bridge was updated or reloaded. Reload this page and try again.',
      detail,
    };
  }
  return { code: 'background_unreachable', message: 'Mojo Bridge did not answer. Try again.', detail };
}
