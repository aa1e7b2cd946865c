import { defineConfig } from 'wxt';
import { ZOHO_DATA_CENTER_IDS, zohoHostPermissions } from './lib/connectors/zoho/datacenters';

// The manifest is reviewed by hand: every permission here is one the product needs today.
export default defineConfig({
  modules: ['@wxt-dev/module-react'],
  manifest: {
    name: 'Mojo Bridge',
    description: 'Add CRM contacts to the Mojo power dialer, and send calls and edits back to the CRM.',
    permissions: ['storage', 'identity', 'alarms'],
    host_permissions: [
      'https://*.mojosells.com/*',
      'https://accounts.zoho.com/*',
      'https://www.zohoapis.com/*',
      // CINC: sign-in and API (lib/connectors/cinc/hosts.ts); its web app is a content-script match.
      'https://authv2.cincapi.com/*',
      'https://public.cincapi.com/*',
      // Wise Agent: sign-in and API share one host (lib/connectors/wiseagent/hosts.ts).
      'https://sync.thewiseagent.com/*',
    ],
    // The other Zoho data centers are asked for when the admin chooses one (popup, Connect Zoho).
    optional_host_permissions: ZOHO_DATA_CENTER_IDS.filter((dc) => dc !== 'US').flatMap(zohoHostPermissions),
    // Stricter than MV3's default: no plugins at all, no <base> that could re-point the pages'
    // relative script URLs, and no form may post anywhere (every form here is handled in script).
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'",
    },
  },
  vite: () => ({
    build: {
      rolldownOptions: {
        // Building a zod schema has no side effect, but the bundler cannot know: a module's unused
        // schemas (and so all of zod) stayed in every content script that imported a constant from
        // it. Marked pure, unused ones are dropped (docs/BENCHMARKS.md, B3). Nothing here calls z.*
        // for a side effect (z.config and registries are unused); keep it that way.
        treeshake: { manualPureFunctions: ['z'] },
      },
    },
  }),
});
