/**
 * Small text helpers shared by the mapping and the phone rules. Pure; they never interpret markup:
 * a value that looks like HTML stays a string, and the UI renders it as text.
 */

/** Trim and turn every run of whitespace (newlines, tabs, non-breaking spaces) into one space. */
export function squish(value: string | null | undefined): string {
  if (!value) return '';
  return value.replace(/\s+/gu, ' ').trim();
}

export const TRUNCATION_MARKER = ' … [truncated]';

/**
 * Shorten `text` to at most `max` UTF-16 units including `marker`. Cuts on a code-point boundary:
 * half of a surrogate pair would turn an emoji into a replacement character on the other side.
 */
export function truncate(
  text: string,
  max: number,
  marker: string = TRUNCATION_MARKER,
): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  let end = Math.max(0, max - marker.length);
  const last = text.charCodeAt(end - 1);
  if (end > 0 && last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { text: text.slice(0, end) + marker.slice(0, max), truncated: true };
}

/** A short quotation of a user's value for a message ("'555-01' is not …"). */
export function quote(value: string, max = 40): string {
  return `'${truncate(squish(value), max, '…').text}'`;
}
