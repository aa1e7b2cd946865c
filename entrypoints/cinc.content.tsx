import { cincPage } from '@/lib/connectors/cinc/page';
import { runOverlay } from '@/lib/page/overlay';

export default defineContentScript({
  matches: cincPage.matches,
  cssInjectionMode: 'manual',
  async main(ctx) {
    await runOverlay(ctx, cincPage);
  },
});
