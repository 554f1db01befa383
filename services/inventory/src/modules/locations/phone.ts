import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export interface PhoneRules {
  /** ISO 3166 country assumed for a number typed without +country code (DEFAULT_PHONE_REGION). */
  defaultRegion: string;
  /** Accept numbers reserved for fiction (NANP 555, UK 07700 900xxx): demos and tests, not production. */
  allowFictional: boolean;
}

// The same rules as the account service's phone numbers (services/account/src/lib/phone.ts), so a
// number an operator can register with is one a location can show.
const FICTIONAL = [/^\+1555\d{7}$/, /^\+1\d{3}5550[01]\d{2}$/, /^\+447700900\d{3}$/];

/** A phone number as typed → E.164 (`+15125550100`), or null when it is not a valid number. */
export function normalisePhone(input: string, rules: PhoneRules): string | null {
  const parsed = parsePhoneNumberFromString(input.trim(), {
    defaultCountry: rules.defaultRegion as CountryCode,
    extract: false,
  });
  if (!parsed) return null;
  if (parsed.isValid()) return parsed.number;
  if (rules.allowFictional && parsed.isPossible() && FICTIONAL.some((r) => r.test(parsed.number)))
    return parsed.number;
  return null;
}
