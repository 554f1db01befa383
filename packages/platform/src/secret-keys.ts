import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, type BaseConfig } from './config';
import { SecretBox } from './secrets';

/**
 * The keyring a service seals its secrets at rest with (inventory: Tesla tokens; account:
 * registration links and reset codes until they are sent). Production must configure SECRET_KEYS
 * (from a secret store); a laptop gets a key generated once under DATA_DIR (mode 0600), shared by
 * every service of the process and kept across restarts. `sealing` names what the key protects, for
 * the error message.
 */
export function loadSecretBox(
  config: Pick<BaseConfig, 'NODE_ENV' | 'DATA_DIR'> & { SECRET_KEYS?: string | undefined },
  sealing: string,
): SecretBox {
  if (config.SECRET_KEYS) return SecretBox.fromKeyring(config.SECRET_KEYS);
  if (config.NODE_ENV === 'production')
    throw new ConfigError([
      `SECRET_KEYS: got missing; expected a keyring id:base64key (32-byte keys) in production, e.g. from AWS Secrets Manager (it seals ${sealing})`,
    ]);
  const dir = resolve(config.DATA_DIR);
  const file = join(dir, 'secret-keys');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const id = `dev${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    try {
      writeFileSync(file, `${id}:${SecretBox.generateKey()}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another service of the process (or another process) created it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  return SecretBox.fromKeyring(readFileSync(file, 'utf8').trim());
}
