/**
 * The rules and the activity log live in `storage.local`, which by default any content script can
 * read and write — on a CRM's page, a page that compromised our script's world could rewrite the
 * rules or read the log. The background asks the browser to keep `storage.local` to trusted
 * contexts (the worker and the extension's own pages); no content script of ours uses storage.
 * Chrome keeps the level with the extension; it is asked again at every start in case a browser
 * dropped it. Browsers that cannot (Firefox supports it for `storage.session` only) keep today's
 * behaviour, and say so in the activity log.
 */
import { browser } from 'wxt/browser';

export async function keepStorageFromPages(): Promise<'trusted' | 'unsupported'> {
  try {
    await browser.storage.local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    return 'trusted';
  } catch {
    return 'unsupported';
  }
}
