/**
 * The sends started from Mojo's contact pages, by contact. The content script keeps one store for
 * the page's lifetime and the buttons read it, so a result survives the buttons being re-placed
 * (Mojo re-renders its sheet) and a send in flight is never started twice by a second click.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CrmId } from '../../lib/core/models';
import type { SendToCrmResult } from '../../lib/platform/protocol';
import { type BackgroundClient, unreachable } from '../../lib/stores/client';

export type SendToCrmClient = Pick<BackgroundClient, 'sendToCrm'>;

export type SendState =
  | { status: 'sending'; crm: CrmId }
  | { status: 'sent'; crm: CrmId; result: SendToCrmResult }
  /** The background stopped waiting but the send carries on (it is a queued step). */
  | { status: 'waiting'; crm: CrmId; message: string }
  | { status: 'failed'; crm: CrmId; message: string };

export interface SendStoreState {
  /** The latest send per Mojo contact id. */
  byContact: Partial<Record<number, SendState>>;
  send(crm: CrmId, mojoContactId: number): Promise<void>;
}

export type SendStore = StoreApi<SendStoreState>;

export function createSendStore(client: SendToCrmClient): SendStore {
  return createStore<SendStoreState>()((set, get) => {
    const put = (id: number, state: SendState) =>
      set((s) => ({ byContact: { ...s.byContact, [id]: state } }));
    return {
      byContact: {},
      async send(crm, mojoContactId) {
        if (get().byContact[mojoContactId]?.status === 'sending') return;
        put(mojoContactId, { status: 'sending', crm });
        let next: SendState;
        try {
          const answer = await client.sendToCrm({ crm, mojoContactId });
          if (answer.ok) next = { status: 'sent', crm, result: answer.value };
          else if (answer.error.code === 'still_sending')
            next = { status: 'waiting', crm, message: answer.error.message };
          else next = { status: 'failed', crm, message: answer.error.message };
        } catch (cause) {
          next = { status: 'failed', crm, message: unreachable(cause).message };
        }
        put(mojoContactId, next);
      },
    };
  });
}
