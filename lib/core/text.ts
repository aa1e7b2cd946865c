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

/**
 * Text bound for a place that may render it as HTML (a CRM's notes: Wise Agent documents that
 * they "can contain HTML", Zoho's notes editor has rich text, CINC says nothing), made inert: a
 * `<` that would open a tag, a closing tag, a comment or a doctype becomes `&lt;`. A `<` that
 * cannot start markup ("a < b", "<3") stays as typed, so plain-text notes read as they were
 * written; only tag-like text shows its `&lt;` in a CRM that does not render HTML.
 */
export function defuseMarkup(text: string): string {
  return text.replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}

/**
 * Room a connector needs around a note's body for what it adds: the title line, the "Mojo activity
 * <id>" marker, separators. The body is cut this far below the CRM's limit.
 */
export const NOTE_FRAME_ROOM = 200;

/**
 * A note body cut to fit a CRM's note limit (`limit` counts the whole note), ending with a line
 * that says it was shortened and how long the original was, so the CRM's reader knows text is
 * missing. Unlimited (undefined) leaves it whole.
 */
export function fitNoteBody(body: string, limit: number | undefined): { text: string; truncated: boolean } {
  if (limit === undefined || body.length + NOTE_FRAME_ROOM <= limit) return { text: body, truncated: false };
  const marker = `\n… [Shortened by Mojo Bridge: the full note was ${body.length.toLocaleString('en-US')} characters]`;
  return truncate(body, Math.max(0, limit - NOTE_FRAME_ROOM), marker);
}
