import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { hardenContext } from './harden-context';

// WXT's context talks to `document`; Node's EventTarget and CustomEvent are enough for it.
const globals = globalThis as { document?: unknown };
let previous: unknown;
beforeEach(() => {
  previous = globals.document;
  globals.document = new EventTarget();
});
afterEach(() => {
  if (previous === undefined) delete globals.document;
  else globals.document = previous;
});

/**
 * What a page script (or a newer copy of the script) dispatches. The name is
 * `<extension id>:<entrypoint>:wxt:content-script-started`, all of it public; WXT marks the
 * constant private, so the test reads it the way a page would compute it.
 */
const STARTED = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string })
  .SCRIPT_STARTED_MESSAGE_TYPE;
function startedEvent(name: string): CustomEvent {
  return new CustomEvent(STARTED, {
    detail: { contentScriptName: name, messageId: 'from-the-page' },
  });
}

const dispatch = (e: Event) => (globals.document as EventTarget).dispatchEvent(e);

describe('hardenContext', () => {
  it('without it, a page can tear the content script down with one event (the hole)', () => {
    const ctx = new ContentScriptContext('zoho', { noScriptStartedPostMessage: true });
    dispatch(startedEvent('zoho'));
    expect(ctx.signal.aborted).toBe(true);
  });

  it('ignores the "newer script started" event while the extension is alive', () => {
    const ctx = new ContentScriptContext('zoho', { noScriptStartedPostMessage: true });
    hardenContext(ctx, () => false);
    dispatch(startedEvent('zoho'));
    expect(ctx.signal.aborted).toBe(false);
  });

  it('still lets a newer copy replace one orphaned by an extension update', () => {
    const ctx = new ContentScriptContext('zoho', { noScriptStartedPostMessage: true });
    hardenContext(ctx, () => true);
    dispatch(startedEvent('zoho'));
    expect(ctx.signal.aborted).toBe(true);
  });

  it('still ignores events about other scripts and its own start', () => {
    const ctx = new ContentScriptContext('zoho', { noScriptStartedPostMessage: true });
    hardenContext(ctx, () => true);
    dispatch(startedEvent('cinc'));
    expect(ctx.signal.aborted).toBe(false);
  });
});
