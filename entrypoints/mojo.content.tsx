import { MOJO_WEB_MATCHES } from '@/lib/connectors/mojo/page';
import { runMojoOverlay } from '@/lib/page/mojo-overlay';

export default defineContentScript({
  matches: MOJO_WEB_MATCHES,
  cssInjectionMode: 'manual',
  async main(ctx) {
    await runMojoOverlay(ctx);
  },
});
