import { zohoPage } from '@/lib/connectors/zoho/page';
import { runOverlay } from '@/lib/page/overlay';

export default defineContentScript({
  matches: zohoPage.matches,
  cssInjectionMode: 'manual',
  async main(ctx) {
    await runOverlay(ctx, zohoPage);
  },
});
