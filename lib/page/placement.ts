/**
 * Keeping a piece of our UI placed on a CRM's or Mojo's single-page app: the app renders late and
 * rebuilds its DOM on every route, so the UI is placed again whenever the page's own DOM changes or
 * its route does — at most once per animation frame, never two placements at once — until the
 * content script is invalidated. Shared by the Add to Mojo button and the Send to CRM buttons.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

/**
 * How long a page may take to render the element our UI follows before the UI floats instead. Apps
 * render after the content script runs: UI floated at once would jump into place a moment later,
 * under the pointer of whoever was about to click it (a click mid-jump is lost), and on a CRM page
 * cost a "not recognised" / "recognised" pair of messages (docs/BENCHMARKS.md, B2).
 */
export const FLOAT_AFTER_MS = 500;

/**
 * Runs `place` now and after every change of the page's DOM (our own `mojo-bridge-*` hosts coming
 * and going excepted) or route. Returns `schedule`, to ask for another placement; asked while one
 * runs, it runs once more after it. `teardown` runs when the content script is invalidated.
 */
export function keepPlaced(
  ctx: ContentScriptContext,
  place: () => void | Promise<void>,
  teardown: () => void,
): () => void {
  let busy = false;
  let again = false;

  function schedule(): void {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    // Not ctx.requestAnimationFrame: it adds an invalidation listener per frame asked for and asks
    // the extension API whether it is still alive on every one; the signal says as much for free.
    requestAnimationFrame(() => {
      if (ctx.signal.aborted) return;
      void (async () => place())()
        .catch(() => undefined)
        .finally(() => {
          busy = false;
          if (again && !ctx.signal.aborted) {
            again = false;
            schedule();
          }
        });
    });
  }

  const observer = new MutationObserver((mutations) => {
    const foreign = mutations.some((m) =>
      [...m.addedNodes, ...m.removedNodes].some(
        (n) => !(n instanceof HTMLElement && n.tagName.startsWith('MOJO-BRIDGE-')),
      ),
    );
    if (foreign) schedule();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  ctx.onInvalidated(() => {
    observer.disconnect();
    teardown();
  });
  ctx.addEventListener(window, 'wxt:locationchange', () => schedule());
  schedule();
  return schedule;
}

/**
 * Whether a page without the element our UI follows has had FLOAT_AFTER_MS to render it, so the UI
 * may float. The first call for a URL starts its clock; `whenReady` is called when it runs out.
 */
export function floatGrace(ctx: ContentScriptContext, whenReady: () => void): (href: string) => boolean {
  let waiting: { href: string; ready: boolean } | null = null;
  return (href) => {
    if (waiting?.href !== href) {
      const w = { href, ready: false };
      waiting = w;
      ctx.setTimeout(() => {
        w.ready = true;
        whenReady();
      }, FLOAT_AFTER_MS);
    }
    return waiting.ready;
  };
}
