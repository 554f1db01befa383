import { describe, expect, it } from 'vitest';
import { hashPassword, passwordWeakness, verifyPassword } from './password';

describe('passwordWeakness', () => {
  it('accepts long passwords that are not guessable', async () => {
    for (const password of [
      'sunset-ravioli-42',
      'correct horse battery staple',
      'Tr0ub4dor&3x!',
      'xk9#mQ2!pLw',
    ])
      expect(await passwordWeakness(password), password).toBeNull();
  });

  it('refuses short, repetitive, sequential and common passwords', async () => {
    for (const password of [
      'short',
      'aaaaaaaaaaaa',
      'abababababab',
      '1234567890',
      'qwertyuiop',
      'abcdefghijk',
      'password123',
      'P@ssw0rd2024',
      'iloveyou!!!',
      'letmein12345',
      '0987654321ab',
      // Pass the rules above; zxcvbn knows them from leaked-password lists.
      'Summer2024!',
      'Liverpool1',
      'changeme123',
      'Password2024!',
      'Iloveyou2023',
    ])
      expect(await passwordWeakness(password), password).not.toBeNull();
  });

  it('says why a common password is refused', async () => {
    expect(await passwordWeakness('Liverpool1')).toMatch(/^is a very common password: /);
    expect(await passwordWeakness('Summer2024!')).toMatch(/^is too similar to a common password: /);
  });

  it("refuses the user's own phone, e-mail or name", async () => {
    expect(await passwordWeakness('my-2025550123-pw', { phone: '+12025550123' })).toContain('phone');
    expect(await passwordWeakness('ana.lima-rocks!', { email: 'ana.lima@example.com' })).toContain('e-mail');
    expect(await passwordWeakness('okafor2024!', { name: 'Bea Okafor' })).toContain('name');
  });
});

describe('hashPassword', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('sunset-ravioli-42');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'sunset-ravioli-42')).toBe(true);
    expect(await verifyPassword(hash, 'sunset-ravioli-43')).toBe(false);
    expect(await verifyPassword('not a hash', 'anything')).toBe(false);
  });
});
