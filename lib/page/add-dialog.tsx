/**
 * The Add to Mojo dialog in its own shadow root, with React. overlay.tsx loads this module with
 * `import()` when someone opens the dialog: the content script is one file either way (the bundler
 * inlines it), but React's module code then runs at the first click instead of on every page load
 * of the CRM (docs/BENCHMARKS.md, B2).
 */
import { createRoot, type Root } from 'react-dom/client';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { AddToMojoDialog, addToMojoCss, type DescribedTarget } from '../../components/add-to-mojo';
import type { CrmId } from '../core/models';

export type AddDialogUi = ShadowRootContentScriptUi<Root>;

/** Builds the dialog (not mounted yet); `onClose` runs after it removed itself. */
export function createAddDialog(
  ctx: ContentScriptContext,
  props: { crm: CrmId; described: Promise<DescribedTarget>; onClose(ui: AddDialogUi): void },
): Promise<AddDialogUi> {
  const ui: Promise<AddDialogUi> = createShadowRootUi<Root>(ctx, {
    name: 'mojo-bridge-dialog',
    position: 'modal',
    zIndex: 2147483001,
    css: addToMojoCss,
    isolateEvents: true,
    onMount(container) {
      const root = createRoot(container);
      root.render(
        <AddToMojoDialog
          crm={props.crm}
          describeTarget={() => props.described}
          onClose={() => {
            void ui.then((self) => {
              self.remove();
              props.onClose(self);
            });
          }}
        />,
      );
      return root;
    },
    onRemove: (root) => root?.unmount(),
  });
  return ui;
}
