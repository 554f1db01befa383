import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts secrets at rest (Tesla tokens, session keys) with AES-256-GCM. Every ciphertext names
 * the key that sealed it, so keys rotate: new writes use the first key, old rows still open with
 * theirs until re-sealed. Format: `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts).
 */
export class SecretBox {
  readonly activeKeyId: string;
  readonly #keys: Map<string, Buffer>;

  constructor(keys: Array<{ id: string; key: Buffer }>) {
    const [active] = keys;
    if (!active) throw new Error('SecretBox needs at least one key');
    for (const { id, key } of keys) {
      if (key.length !== 32) throw new Error(`key ${id} must be 32 bytes, got ${key.length}`);
      if (!/^[\w-]{1,32}$/.test(id)) throw new Error(`key id ${id} must be 1-32 characters of [A-Za-z0-9_-]`);
    }
    this.activeKeyId = active.id;
    this.#keys = new Map(keys.map(({ id, key }) => [id, key]));
  }

  /** Parses `id:base64key[,id:base64key…]`, the first being the key new secrets are sealed with. */
  static fromKeyring(keyring: string): SecretBox {
    return new SecretBox(
      keyring.split(',').map((entry) => {
        const [id, key] = entry.trim().split(':');
        if (!id || !key) throw new Error('each keyring entry must be id:base64key');
        return { id, key: Buffer.from(key, 'base64') };
      }),
    );
  }

  static generateKey(): string {
    return randomBytes(32).toString('base64');
  }

  /** `context` (e.g. a row id) is authenticated too: a ciphertext moved to another row fails to open. */
  seal(plaintext: string, context = ''): string {
    const key = this.#keys.get(this.activeKeyId);
    if (!key) throw new Error('active key missing');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.activeKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  open(sealed: string, context = ''): string {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== 'v1' || !keyId || !iv || !tag || ciphertext === undefined)
      throw new SecretBoxError('not a sealed secret');
    const key = this.#keys.get(keyId);
    if (!key) throw new SecretBoxError(`sealed with key "${keyId}", which is not in the keyring`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'the secret does not open with its key (tampered, or moved to another record)',
      );
    }
  }

  /**
   * Seals bytes (a photo, a file) the same way, as bytes: `CTB1`, the key id's length and the key
   * id, the 12-byte IV, the 16-byte tag, then the ciphertext. `context` is authenticated too.
   */
  sealBytes(plaintext: Uint8Array, context = ''): Buffer {
    const key = this.#keys.get(this.activeKeyId);
    if (!key) throw new Error('active key missing');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(context));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const keyId = Buffer.from(this.activeKeyId);
    return Buffer.concat([BYTES_MAGIC, Buffer.of(keyId.length), keyId, iv, cipher.getAuthTag(), ciphertext]);
  }

  openBytes(sealed: Uint8Array, context = ''): Buffer {
    const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (data.length < 5 || !data.subarray(0, 4).equals(BYTES_MAGIC))
      throw new SecretBoxError('not sealed bytes');
    const idLength = data[4] ?? 0;
    const ivAt = 5 + idLength;
    if (data.length < ivAt + 28) throw new SecretBoxError('not sealed bytes');
    const keyId = data.subarray(5, ivAt).toString('utf8');
    const key = this.#keys.get(keyId);
    if (!key) throw new SecretBoxError(`sealed with key "${keyId}", which is not in the keyring`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(ivAt, ivAt + 12));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(data.subarray(ivAt + 12, ivAt + 28));
      return Buffer.concat([decipher.update(data.subarray(ivAt + 28)), decipher.final()]);
    } catch {
      throw new SecretBoxError('the bytes do not open with their key (tampered, or moved to another record)');
    }
  }

  /** The key id a sealed value names, to find rows still sealed with a retired key. */
  static keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }
}

const BYTES_MAGIC = Buffer.from('CTB1');

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}
