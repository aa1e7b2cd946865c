/**
 * Closes a hole in WXT's content-script context: it tears a content script down when a DOM event
 * named `<extension id>:<entrypoint>:wxt:content-script-started` arrives from another instance of
 * the same script. Any page script can dispatch that event (the extension id of a store extension
 * is public), so a CRM page — or anything injected into it — could remove the Add to Mojo button,
 * or close the dialog in the middle of a send (e2e/security/hostile-page.spec.ts proves it).
 *
 * The only case WXT needs the event for is an old copy orphaned by an extension update or reload,
 * and such a copy has lost its extension: `browser.runtime.id` is gone. So the event is believed
 * only then; while this script's extension is alive, a "newer script" event is a forgery.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/** Whether this content script has outlived its extension (updated, reloaded or removed). */
export function orphaned(): boolean {
  try {
    return browser.runtime?.id === undefined;
  } catch {
    // Touching a dead extension's API can throw: that is orphaned too.
    return true;
  }
}

/**
 * Call first thing in `main(ctx)`. WXT's listener calls `verifyScriptStartedEvent` through `this`
 * at event time, so narrowing it on the instance covers the listener registered in the constructor.
 */
export function hardenContext(ctx: ContentScriptContext, isOrphaned: () => boolean = orphaned): void {
  const genuine = ctx.verifyScriptStartedEvent.bind(ctx);
  ctx.verifyScriptStartedEvent = (event) => genuine(event) && isOrphaned();
}
