/** OAuth windows through browser.identity: the one place that opens them. */
import { browser } from 'wxt/browser';
import { ActionableError } from '../core/result';

/** The URL the CRM's OAuth client must list as an authorized redirect URI. */
export function redirectUrl(): string {
  return browser.identity.getRedirectURL();
}

/** Run an interactive sign-in and return the URL the provider redirected to. */
export async function signIn(authorizeUrl: string, providerName: string): Promise<string> {
  try {
    const to = await browser.identity.launchWebAuthFlow({ url: authorizeUrl, interactive: true });
    if (!to) throw new Error('no redirect');
    return to;
  } catch (err) {
    throw new ActionableError(
      'sign_in_failed',
      `${providerName} sign-in did not finish. If you closed the window, click Connect again; otherwise check the Client ID and the Redirect URL in the API console.`,
      String(err),
    );
  }
}

/** Random, URL-safe; for OAuth `state` and PKCE verifiers. */
export function randomToken(bytes = 32): string {
  const a = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...a))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
