/**
 * The Send to CRM buttons in their own shadow root, with React. mojo-overlay.tsx loads this module
 * with `import()` when a contact sheet needs them: the content script is one file either way (the
 * bundler inlines it), but React's module code then runs only on pages that show the buttons, not
 * on every page of Mojo's app (docs/BENCHMARKS.md, B2).
 */
import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { SendToCrmButtons, type SendToCrmButtonsProps } from '../../components/send-to-crm/SendToCrmButtons';
import { sendToCrmCss } from '../../components/send-to-crm/styles';

export type SendButtonsUi = ShadowRootContentScriptUi<Root>;

/** Mounted right after `anchor` (the sheet's heading), or floating on the body when it is null. */
export async function mountSendButtons(
  ctx: ContentScriptContext,
  anchor: Element | null,
  props: SendToCrmButtonsProps,
): Promise<SendButtonsUi> {
  const ui = await createShadowRootUi<Root>(ctx, {
    name: 'mojo-bridge-send',
    position: 'inline',
    anchor: anchor ?? document.body,
    append: anchor ? 'after' : 'last',
    css: sendToCrmCss,
    // Mojo binds keyboard shortcuts; Enter or Space on our buttons must not reach them.
    isolateEvents: true,
    onMount(container) {
      const root = createRoot(container);
      root.render(<SendToCrmButtons {...props} />);
      return root;
    },
    onRemove: (root) => root?.unmount(),
  });
  ui.mount();
  return ui;
}

/** The same buttons for another contact or place: moved and re-rendered, not re-created. */
export function moveSendButtons(
  ui: SendButtonsUi,
  anchor: Element | null,
  props: SendToCrmButtonsProps,
): boolean {
  const root = ui.mounted;
  if (!root) return false;
  if (anchor) anchor.after(ui.shadowHost);
  else document.body.append(ui.shadowHost);
  root.render(<SendToCrmButtons {...props} />);
  return true;
}
