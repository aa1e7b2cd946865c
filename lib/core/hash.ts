/**
 * Fingerprints of what was last written to each side, so the echo guard can drop a change that is
 * only our own write coming back. Not for security: a collision costs one skipped or repeated
 * write, never a leak, so a fast non-cryptographic hash is the right tool (and it is synchronous,
 * which WebCrypto's digest is not).
 */

/**
 * JSON with object keys sorted at every depth, so two values that mean the same thing give the same
 * text whatever order their keys were built in. Follows `JSON.stringify` otherwise: `undefined`,
 * functions and symbols are left out of objects and become `null` in arrays; `toJSON` is honoured.
 */
export function canonicalJson(value: unknown): string {
  const text = encode(value, new Set());
  // Only a bare `undefined`/function/symbol has no JSON text; give it one so it still hashes.
  return text ?? 'undefined';
}

function encode(value: unknown, seen: Set<object>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'bigint':
      throw new TypeError('canonicalJson: a bigint has no JSON form');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  const object = value as object;
  const withToJson = object as { toJSON?: unknown };
  if (typeof withToJson.toJSON === 'function') {
    return encode((withToJson.toJSON as () => unknown).call(object), seen);
  }
  if (seen.has(object)) throw new TypeError('canonicalJson: the value refers to itself');
  seen.add(object);
  let text: string;
  if (Array.isArray(object)) {
    text = `[${object.map((item) => encode(item, seen) ?? 'null').join(',')}]`;
  } else {
    const record = object as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const encoded = encode(record[key], seen);
      if (encoded !== undefined) parts.push(`${JSON.stringify(key)}:${encoded}`);
    }
    text = `{${parts.join(',')}}`;
  }
  seen.delete(object);
  return text;
}

/** 64-bit FNV-1a of the canonical JSON of `value`, as 16 hex digits. */
export function stableHash(value: unknown): string {
  return fnv1a64(canonicalJson(value));
}

/**
 * FNV-1a 64 over the UTF-8 bytes of `text`. The 64-bit state is kept in four 16-bit limbs so every
 * product stays exact in a double: BigInt would be simpler and several times slower, and this runs
 * over every contact of a 10,000-contact send.
 */
export function fnv1a64(text: string): string {
  // Offset basis 0xcbf29ce484222325, low limb first.
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const step = (byte: number): void => {
    h0 ^= byte;
    // Multiply by the prime 0x100000001b3 = 2^40 + 0x1b3; the 2^40 term lands 8 bits into limb 2.
    const t0 = h0 * 0x1b3;
    const t1 = h1 * 0x1b3;
    const t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    const c1 = t1 + (t0 >>> 16);
    const c2 = t2 + (c1 >>> 16);
    h0 = t0 & 0xffff;
    h1 = c1 & 0xffff;
    h2 = c2 & 0xffff;
    h3 = (t3 + (c2 >>> 16)) & 0xffff;
  };
  for (const char of text) {
    // canonicalJson's output is well formed (JSON.stringify escapes lone surrogates); a raw string
    // with a lone surrogate is still hashed deterministically, as its 3-byte WTF-8 form.
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      step(cp);
    } else if (cp < 0x800) {
      step(0xc0 | (cp >> 6));
      step(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      step(0xe0 | (cp >> 12));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    } else {
      step(0xf0 | (cp >> 18));
      step(0x80 | ((cp >> 12) & 0x3f));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    }
  }
  return [h3, h2, h1, h0].map((limb) => limb.toString(16).padStart(4, '0')).join('');
}
