import fc from 'fast-check';
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { fromMojoDigits, normalizePhone } from './phone';

describe('normalizePhone: US and Canada', () => {
  it.each([
    ['(512) 555-0101'],
    ['512.555.0101'],
    ['512-555-0101'],
    ['5125550101'],
    ['+1 512 555 0101'],
    ['+1 (512) 555-0101'],
    ['1 (512) 555-0101'],
    ['15125550101'],
    ['  512 555 0101  '],
    ['５１２５５５０１０１'],
  ])('%s → the 10 national digits', (raw) => {
    expect(normalizePhone(raw)).toEqual({
      ok: true,
      digits: '5125550101',
      e164: '+15125550101',
      national: true,
    });
  });

  it('accepts an area code that is not assigned yet (the plan opens new ones every year)', () => {
    expect(normalizePhone('(280) 200-0000')).toMatchObject({ ok: true, digits: '2802000000' });
  });

  it('treats a Canadian number like a US one', () => {
    expect(normalizePhone('+1 416 555 0199')).toMatchObject({
      ok: true,
      digits: '4165550199',
      national: true,
    });
  });

  it.each([
    ['5125550101 x23', '23'],
    ['512-555-0101 ext. 4', '4'],
    ['512-555-0101 ext 4', '4'],
    ['512-555-0101 extension 12', '12'],
    ['+1 (512) 555-0101 #5', '5'],
    ['(512) 555-0101 x 77', '77'],
  ])('%s drops the extension from the digits and reports it', (raw, extension) => {
    expect(normalizePhone(raw)).toEqual({
      ok: true,
      digits: '5125550101',
      e164: '+15125550101',
      national: true,
      extension,
    });
  });
});

describe('normalizePhone: international', () => {
  it.each([
    ['+44 20 7946 0958', '442079460958', '+442079460958'],
    ['+44 (0) 20 7946 0958', '442079460958', '+442079460958'],
    ['011 44 20 7946 0958', '442079460958', '+442079460958'],
    ['+39 06 1234 5678', '390612345678', '+390612345678'],
    ['+49 30 901820', '4930901820', '+4930901820'],
    ['+81 3-1234-5678', '81312345678', '+81312345678'],
    ['+52 55 1234 5678', '525512345678', '+525512345678'],
  ])('%s → full international digits %s', (raw, digits, e164) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, digits, e164, national: false });
  });

  it('reads national formats of another country when told the country', () => {
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({
      ok: true,
      digits: '442079460958',
      e164: '+442079460958',
      national: false,
    });
  });

  it('does not guess that a long number without + is foreign', () => {
    const result = normalizePhone('44 20 7946 0958');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('start it with + and the country code');
  });

  it.each([
    ['8 912 345 6789', 'RU', '79123456789'],
    ['06 20 123 4567', 'HU', '36201234567'],
  ] as const)('drops the national prefix of %s (%s)', (raw, country, digits) => {
    expect(normalizePhone(raw, country)).toMatchObject({ ok: true, digits, national: false });
  });

  it("reads another country's international prefix for a NANP number", () => {
    expect(normalizePhone('00 1 512 555 0101', 'GB')).toMatchObject({
      ok: true,
      digits: '5125550101',
      national: true,
    });
  });

  it('refuses to drop digits after a country code (a carrier code the rules would strip)', () => {
    expect(normalizePhone('+55 90 50 1234567')).toEqual({
      ok: false,
      reason: "'+55 90 50 1234567' could not be read without changing its digits",
    });
  });

  it('refuses a number its country rules can split two ways', () => {
    expect(normalizePhone('09050 123 4567', 'BR')).toEqual({
      ok: false,
      reason: "'09050 123 4567' can be read more than one way; enter it with + and the country code",
    });
  });

  it('refuses a number the country rules would rewrite (Argentina inserts a 9)', () => {
    expect(normalizePhone('011 15 1234 5678', 'AR')).toEqual({
      ok: false,
      reason: "'011 15 1234 5678' could not be read without changing its digits",
    });
  });
});

describe('normalizePhone: not a number', () => {
  it.each([
    ['555-01', "'555-01' is not a complete phone number"],
    ['N/A', "'N/A' is not a phone number"],
    ['n/a', "'n/a' is not a phone number"],
    ['none', "'none' is not a phone number"],
    ['', 'The phone number is blank'],
    ['   ', 'The phone number is blank'],
    ['123-456-7890', "'123-456-7890' is not a valid US or Canadian number"],
    ['(512) 155-0101', "'(512) 155-0101' is not a valid US or Canadian number"],
    ['(911) 555-0101', "'(911) 555-0101' is not a valid US or Canadian number"],
    ['(512) 411-0101', "'(512) 411-0101' is not a valid US or Canadian number"],
    ['1-800-FLOWERS', "'1-800-FLOWERS' has letters in it; Mojo needs the number as digits"],
    [
      '(512) 555-0101 call after 5',
      "'(512) 555-0101 call after 5' has letters in it; Mojo needs the number as digits",
    ],
    ['+0 12', "'+0 12' starts with a country code that does not exist"],
  ])('%s is refused: %s', (raw, reason) => {
    expect(normalizePhone(raw)).toEqual({ ok: false, reason });
  });

  it('refuses two numbers in one field instead of picking one', () => {
    expect(normalizePhone('512-555-0101 / 512-555-0199').ok).toBe(false);
    expect(normalizePhone('5125550101 5125550199').ok).toBe(false);
  });

  it('refuses one digit too many rather than cutting it off', () => {
    expect(normalizePhone('512-555-01019').ok).toBe(false);
  });

  it('quotes a long value briefly in the reason', () => {
    const result = normalizePhone(`call ${'x'.repeat(500)}`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeLessThan(100);
  });
});

describe('fromMojoDigits', () => {
  it('reads 10 digits as NANP and longer ones as international', () => {
    expect(fromMojoDigits('5125550101')).toBe('+15125550101');
    expect(fromMojoDigits('442079460958')).toBe('+442079460958');
    expect(fromMojoDigits('')).toBeNull();
    expect(fromMojoDigits('+15125550101')).toBeNull();
    expect(fromMojoDigits('12345')).toBeNull();
  });

  it('reads a 10-digit foreign number as NANP: the known limit of digits without a country code', () => {
    const iceland = normalizePhone('+354 555 1234');
    expect(iceland).toMatchObject({ ok: true, digits: '3545551234' });
    expect(fromMojoDigits('3545551234')).toBe('+13545551234');
  });
});

// ---- properties ----

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
const nxx = fc
  .tuple(fc.integer({ min: 2, max: 9 }).map(String), digits(2))
  .map(([a, b]) => a + b)
  .filter((code) => !code.endsWith('11'));
const nanp = fc.record({ area: nxx, exchange: nxx, line: digits(4) });

const nanpFormats: ReadonlyArray<(n: { area: string; exchange: string; line: string }) => string> = [
  (n) => `(${n.area}) ${n.exchange}-${n.line}`,
  (n) => `${n.area}.${n.exchange}.${n.line}`,
  (n) => `${n.area}-${n.exchange}-${n.line}`,
  (n) => `${n.area}${n.exchange}${n.line}`,
  (n) => `+1 ${n.area} ${n.exchange} ${n.line}`,
  (n) => `1-${n.area}-${n.exchange}-${n.line}`,
  (n) => `+1${n.area}${n.exchange}${n.line}`,
];

describe('normalizePhone properties', () => {
  it('reads every NANP number in every common format to its 10 digits', () => {
    fc.assert(
      fc.property(
        nanp,
        fc.constantFrom(...nanpFormats),
        fc.option(digits(3), { nil: undefined }),
        (n, format, ext) => {
          const raw = format(n) + (ext === undefined ? '' : ` x${ext}`);
          const result = normalizePhone(raw);
          expect(result).toEqual({
            ok: true,
            digits: n.area + n.exchange + n.line,
            e164: `+1${n.area}${n.exchange}${n.line}`,
            national: true,
            ...(ext === undefined ? {} : { extension: ext }),
          });
        },
      ),
    );
  });

  it('reads the example number of every country from its E.164 form, unchanged', () => {
    const countries = getCountries().filter((country) => getExampleNumber(country, examples) !== undefined);
    expect(countries.length).toBeGreaterThan(200);
    fc.assert(
      fc.property(fc.constantFrom(...countries), fc.boolean(), (country, formatted) => {
        const example = getExampleNumber(country, examples);
        if (!example) return;
        const raw = formatted ? example.formatInternational() : example.number;
        const result = normalizePhone(raw);
        expect(result).toMatchObject({ ok: true, e164: example.number });
        if (result.ok) {
          expect(result.digits).toBe(result.national ? example.nationalNumber : example.number.slice(1));
        }
      }),
      { numRuns: 400 },
    );
  });

  const phoneish = fc.string({
    unit: fc.constantFrom(...'0123456789', '0123456789', ' ', '(', ')', '-', '.', '+', 'x', 'e', '#', '/'),
    maxLength: 24,
  });
  const anyInput = fc.oneof(
    phoneish,
    fc.string(),
    nanp.map((n) => `${n.area}${n.exchange}${n.line}`),
    fc.constantFrom(...getCountries()).chain((country) => {
      const example = getExampleNumber(country, examples);
      return fc.constant(example ? example.number : '');
    }),
  );

  it('is idempotent on its own output (E.164 always; the digits when national)', () => {
    fc.assert(
      fc.property(anyInput, (raw) => {
        const first = normalizePhone(raw);
        if (!first.ok) return;
        const { extension: _dropped, ...withoutExtension } = first;
        expect(normalizePhone(first.e164)).toEqual(withoutExtension);
        if (first.national) expect(normalizePhone(first.digits)).toEqual(withoutExtension);
        if (first.national || first.digits.length !== 10)
          expect(fromMojoDigits(first.digits)).toBe(first.e164);
      }),
      { numRuns: 2000 },
    );
  });

  it('never invents or drops digits: the output is all digits and the input ends with them', () => {
    fc.assert(
      fc.property(anyInput, (raw) => {
        const result = normalizePhone(raw);
        if (!result.ok) {
          expect(result.reason.length).toBeGreaterThan(0);
          return;
        }
        expect(result.digits).toMatch(/^\d+$/);
        expect(result.e164).toBe(`+${result.national ? '1' : ''}${result.digits}`);
        const inputDigits = raw.normalize('NFKC').replace(/\D/g, '');
        const withoutExtension = result.extension
          ? inputDigits.slice(0, -result.extension.length)
          : inputDigits;
        // The national number must be the input's own trailing digits (prefixes may go, nothing else).
        const nationalNumber = parsePhoneNumberFromString(result.e164)?.nationalNumber ?? '';
        expect(nationalNumber.length).toBeGreaterThan(0);
        expect(withoutExtension.endsWith(nationalNumber)).toBe(true);
        if (result.national) expect(result.digits).toBe(nationalNumber);
      }),
      { numRuns: 2000 },
    );
  });
});
