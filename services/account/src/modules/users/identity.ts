import { RuleViolationError } from '@cybertacotruck/platform';
import { normalisePhone, type PhoneOptions } from '../../lib/phone';
import { passwordWeakness } from '../../lib/password';

/** The E.164 form of a typed phone number, or a 400 naming the field. */
export function requirePhone(input: string, options: PhoneOptions, field = 'phone'): string {
  const phone = normalisePhone(input, options);
  if (!phone)
    throw new RuleViolationError(`${field} is not a valid phone number.`, [
      {
        location: 'body',
        field,
        message: `${field} must be a valid phone number, with its country code unless it is in ${options.defaultRegion}`,
      },
    ]);
  return phone;
}

/** A 400 naming the field when the password is easy to guess. */
export async function requireStrongPassword(
  password: string,
  personal: { phone?: string; email?: string; name?: string },
  field = 'password',
): Promise<void> {
  const weakness = await passwordWeakness(password, personal);
  if (weakness)
    throw new RuleViolationError(`The password ${weakness}.`, [
      { location: 'body', field, message: `${field} ${weakness}` },
    ]);
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
