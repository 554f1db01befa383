import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from './secrets';

const k1 = SecretBox.generateKey();
const k2 = SecretBox.generateKey();

describe('SecretBox', () => {
  it('seals and opens, never storing the plaintext, with a fresh IV each time', () => {
    const box = SecretBox.fromKeyring(`2026a:${k1}`);
    const a = box.seal('refresh-token-xyz', 'conn-1');
    const b = box.seal('refresh-token-xyz', 'conn-1');
    expect(a).not.toContain('refresh-token-xyz');
    expect(a).not.toBe(b);
    expect(a.startsWith('v1.2026a.')).toBe(true);
    expect(box.open(a, 'conn-1')).toBe('refresh-token-xyz');
  });

  it('refuses a ciphertext moved to another record or tampered with', () => {
    const box = SecretBox.fromKeyring(`k:${k1}`);
    const sealed = box.seal('secret', 'conn-1');
    expect(() => box.open(sealed, 'conn-2')).toThrow(SecretBoxError);
    const parts = sealed.split('.');
    const last = parts[4] ?? '';
    parts[4] = (last[0] === 'A' ? 'B' : 'A') + last.slice(1);
    expect(() => box.open(parts.join('.'), 'conn-1')).toThrow(SecretBoxError);
  });

  it('rotates keys: new secrets use the first key, old ones still open', () => {
    const old = SecretBox.fromKeyring(`old:${k1}`);
    const sealedOld = old.seal('t');
    const rotated = SecretBox.fromKeyring(`new:${k2},old:${k1}`);
    expect(rotated.open(sealedOld)).toBe('t');
    expect(SecretBox.keyIdOf(rotated.seal('t'))).toBe('new');
    const withoutOld = SecretBox.fromKeyring(`new:${k2}`);
    expect(() => withoutOld.open(sealedOld)).toThrow(/not in the keyring/);
  });

  it('seals bytes: the plaintext is not in them, they open only with their key and context', () => {
    const box = SecretBox.fromKeyring(`photos:${k1}`);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('a licence photo')]);
    const sealed = box.sealBytes(jpeg, 'user-1/front');
    expect(sealed.subarray(0, 4).toString()).toBe('CTB1');
    expect(sealed.includes(jpeg)).toBe(false);
    expect(box.openBytes(sealed, 'user-1/front').equals(jpeg)).toBe(true);
    expect(() => box.openBytes(sealed, 'user-1/back')).toThrow(SecretBoxError);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => box.openBytes(tampered, 'user-1/front')).toThrow(SecretBoxError);
    expect(() => box.openBytes(jpeg)).toThrow(/not sealed bytes/);
    const rotated = SecretBox.fromKeyring(`next:${k2},photos:${k1}`);
    expect(rotated.openBytes(sealed, 'user-1/front').equals(jpeg)).toBe(true);
  });

  it('refuses keys of the wrong size', () => {
    expect(() => SecretBox.fromKeyring('k:c2hvcnQ=')).toThrow(/32 bytes/);
  });
});
