import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, fnv1a64, stableHash } from './hash';

/** The textbook definition, slowly: BigInt arithmetic over TextEncoder's bytes. */
function referenceFnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

describe('fnv1a64', () => {
  it.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('matches the published test vector for %j', (input, expected) => {
    expect(fnv1a64(input)).toBe(expected);
  });

  it('agrees with a BigInt reference on any well-formed text, including emoji and CJK', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })),
        (text) => {
          expect(fnv1a64(text)).toBe(referenceFnv1a64(text));
        },
      ),
      { numRuns: 500 },
    );
    // 500 runs against a BigInt reference: seconds on a busy machine, not a speed test.
  }, 60_000);
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and otherwise follows JSON.stringify', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: undefined, b: () => 1, c: [undefined, Number.NaN] })).toBe('{"c":[null,null]}');
    expect(canonicalJson(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
    expect(canonicalJson('<img src=x>')).toBe('"<img src=x>"');
    expect(canonicalJson(undefined)).toBe('undefined');
  });

  it('allows a shared object but refuses a cycle and a bigint', () => {
    const shared = { x: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
  });

  it('is JSON that parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

/** The same value with every object's keys inserted in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a "__proto__" key stays a key (assignment would not).
    return Object.fromEntries(
      Object.keys(value)
        .reverse()
        .map((key) => [key, reverseKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

describe('stableHash', () => {
  it('is 16 hex digits', () => {
    expect(stableHash({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
  });

  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(stableHash(reverseKeys(value))).toBe(stableHash(value));
      }),
    );
  });

  it('tells different values apart', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.jsonValue(), { selector: canonicalJson, minLength: 2, maxLength: 30 }),
        (values) => {
          const hashes = new Set(values.map(stableHash));
          expect(hashes.size).toBe(values.length);
        },
      ),
    );
    expect(stableHash({ phone: '5125550101' })).not.toBe(stableHash({ phone: '5125550102' }));
    expect(stableHash(['a', 'b'])).not.toBe(stableHash(['b', 'a']));
    expect(stableHash({ a: '1' })).not.toBe(stableHash({ a: 1 }));
  });
});
