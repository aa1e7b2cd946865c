/**
 * React keys for lists whose items have no id (log lines, per-contact failures). Equal items get
 * numbered occurrences, so keys stay unique and stable without using the array index.
 */
export function keyed<T>(items: readonly T[], base: (item: T) => string): Array<{ key: string; item: T }> {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const b = base(item);
    const n = seen.get(b) ?? 0;
    seen.set(b, n + 1);
    return { key: n === 0 ? b : `${b}#${n}`, item };
  });
}
