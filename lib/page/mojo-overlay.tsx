/**
 * The Send to CRM buttons on Mojo's web app. Mojo is a single-page app that renders its contact
 * sheet late and rebuilds it on every route, so one debounced observer (plus the route-change
 * event) keeps exactly one set of buttons right after the sheet's heading; when a contact is in
 * the URL but the sheet is not recognised, the buttons float in the corner instead of vanishing.
 * Which CRMs get a button is asked of the background on each route change (a CRM may have been
 * connected or reset meanwhile). Everything is torn down when the content script is invalidated.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createSendStore } from '../../components/send-to-crm/store';
import { contactId, formAnchor } from '../connectors/mojo/page';
import type { CrmId } from '../core/models';
import { type BackgroundClient, backgroundClient } from '../stores/client';
import { hardenContext } from './harden-context';
import { floatGrace, keepPlaced } from './placement';
import type { SendButtonsUi } from './send-buttons';

export type MojoOverlayClient = Pick<BackgroundClient, 'connectedCrms' | 'sendToCrm'>;

interface Placed {
  ui: SendButtonsUi;
  contactId: number;
  /** The sheet heading the buttons follow, or null when they float. */
  anchor: Element | null;
  crmsKey: string;
}

export async function runMojoOverlay(
  ctx: ContentScriptContext,
  client: MojoOverlayClient = backgroundClient,
): Promise<void> {
  hardenContext(ctx);
  // One store for the page's lifetime: results outlive the buttons being re-placed.
  const store = createSendStore(client);
  let placed: Placed | null = null;
  /** The URL the last placement saw: a different one is a route change. */
  let routeHref: string | null = null;
  /** The connected CRMs, asked once per route (a CRM may be connected or reset meanwhile). */
  let connected: CrmId[] | null = null;
  /** Whether a contact's page without its sheet has had FLOAT_AFTER_MS to render one. */
  const mayFloat = floatGrace(ctx, () => schedule());

  function clear(): void {
    placed?.ui.remove();
    placed = null;
  }

  async function connectedCrms(): Promise<CrmId[]> {
    if (connected !== null) return connected;
    let crms: CrmId[];
    try {
      crms = await client.connectedCrms();
    } catch {
      // The extension was reloaded under this tab (or the worker is waking): no buttons until the
      // next route change asks again, rather than asking on every mutation.
      crms = [];
    }
    connected = crms;
    return crms;
  }

  /** The buttons still sit where they belong: right after the heading, or floating on the body. */
  function stillPlaced(p: Placed, id: number, anchor: Element | null, crmsKey: string): boolean {
    const host = p.ui.shadowHost;
    if (p.contactId !== id || p.crmsKey !== crmsKey || !host.isConnected) return false;
    if (anchor === null) return p.anchor === null;
    return p.anchor === anchor && host.parentElement === anchor.parentElement;
  }

  async function place(): Promise<void> {
    const href = location.href;
    if (href !== routeHref) {
      // Every route counts, pages without a contact included: back on a contact, ask again.
      routeHref = href;
      connected = null;
    }
    const id = contactId(new URL(href), document);
    if (id === null) {
      clear();
      return;
    }
    const crms = await connectedCrms();
    // The route changed while the background answered: the next pass places for the new one.
    if (location.href !== href) {
      schedule();
      return;
    }
    if (crms.length === 0) {
      clear();
      return;
    }
    const anchor = formAnchor(document);
    if (anchor === null && !mayFloat(href)) {
      // Nothing meanwhile: buttons left floating from another contact would send that one.
      clear();
      return;
    }
    const crmsKey = crms.join(',');
    if (placed && stillPlaced(placed, id, anchor, crmsKey)) return;
    // React comes with the buttons: loaded (from this same file) the first time a sheet needs them.
    const { mountSendButtons, moveSendButtons } = await import('./send-buttons');
    const props = { contactId: id, crms, floating: anchor === null, store };
    // Another contact, or Mojo re-rendered the sheet: the buttons we have, moved and re-rendered.
    if (placed && moveSendButtons(placed.ui, anchor, props)) {
      placed = { ui: placed.ui, contactId: id, anchor, crmsKey };
      return;
    }
    clear();
    const ui = await mountSendButtons(ctx, anchor, props);
    placed = { ui, contactId: id, anchor, crmsKey };
  }

  const schedule = keepPlaced(ctx, place, clear);
}
