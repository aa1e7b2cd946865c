import { defineConfig } from 'wxt';

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
    ],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'",
    },
  },
});
