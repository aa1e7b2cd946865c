/**
 * Phone numbers on their way to Mojo, which stores them as digits: the 10 national digits for a
 * US/Canadian (NANP) number, the full international digits (country code first) for any other.
 * A number we cannot read exactly is refused with a reason; it is never guessed at, padded or cut.
 */

// `min` metadata on purpose: its validity check is by length and broad per-country shape (it still
// rejects "123-456-7890"). `max` adds exact number-range patterns that ship frozen inside the
// extension, so a real number in a newly opened range would be refused until our next release;
// Mojo's own "Bad Number" call result covers what length cannot. It is also half the size.
import {
  type CountryCode,
  getCountryCallingCode,
  parseIncompletePhoneNumber,
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
} from 'libphonenumber-js/min';
import { quote } from './text';

export type { CountryCode };

export type PhoneResult =
  | {
      ok: true;
      /** What Mojo stores: NANP → 10 digits; elsewhere → country code + national number. */
      digits: string;
      /** `+<country code><national number>`: unambiguous, unlike `digits`. */
      e164: string;
      /** True when `digits` are NANP national digits (no country code). */
      national: boolean;
      /** Dropped from `digits` (Mojo has nowhere to put it); kept so a caller can say so. */
      extension?: string;
    }
  | { ok: false; reason: string };

const NANP_CALLING_CODE = '1';

/** Only to word a refusal: letters in an extension marker ("ext. 4") are not the problem. */
const EXTENSION_SUFFIX = /(?:[,;#]|x|ext\.?|extn\.?|extension)\s*\d+\s*$/iu;

/**
 * Ten digits with area code and exchange not starting 0 or 1 (NXX-NXX-XXXX). This is the plan's
 * fixed structure, not range data that goes stale, so it is safe to enforce ourselves.
 */
const NANP_SHAPE = /^[2-9]\d{2}[2-9]\d{6}$/;

export function normalizePhone(raw: string, defaultCountry: CountryCode = 'US'): PhoneResult {
  // NFKC turns full-width digits ("５１２…", common from Japanese IMEs) into ASCII; trimming
  // matters because the parser, asked to take the whole string, refuses surrounding spaces.
  const text = raw.normalize('NFKC').trim();
  if (text === '') return { ok: false, reason: 'The phone number is blank' };
  if (!/\d/u.test(text)) return { ok: false, reason: `${quote(raw)} is not a phone number` };

  // `extract: false`: the whole value must be one phone number. Otherwise "512-555-0101 (Tom's)
  // or 512-555-0199" would silently become the first number it finds, and letters
  // ("1-800-FLOWERS") would be turned into keypad digits the CRM never held.
  const parsed = parsePhoneNumberFromString(text, { defaultCountry, extract: false });
  const region = regionLabel(defaultCountry);
  if (!parsed) {
    const length = validatePhoneNumberLength(text, defaultCountry);
    if (length === 'INVALID_COUNTRY')
      return { ok: false, reason: `${quote(raw)} starts with a country code that does not exist` };
    if (length === 'TOO_SHORT') return { ok: false, reason: `${quote(raw)} is not a complete phone number` };
    if (length === 'TOO_LONG') return { ok: false, reason: tooLong(raw, region) };
    if (/\p{L}/u.test(text.replace(EXTENSION_SUFFIX, ''))) {
      return { ok: false, reason: `${quote(raw)} has letters in it; Mojo needs the number as digits` };
    }
    return { ok: false, reason: `${quote(raw)} is not a phone number` };
  }
  if (!parsed.isPossible()) {
    return validatePhoneNumberLength(text, defaultCountry) === 'TOO_LONG'
      ? { ok: false, reason: tooLong(raw, region) }
      : { ok: false, reason: `${quote(raw)} is not a complete phone number` };
  }
  const isNanp = parsed.countryCallingCode === NANP_CALLING_CODE;
  if (!parsed.isValid() || (isNanp && !NANP_SHAPE.test(parsed.nationalNumber))) {
    return { ok: false, reason: `${quote(raw)} is not a valid ${isNanp ? 'US or Canadian' : region} number` };
  }

  // The parser may drop a leading "+", country code, international prefix ("011") or national
  // prefix ("1", "0"), and some countries' rules rewrite digits (Argentina inserts a 9). The
  // national number must therefore be the input's own trailing digits, or we refuse the number.
  const extension = parsed.ext || undefined;
  let inputDigits = parseIncompletePhoneNumber(text).replace('+', '');
  if (extension && inputDigits.endsWith(extension)) inputDigits = inputDigits.slice(0, -extension.length);
  if (!inputDigits.endsWith(parsed.nationalNumber)) {
    return { ok: false, reason: `${quote(raw)} could not be read without changing its digits` };
  }

  const e164 = `+${parsed.countryCallingCode}${parsed.nationalNumber}`;
  const digits = isNanp ? parsed.nationalNumber : `${parsed.countryCallingCode}${parsed.nationalNumber}`;
  return extension === undefined
    ? { ok: true, digits, e164, national: isNanp }
    : { ok: true, digits, e164, national: isNanp, extension };
}

/**
 * The E.164 form of a phone as Mojo stores it (see `normalizePhone`), for writing it back to a
 * CRM. Ten digits are NANP by this product's convention; anything else carries its country code.
 * A 10-digit number of a country with a short plan (Iceland +354 555 1234) reads as NANP: digits
 * alone cannot tell them apart, which is why `normalizePhone` also returns `e164`.
 */
export function fromMojoDigits(digits: string): string | null {
  if (!/^\d+$/u.test(digits)) return null;
  const candidate = digits.length === 10 ? `+1${digits}` : `+${digits}`;
  const result = normalizePhone(candidate);
  return result.ok && result.extension === undefined ? result.e164 : null;
}

function regionLabel(country: CountryCode): string {
  return getCountryCallingCode(country) === NANP_CALLING_CODE ? 'US or Canadian' : country;
}

function tooLong(raw: string, region: string): string {
  // The usual cause is a foreign number typed without "+" (read as a too-long local number).
  return `${quote(raw)} has too many digits for a ${region} number; if it is a foreign number, start it with + and the country code`;
}
