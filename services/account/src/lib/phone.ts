import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface PhoneOptions {
  defaultRegion: string;
  /** Accept numbers reserved for fiction (NANP 555, UK 07700 900xxx): demos and tests, not production. */
  allowFictional: boolean;
}

/** Ranges set aside for drama and examples; no subscriber has them, so a demo can use them safely. */
const FICTIONAL = [/^\+1555\d{7}$/, /^\+1\d{3}5550[01]\d{2}$/, /^\+447700900\d{3}$/];

/** A phone number as typed → E.164 (`+12025550123`), or null when it is not a valid number. */
export function normalisePhone(input: string, options: PhoneOptions): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), {
    defaultCountry: options.defaultRegion as CountryCode,
    extract: false,
  });
  if (!parsed) return null;
  if (parsed.isValid()) return parsed.number;
  if (options.allowFictional && parsed.isPossible() && FICTIONAL.some((r) => r.test(parsed.number)))
    return parsed.number;
  return null;
}

/** `+12025550123` → `+1 ••• ••• 0123`: enough for a person to recognise their own number. */
export function maskPhone(e164: string): string {
  const visible = e164.slice(-4);
  const parsed = parsePhoneNumberFromString(e164);
  const country = parsed ? `+${parsed.countryCallingCode} ` : '';
  const hidden = Math.max(0, e164.length - country.length - 3);
  return `${country}${'•'.repeat(hidden)}${visible}`.replace(/\s+/g, ' ');
}
