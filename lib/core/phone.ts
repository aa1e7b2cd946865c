/**
 * Phone numbers on their way to Mojo, which stores them as digits: the 10 national digits for a
 * US/Canadian (NANP) number, the full international digits (country code first) for any other.
 * A number we cannot read exactly is refused with a reason; it is never guessed at, padded or cut.
 */

// `min` metadata on purpose: we need parsing and a per-country length and shape check, not the
// number-type patterns (mobile, fixed line, …) that make up most of `max`; `max` also narrows
// validity to exact number ranges, and metadata ships frozen inside the extension, so a real number
// in a newly opened range would be refused until our next release. Mojo's "Bad Number" call result
// catches a dead number; refusing a live one loses a lead. And `min` is half the size.
import {
  type CountryCode,
  getCountryCallingCode,
  Metadata,
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
 * NANP's fixed structure: NXX-NXX-XXXX, the area code and exchange starting 2-9 and neither an
 * N11 service code (411, 911). Even `min` metadata lists the assigned area codes, and NANP opens
 * new ones every year, so for NANP numbers this structure replaces the metadata's validity check.
 */
const NANP_SHAPE = /^(?![2-9]11)[2-9]\d{2}(?![2-9]11)[2-9]\d{6}$/;

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
  if (isNanp ? !NANP_SHAPE.test(parsed.nationalNumber) : !parsed.isValid()) {
    return { ok: false, reason: `${quote(raw)} is not a valid ${isNanp ? 'US or Canadian' : region} number` };
  }

  const extension = parsed.ext || undefined;
  const e164 = `+${parsed.countryCallingCode}${parsed.nationalNumber}`;
  if (
    !onlyPrefixesDropped(text, parsed.nationalNumber, parsed.countryCallingCode, extension, defaultCountry)
  ) {
    return { ok: false, reason: `${quote(raw)} could not be read without changing its digits` };
  }
  // Some plans let a number be split two ways (Brazil's carrier codes); if our own E.164 reads
  // back as a different number, the input was ambiguous and only the person who typed it knows.
  if (parsePhoneNumberFromString(e164)?.nationalNumber !== parsed.nationalNumber) {
    return {
      ok: false,
      reason: `${quote(raw)} can be read more than one way; enter it with + and the country code`,
    };
  }

  const digits = isNanp ? parsed.nationalNumber : `${parsed.countryCallingCode}${parsed.nationalNumber}`;
  return extension === undefined
    ? { ok: true, digits, e164, national: isNanp }
    : { ok: true, digits, e164, national: isNanp, extension };
}

/**
 * The parser may drop a "+", an international prefix ("011"), the country code and a national
 * prefix ("1", "0", "(0)"); some countries' rules also rewrite digits (Argentina inserts a 9) or
 * strip carrier codes. We accept only the first kind: the national number must be the input's own
 * trailing digits, and what comes before it must be nothing but those prefixes.
 */
function onlyPrefixesDropped(
  text: string,
  nationalNumber: string,
  callingCode: string,
  extension: string | undefined,
  defaultCountry: CountryCode,
): boolean {
  const typed = parseIncompletePhoneNumber(text);
  const withPlus = typed.startsWith('+');
  let inputDigits = withPlus ? typed.slice(1) : typed;
  if (extension && inputDigits.endsWith(extension)) inputDigits = inputDigits.slice(0, -extension.length);
  if (!inputDigits.endsWith(nationalNumber)) return false;
  const dropped = inputDigits.slice(0, inputDigits.length - nationalNumber.length);
  if (withPlus) return dropped === callingCode || dropped === `${callingCode}0`;
  // Without "+": a national prefix of one or two digits ("1", "0", Russia's "8", Hungary's "06"),
  // or the default country's international prefix and a country code ("011 44 …").
  return (
    dropped.length <= 2 || new RegExp(`^(?:${iddPrefix(defaultCountry)})${callingCode}0?$`).test(dropped)
  );
}

const iddPrefixes = new Map<CountryCode, string>();

/** The default country's international dialling prefix, as a regex source ("011", "00"). */
function iddPrefix(country: CountryCode): string {
  let prefix = iddPrefixes.get(country);
  if (prefix === undefined) {
    const metadata = new Metadata();
    metadata.selectNumberingPlan(country);
    // A pattern no digit string matches, if the plan names none.
    prefix = metadata.numberingPlan?.IDDPrefix() || '(?!)';
    iddPrefixes.set(country, prefix);
  }
  return prefix;
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
