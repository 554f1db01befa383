import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { RegisterBody, UpdatePreferencesBody } from '@cybertacotruck/contracts';
import { ACCOUNT_LIMITS, rules, smsCode } from './form-rules';

/**
 * The web forms' rules against the contract's own schemas, compiled as the server compiles them
 * (ajv, unicode patterns, code-point lengths): for every sample the form says "fine" exactly when
 * the server would. (`x-trim` is the server's keyword; the forms trim before sending, as here.)
 */
const ajv = new Ajv({ strict: false, allErrors: true });
// The e-mail format is checked on its own below: ajv-formats is the platform's dependency.
ajv.addFormat('email', true);
const property = (schema: { properties: Record<string, unknown> }, name: string) =>
  ajv.compile(schema.properties[name] as object);
const serverCode = property(RegisterBody, 'code');
const serverName = property(RegisterBody, 'name');
const serverEmail = property(RegisterBody, 'email');
const serverPassword = property(RegisterBody, 'password');
const quietHours = (
  UpdatePreferencesBody.properties.quietHours as { anyOf: { properties?: object }[] }
).anyOf.find((s) => s.properties) as { properties: Record<string, unknown> };
const serverClock = property(quietHours, 'start');

const x = (n: number, c = 'a') => c.repeat(n);

describe('the account forms’ rules agree with the contract', () => {
  it('the SMS code: six digits (spaces dropped)', () => {
    for (const value of ['123456', '12 34 56', '12345', '1234567', '12345a', '', '١٢٣٤٥٦']) {
      expect(rules.code(value) === undefined, value).toBe(serverCode(smsCode(value)));
    }
    expect(rules.code('123 456')).toBeUndefined();
  });

  it('a person’s name: trimmed, 1 to 80 characters, one line of visible characters', () => {
    const samples = [
      'Rosa',
      '  Rosa  ',
      '',
      '   ',
      x(ACCOUNT_LIMITS.personNameMax),
      x(ACCOUNT_LIMITS.personNameMax + 1),
      x(ACCOUNT_LIMITS.personNameMax, '😀'),
      'Ro\nsa',
      'Ro\u202Esa',
      'Ro\u200Bsa',
      'José Ñúñez',
    ];
    for (const value of samples) {
      expect(rules.personName(value) === undefined, JSON.stringify(value)).toBe(serverName(value.trim()));
    }
  });

  it('the password: 10 to 256 characters, counted as the server counts them', () => {
    const samples = [
      x(ACCOUNT_LIMITS.passwordMin - 1),
      x(ACCOUNT_LIMITS.passwordMin),
      x(ACCOUNT_LIMITS.passwordMax),
      x(ACCOUNT_LIMITS.passwordMax + 1),
      x(5, '😀') + 'abcd',
      x(5, '😀') + 'abcde',
    ];
    for (const value of samples) {
      expect(rules.newPassword(value) === undefined, `${String(value.length)} units`).toBe(
        serverPassword(value),
      );
    }
  });

  it('the e-mail: at most 254 characters, and an address', () => {
    const long = `${x(64)}@${x(63)}.${x(63)}.${x(57)}.com`;
    expect(long).toHaveLength(ACCOUNT_LIMITS.emailMax);
    for (const value of [long, `a${long}`]) {
      expect(rules.email(value) === undefined, String(value.length)).toBe(serverEmail(value));
    }
    for (const good of ['rosa@example.com', 'r.o+sa@mail.example.co', "o'neil@ex-ample.org", 'A@B.CD']) {
      expect(rules.email(good), good).toBeUndefined();
    }
    for (const bad of [
      '',
      'rosa',
      'rosa@',
      '@example.com',
      'rosa@example',
      'ro..sa@example.com',
      'rosa@-x.com',
      'ro sa@x.com',
    ]) {
      expect(rules.email(bad), bad).toBeDefined();
    }
  });

  it('quiet hours: HH:MM from 00:00 to 23:59', () => {
    for (const value of ['00:00', '07:00', '23:59', '24:00', '7:00', '22:60', '', '22:00:00']) {
      expect(rules.clockTime(value) === undefined, value).toBe(serverClock(value));
    }
  });
});
