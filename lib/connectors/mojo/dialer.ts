/**
 * Where Mojo's power dialer lives (mojo-contract.md, "The dialer tab"). The URL is [assumed], so it
 * is a template kept in settings with this default: if Mojo moves the page, a setting changes, not
 * the code.
 */

export { DEFAULT_DIALER_URL_TEMPLATE } from '../../core/rules/model';

/** The dialer URL for a group: `{base}` is the account server, `{group}` the group id (encoded). */
export function dialerUrl(template: string, base: string, groupId: number | string): string {
  return template
    .replaceAll('{base}', base.replace(/\/+$/, ''))
    .replaceAll('{group}', encodeURIComponent(String(groupId)));
}

/**
 * A match pattern (for tabs.query) that finds a dialer tab already open on this account server, so
 * "Add to Mojo" focuses it instead of opening a second one. Match patterns carry no port.
 */
export function dialerUrlPattern(base: string): string {
  const url = new URL(base);
  return `${url.protocol}//${url.hostname}/data-and-dialer*`;
}
