import { NAME_PATTERN } from '@cybertacotruck/contracts';

/**
 * The server's rules for what the account forms send (`RegisterBody`, `UpdatePreferencesBody` in
 * packages/contracts/src/account/api.ts), so a message appears beside the field before a round
 * trip. The numbers are repeated here because the contract keeps them inside its TypeBox schemas,
 * whose types do not carry them, and the browser should not load TypeBox to read them:
 * form-rules.test.ts checks every rule against the contract's schemas, so the two cannot drift
 * apart unnoticed. The server stays the judge (a common password, a wrong code).
 */
export const ACCOUNT_LIMITS = {
  personNameMax: 80,
  emailMax: 254,
  passwordMin: 10,
  passwordMax: 256,
  codeDigits: 6,
} as const;

/** A validation message, or undefined when the value passes. */
export type Rule = (value: string) => string | undefined;

/** JSON Schema lengths count code points, not UTF-16 units (an emoji is one character). */
const length = (value: string) =>
  value.length - (value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);

const NAME = new RegExp(NAME_PATTERN, 'u');
const CODE = new RegExp(`^[0-9]{${String(ACCOUNT_LIMITS.codeDigits)}}$`);
/** The contract's `ClockTime`: 00:00 to 23:59. */
const CLOCK_TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
/**
 * An address as the server's `email` format reads it: a dot-atom local part (RFC 5322 atext runs
 * joined by single dots), then a domain of two or more labels of letters, digits and inner hyphens.
 */
const ATEXT = "[a-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const EMAIL = new RegExp(`^${ATEXT}(?:\\.${ATEXT})*@(?:${LABEL}\\.)+${LABEL}$`, 'i');

/** The 6-digit code from the SMS; spaces are dropped before it is sent (and checked). */
export const smsCode = (value: string): string => value.replace(/\s/g, '');

export const rules = {
  code: ((value) =>
    CODE.test(smsCode(value))
      ? undefined
      : `Enter the ${String(ACCOUNT_LIMITS.codeDigits)}-digit code from the SMS.`) as Rule,

  /** Trimmed before it is sent, as the server trims it. */
  personName: ((value) => {
    const name = value.trim();
    if (name === '') return 'Enter your name.';
    if (length(name) > ACCOUNT_LIMITS.personNameMax)
      return `At most ${String(ACCOUNT_LIMITS.personNameMax)} characters.`;
    if (!NAME.test(name)) return 'Use one line of visible characters.';
    return undefined;
  }) as Rule,

  /** Trimmed before it is sent. */
  email: ((value) => {
    const email = value.trim();
    if (email === '') return 'Enter your e-mail address.';
    if (length(email) > ACCOUNT_LIMITS.emailMax)
      return `At most ${String(ACCOUNT_LIMITS.emailMax)} characters.`;
    if (!EMAIL.test(email)) return 'Enter an e-mail address such as rosa@example.com.';
    return undefined;
  }) as Rule,

  newPassword: ((value) => {
    if (length(value) < ACCOUNT_LIMITS.passwordMin)
      return `At least ${String(ACCOUNT_LIMITS.passwordMin)} characters.`;
    if (length(value) > ACCOUNT_LIMITS.passwordMax)
      return `At most ${String(ACCOUNT_LIMITS.passwordMax)} characters.`;
    return undefined;
  }) as Rule,

  clockTime: ((value) => (CLOCK_TIME.test(value) ? undefined : 'Enter a time such as 22:00.')) as Rule,
};

/** A rule as react-hook-form's `validate` takes it: true when it passes, else the message. */
export const validate =
  (rule: Rule) =>
  (value: string): true | string =>
    rule(value) ?? true;
