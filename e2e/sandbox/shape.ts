/**
 * Contract checks between a vendor's documented example (a golden fixture) and what an emulator
 * answers: the emulator must answer "in the same shape" — every key the vendor's example shows, with
 * the same kind of value (string, number, boolean, null, object, array), all the way down. Values
 * themselves differ (ids, names) and are not compared. Arrays are compared item by item against the
 * example's first item, so a list of records is checked record by record.
 *
 * `extra: 'refuse'` also reports keys the emulator adds that the vendor's example does not show,
 * for answers the vendor documents in full (an emulator that adds a convenient field teaches the
 * client to rely on it).
 */

export type Kind = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array' | 'undefined';

export function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'undefined') return t;
  return 'object';
}

export interface ShapeOptions {
  /** Keys the emulator adds beyond the example: allowed (default) or reported. */
  extra?: 'allow' | 'refuse';
  /** Paths (`data[].details`) whose value kind may differ (the vendor shows several), not compared below. */
  loose?: readonly string[];
}

/** The differences, one line each (`data[].code: expected string, got number`); empty = same shape. */
export function shapeDifferences(expected: unknown, actual: unknown, options: ShapeOptions = {}): string[] {
  const out: string[] = [];
  walk(expected, actual, '', options, out);
  return out;
}

function walk(expected: unknown, actual: unknown, path: string, options: ShapeOptions, out: string[]): void {
  const here = path === '' ? '(root)' : path;
  if (options.loose?.includes(path)) return;
  const want = kindOf(expected);
  const got = kindOf(actual);
  if (want !== got) {
    out.push(`${here}: expected ${want}, got ${got}`);
    return;
  }
  if (want === 'array') {
    const example = (expected as unknown[])[0];
    if (example === undefined) return;
    for (const item of actual as unknown[]) walk(example, item, `${path}[]`, options, out);
    return;
  }
  if (want !== 'object') return;
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    const child = path === '' ? key : `${path}.${key}`;
    if (!Object.hasOwn(a, key)) {
      out.push(`${child}: missing`);
      continue;
    }
    walk(e[key], a[key], child, options, out);
  }
  if (options.extra === 'refuse') {
    for (const key of Object.keys(a)) {
      if (!Object.hasOwn(e, key))
        out.push(`${path === '' ? key : `${path}.${key}`}: not in the vendor's example`);
    }
  }
}
