import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunk, chunkStream, dedupeBy } from './batch';

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

async function* pagesOf<T>(pages: T[][], onPage?: () => void): AsyncGenerator<T[]> {
  for (const page of pages) {
    onPage?.();
    yield page;
  }
}

describe('chunk', () => {
  it('cuts into slices of size, the last one smaller', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(chunk([], 100)).toEqual([]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses a batch size of %d', (size) => {
    expect(() => chunk([1], size)).toThrow(RangeError);
  });

  it('keeps every item, in order, in full batches but the last', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 20 }), (items, size) => {
        const batches = chunk(items, size);
        expect(batches.flat()).toEqual(items);
        for (const b of batches.slice(0, -1)) expect(b.length).toBe(size);
        const last = batches.at(-1);
        if (last) expect(last.length).toBeGreaterThan(0);
        expect(batches.length).toBe(Math.ceil(items.length / size));
      }),
    );
  });
});

describe('chunkStream', () => {
  it('re-cuts pages of 200 into batches of 100', async () => {
    const pages = [Array.from({ length: 200 }, (_, i) => i), Array.from({ length: 150 }, (_, i) => 200 + i)];
    const batches = await collect(chunkStream(pagesOf(pages), 100));
    expect(batches.map((b) => b.length)).toEqual([100, 100, 100, 50]);
    expect(batches.flat()).toEqual(pages.flat());
  });

  it('joins small and empty pages and yields nothing for an empty stream', async () => {
    expect(await collect(chunkStream(pagesOf([[1], [], [2, 3], [4]]), 3))).toEqual([[1, 2, 3], [4]]);
    expect(await collect(chunkStream(pagesOf<number>([]), 3))).toEqual([]);
    expect(await collect(chunkStream(pagesOf<number>([[], []]), 3))).toEqual([]);
  });

  it('passes a failing read on to the consumer after the batches it could complete', async () => {
    async function* failing(): AsyncGenerator<number[]> {
      yield [1, 2, 3];
      throw new Error('page 2 failed');
    }
    const seen: number[][] = [];
    await expect(
      (async () => {
        for await (const batch of chunkStream(failing(), 2)) seen.push(batch);
      })(),
    ).rejects.toThrow('page 2 failed');
    expect(seen).toEqual([[1, 2]]);
  });

  it('reads the next page only when a batch needs it', async () => {
    let pagesRead = 0;
    const pages = Array.from({ length: 10 }, (_, p) => Array.from({ length: 200 }, (_, i) => p * 200 + i));
    const stream = chunkStream(
      pagesOf(pages, () => {
        pagesRead += 1;
      }),
      100,
    );
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    expect(pagesRead).toBe(1);
    await iterator.next();
    expect(pagesRead).toBe(1);
    await iterator.next();
    expect(pagesRead).toBe(2);
    await iterator.return?.(undefined);
  });

  it('batches exactly like chunk over the concatenated pages, holding no more than a batch plus a page', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 30 }), { maxLength: 12 }),
        fc.integer({ min: 1, max: 25 }),
        async (pages, size) => {
          let pulled = 0;
          async function* source(): AsyncGenerator<number[]> {
            for (const page of pages) {
              pulled += page.length;
              yield page;
            }
          }
          const largestPage = Math.max(0, ...pages.map((page) => page.length));
          let handedOut = 0;
          const batches: number[][] = [];
          for await (const batch of chunkStream(source(), size)) {
            handedOut += batch.length;
            // Read from the source but not handed out yet: part of a batch plus the rest of a page.
            expect(pulled - handedOut).toBeLessThan(size + largestPage);
            batches.push(batch);
          }
          expect(batches).toEqual(chunk(pages.flat(), size));
        },
      ),
    );
  });
});

describe('dedupeBy', () => {
  it('keeps the first item of each key, in order', () => {
    const people = [
      { id: 1, kind: 'work' },
      { id: 2, kind: 'home' },
      { id: 1, kind: 'mobile' },
    ];
    expect(dedupeBy(people, (p) => p.id)).toEqual([
      { id: 1, kind: 'work' },
      { id: 2, kind: 'home' },
    ]);
  });

  it('returns unique keys, each item being the first with its key', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ key: fc.integer({ min: 0, max: 10 }), n: fc.integer() })), (items) => {
        const kept = dedupeBy(items, (item) => item.key);
        const keys = kept.map((item) => item.key);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(keys)).toEqual(new Set(items.map((item) => item.key)));
        expect(kept).toEqual(
          items.filter((item, i) => items.findIndex((other) => other.key === item.key) === i),
        );
      }),
    );
  });
});
