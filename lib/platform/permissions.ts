/** Host permissions asked for at the moment a user chooses a data center (optional_host_permissions). */
import { browser } from 'wxt/browser';

/**
 * Must be called straight from a click: Chrome only shows the prompt during a user gesture.
 * Origins already granted (the US data center is in the manifest) resolve at once.
 */
export async function requestOrigins(origins: string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  try {
    return await browser.permissions.request({ origins });
  } catch {
    return false;
  }
}
