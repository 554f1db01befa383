import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, SecretBox, type BaseConfig } from '@cybertacotruck/platform';
import type { InventoryConfig } from '../../config';

/**
 * The keyring that seals Tesla tokens. Production must configure SECRET_KEYS (from a secret store);
 * a laptop gets a key generated once under DATA_DIR (mode 0600), so data survives restarts.
 */
export function loadSecretBox(config: BaseConfig & InventoryConfig): SecretBox {
  if (config.SECRET_KEYS) return SecretBox.fromKeyring(config.SECRET_KEYS);
  if (config.NODE_ENV === 'production') {
    throw new ConfigError([
      'SECRET_KEYS is missing: production needs a keyring id:base64key (32-byte keys), e.g. from AWS Secrets Manager',
    ]);
  }
  const dir = resolve(config.DATA_DIR);
  const file = join(dir, 'secret-keys');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const id = `dev${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    try {
      writeFileSync(file, `${id}:${SecretBox.generateKey()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return SecretBox.fromKeyring(readFileSync(file, 'utf8').trim());
}
