import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config';
import { loadSecretBox } from './secret-keys';
import { SecretBox } from './secrets';

describe('loadSecretBox', () => {
  it('uses SECRET_KEYS when set', () => {
    const keyring = `k1:${SecretBox.generateKey()}`;
    const box = loadSecretBox(
      { NODE_ENV: 'production', DATA_DIR: '/nonexistent', SECRET_KEYS: keyring },
      'x',
    );
    expect(SecretBox.fromKeyring(keyring).open(box.seal('hello'))).toBe('hello');
  });

  it('refuses production without SECRET_KEYS, naming the key and what it seals', () => {
    expect(() => loadSecretBox({ NODE_ENV: 'production', DATA_DIR: '/nonexistent' }, 'Tesla tokens')).toThrow(
      ConfigError,
    );
    expect(() => loadSecretBox({ NODE_ENV: 'production', DATA_DIR: '/nonexistent' }, 'Tesla tokens')).toThrow(
      /SECRET_KEYS: got missing.*Tesla tokens/,
    );
  });

  it('outside production generates one key under DATA_DIR (0600) that every later load shares', () => {
    const dir = mkdtempSync(join(tmpdir(), 'secret-keys-'));
    const first = loadSecretBox({ NODE_ENV: 'development', DATA_DIR: dir }, 'a');
    const second = loadSecretBox({ NODE_ENV: 'development', DATA_DIR: dir }, 'b');
    expect(second.open(first.seal('shared'))).toBe('shared');
    expect(statSync(join(dir, 'secret-keys')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'secret-keys'), 'utf8')).toMatch(/^dev\d{8}:[A-Za-z0-9+/]{43}=\n$/);
  });
});
