import { wiseAgentPage } from '@/lib/connectors/wiseagent/page';
import { runOverlay } from '@/lib/page/overlay';

export default defineContentScript({
  matches: wiseAgentPage.matches,
  cssInjectionMode: 'manual',
  async main(ctx) {
    await runOverlay(ctx, wiseAgentPage);
  },
});
