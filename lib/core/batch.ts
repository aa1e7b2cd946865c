/**
 * Cutting work into API-sized batches. CRM reads arrive in pages whose size the CRM picks (Zoho
 * 200, Wise Agent 100); Mojo takes at most 100 contacts a call. `chunkStream` joins the two without
 * reading a whole 10,000-record view into memory first.
 */

function assertSize(size: number): void {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`Batch size must be a positive integer, not ${size}`);
}

/** Consecutive slices of `size` items; the last may be smaller. No empty batches. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  assertSize(size);
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/**
 * Re-cut a stream of pages into batches of exactly `size` (the last one smaller). It holds at
 * most one batch being filled plus the current page, and reads the next page only when the
 * consumer asks for more, so a slow sender applies backpressure to the reader.
 */
export async function* chunkStream<T>(
  source: AsyncIterable<readonly T[]>,
  size: number,
): AsyncGenerator<T[]> {
  assertSize(size);
  let batch: T[] = [];
  for await (const page of source) {
    for (const item of page) {
      batch.push(item);
      if (batch.length === size) {
        const full = batch;
        batch = [];
        yield full;
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** The items whose `key` was not seen before, in order: the first occurrence wins. */
export function dedupeBy<T, K>(items: Iterable<T>, key: (item: T) => K): T[] {
  const seen = new Set<K>();
  const kept: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    kept.push(item);
  }
  return kept;
}
