/**
 * The Add to Mojo button and dialog on a CRM page, for any CRM's PageAdapter. One debounced
 * observer per page keeps the button where the adapter says it belongs; single-page apps rebuild
 * their DOM on navigation, so the button follows route changes and is never duplicated. When no
 * anchor matches, the button floats (it never silently disappears) and the page is reported as
 * not recognised. All UI lives in open shadow roots so the CRM's CSS can't reach in.
 */
import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { AddToMojoButton, AddToMojoDialog } from '../../components/add-to-mojo';
import { addToMojoCss } from '../../components/add-to-mojo/styles';
import type { PageAdapter } from '../connectors/types';
import type { AddTarget } from '../core/job';
import { sendMessage } from '../platform/messaging';
import { hardenContext } from './harden-context';
import { firstMatch } from './selectors';

type Placement = { kind: 'record' | 'list'; anchor: Element | null; url: string };

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export async function runOverlay(ctx: ContentScriptContext, adapter: PageAdapter): Promise<void> {
  hardenContext(ctx);
  let button: { ui: ShadowRootContentScriptUi<Root>; placement: Placement } | null = null;
  let dialog: ShadowRootContentScriptUi<Root> | null = null;
  let reportedUrl: string | null = null;
  let busy = false;
  let again = false;

  async function describeTarget(kind: 'record' | 'list'): Promise<{ target: AddTarget; label: string }> {
    const url = new URL(location.href);
    if (kind === 'record') {
      const ref = adapter.recordRef(url, document);
      if (!ref) throw new Error('This page does not show a record Mojo Bridge can read.');
      return { target: { kind: 'records', refs: [ref] }, label: 'this record' };
    }
    const selected = adapter.selection(url, document);
    if (selected.length > 0) {
      return {
        target: { kind: 'records', refs: selected },
        label: plural(selected.length, 'selected record', 'selected records'),
      };
    }
    const view = adapter.listView(url, document);
    if (!view) throw new Error('This page does not show a list Mojo Bridge can read.');
    const target: AddTarget = { kind: 'view', crm: adapter.crm, module: view.module, viewId: view.viewId };
    const name = adapter.viewName?.(document) ?? view.module;
    const counted = await sendMessage('countTarget', { target });
    const count =
      counted.ok && counted.value.count !== null
        ? ` (${plural(counted.value.count, 'record', 'records')})`
        : '';
    return { target, label: `the whole view: ${name}${count}` };
  }

  /** Bumped by every open: of two clicks in quick succession (a double click), only the last opens. */
  let opening = 0;

  async function openDialog(kind: 'record' | 'list'): Promise<void> {
    const mine = ++opening;
    dialog?.remove();
    dialog = null;
    // Read what to add now, at the click, before anything on the page can change.
    const described = describeTarget(kind);
    described.catch(() => undefined);
    const ui = await createShadowRootUi<Root>(ctx, {
      name: 'mojo-bridge-dialog',
      position: 'modal',
      zIndex: 2147483001,
      css: addToMojoCss,
      isolateEvents: true,
      onMount(container) {
        const root = createRoot(container);
        root.render(
          <AddToMojoDialog
            crm={adapter.crm}
            describeTarget={() => described}
            onClose={() => {
              ui.remove();
              if (dialog === ui) dialog = null;
            }}
          />,
        );
        return root;
      },
      onRemove: (root) => root?.unmount(),
    });
    // Building the shadow root is async: a later click may have started another dialog meanwhile.
    if (mine !== opening) return;
    dialog = ui;
    ui.mount();
  }

  async function place(): Promise<void> {
    const url = new URL(location.href);
    const kind = adapter.kind(url, document);
    if (!kind) {
      button?.ui.remove();
      button = null;
      return;
    }
    const anchor = firstMatch(document, kind === 'record' ? adapter.anchors.record : adapter.anchors.list);
    const current = button?.placement;
    if (
      button &&
      current?.kind === kind &&
      current.url === url.href &&
      button.ui.shadowHost.isConnected &&
      (anchor ? anchor.contains(button.ui.shadowHost) : current.anchor === null)
    ) {
      return;
    }
    const placement: Placement = { kind, anchor, url: url.href };
    const element = <AddToMojoButton floating={anchor === null} onClick={() => void openDialog(kind)} />;
    const mounted = button?.ui.mounted;
    if (button && mounted) {
      // The button we have, moved and re-rendered: a new shadow root, stylesheet and React root on
      // every navigation (and on every page that floats the button until it has rendered) cost the
      // page's main thread more than this move (docs/BENCHMARKS.md, B2).
      (anchor ?? document.body).append(button.ui.shadowHost);
      mounted.render(element);
      button = { ui: button.ui, placement };
      reportPlacement(url.href, anchor);
      return;
    }
    button?.ui.remove();
    button = null;
    const ui = await createShadowRootUi<Root>(ctx, {
      name: 'mojo-bridge-button',
      position: 'inline',
      anchor: anchor ?? document.body,
      append: 'last',
      css: addToMojoCss,
      onMount(container) {
        const root = createRoot(container);
        root.render(element);
        return root;
      },
      onRemove: (root) => root?.unmount(),
    });
    ui.mount();
    button = { ui, placement };
    reportPlacement(url.href, anchor);
  }

  function reportPlacement(href: string, anchor: Element | null): void {
    if (anchor === null && reportedUrl !== href) {
      reportedUrl = href;
      report(href, false);
    } else if (anchor !== null && reportedUrl === href) {
      reportedUrl = null;
      report(href, true);
    }
  }

  /**
   * Tell the background whether the page was recognised. Single-page apps render after the
   * content script runs, so a button floats for a moment on pages that are fine: the background
   * waits a little for a "recognised" before it logs "not recognised" (see background handlers).
   */
  function report(href: string, recognised: boolean): void {
    void sendMessage('reportPage', { crm: adapter.crm, url: href.slice(0, 2048), recognised }).catch(
      () => undefined,
    );
  }

  /** Coalesce bursts of mutations into one placement per frame. */
  function schedule(): void {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    requestAnimationFrame(() => {
      void place().finally(() => {
        busy = false;
        if (again) {
          again = false;
          schedule();
        }
      });
    });
  }

  const observer = new MutationObserver((mutations) => {
    // Our own shadow hosts coming and going are not news.
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
    button?.ui.remove();
    dialog?.remove();
  });
  ctx.addEventListener(window, 'wxt:locationchange', () => schedule());
  schedule();
}
