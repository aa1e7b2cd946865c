/** The typed messenger every part of the extension uses; schemas live in protocol.ts. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Protocol } from './protocol';

export const messenger = defineExtensionMessaging<Protocol>();
export const { sendMessage } = messenger;
