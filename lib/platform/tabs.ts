/** Tabs: open the Mojo dialer, focusing and re-pointing one that is already open. */
import { browser } from 'wxt/browser';

/**
 * Finding an open dialer tab needs no "tabs" permission: host permission for Mojo's origin lets
 * tabs.query match on URL.
 */
export async function openOrFocus(url: string, existingPattern: string): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ url: existingPattern });
  if (tab?.id !== undefined) {
    await browser.tabs.update(tab.id, { url, active: true });
    if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
    return tab.id;
  }
  const created = await browser.tabs.create({ url, active: true });
  return created.id;
}
