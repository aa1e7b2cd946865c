/**
 * The Add to Mojo button and dialog on a CRM page, for any CRM's PageAdapter. One debounced
 * observer per page keeps the button where the adapter says it belongs; single-page apps rebuild
 * their DOM on navigation, so the button follows route changes and is never duplicated. When no
 * anchor matches, the button floats (it never silently disappears) and the page is reported as
 * not recognised. All UI lives in open shadow roots so the CRM's CSS can't reach in.
 *
 * The button is plain DOM in its shadow root, made once per page and moved from then on; React is
 * mounted only for the dialog, when someone opens it. What a page load costs the CRM's main thread
 * is the script itself and this one small button (docs/BENCHMARKS.md, B2).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { type AddToMojoButton, createAddToMojoButton } from '../../components/add-to-mojo/AddToMojoButton';
import { addToMojoButtonCss } from '../../components/add-to-mojo/styles';
import type { PageAdapter } from '../connectors/types';
import type { AddTarget } from '../core/job';
import { sendMessage } from '../platform/messaging';
import type { AddDialogUi } from './add-dialog';
import { hardenContext } from './harden-context';
import { floatGrace, keepPlaced } from './placement';
import { firstMatch } from './selectors';

type Placement = { kind: 'record' | 'list'; anchor: Element | null; url: string };

/** The same reset WXT gives its shadow-root UIs: nothing of the page's styles is inherited. */
const HOST_RESET = ':host{all:initial !important;}';

/** The button's shadow host, for the page's lifetime: placing it is moving this element. */
interface PageButton extends AddToMojoButton {
  host: HTMLElement;
}

function createPageButton(onClick: () => void): PageButton {
  const host = document.createElement('mojo-bridge-button');
  const shadow = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = `${HOST_RESET}\n${addToMojoButtonCss}`;
  const button = createAddToMojoButton(document, onClick);
  shadow.append(style, button.element);
  return { ...button, host };
}

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export async function runOverlay(ctx: ContentScriptContext, adapter: PageAdapter): Promise<void> {
  hardenContext(ctx);
  /** Made at the first placement; `placement` is null while the page has no place for it. */
  let button: PageButton | null = null;
  let placement: Placement | null = null;
  /** Whether a page without its toolbar has had FLOAT_AFTER_MS to render one. */
  const mayFloat = floatGrace(ctx, () => schedule());
  let dialog: AddDialogUi | null = null;
  let reportedUrl: string | null = null;

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
    const { createAddDialog } = await import('./add-dialog');
    const ui = await createAddDialog(ctx, {
      crm: adapter.crm,
      described,
      onClose(closed) {
        if (dialog === closed) dialog = null;
      },
    });
    // Loading and building the dialog is async: a later click may have started another meanwhile.
    if (mine !== opening) return;
    dialog = ui;
    ui.mount();
  }

  function place(): void {
    const url = new URL(location.href);
    const kind = adapter.kind(url, document);
    if (!kind) {
      button?.host.remove();
      placement = null;
      return;
    }
    const anchor = firstMatch(document, kind === 'record' ? adapter.anchors.record : adapter.anchors.list);
    if (
      button &&
      placement?.kind === kind &&
      placement.url === url.href &&
      button.host.isConnected &&
      (anchor ? anchor.contains(button.host) : placement.anchor === null)
    ) {
      return;
    }
    if (anchor === null && !mayFloat(url.href)) {
      // Not shown in the meantime: a button left in the previous page's toolbar would add that
      // page's kind of target.
      button?.host.remove();
      placement = null;
      return;
    }
    // One button for the page's lifetime, moved: a route change, or a toolbar that shows up after
    // the button floated, costs a move, not a new shadow root.
    button ??= createPageButton(() => {
      if (placement) void openDialog(placement.kind);
    });
    button.setFloating(anchor === null);
    (anchor ?? document.body).append(button.host);
    placement = { kind, anchor, url: url.href };
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
   * content script runs, and a slow one can take longer than FLOAT_AFTER_MS, so a button floats
   * for a moment on pages that are fine: the background waits a little for a "recognised" before
   * it logs "not recognised" (see background handlers).
   */
  function report(href: string, recognised: boolean): void {
    void sendMessage('reportPage', { crm: adapter.crm, url: href.slice(0, 2048), recognised }).catch(
      () => undefined,
    );
  }

  const schedule = keepPlaced(ctx, place, () => {
    button?.host.remove();
    dialog?.remove();
  });
}
