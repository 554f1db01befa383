import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { AccountTables } from '../../tables';

/**
 * Where licence photos are kept, already sealed (the store never sees a photo in the clear):
 * S3 in production, a local directory in development and tests, PostgreSQL in a cluster with no
 * object storage (LICENCE_PHOTO_IN_DATABASE). Keys are the service's own
 * (`<userId>/<uuid>-<kind>`), never anything a client chose.
 */
export interface PhotoStore {
  readonly kind: 's3' | 'local' | 'database';
  put(key: string, sealed: Buffer): Promise<void>;
  /** The sealed bytes, or null when there is no such object. */
  get(key: string): Promise<Buffer | null>;
  /** Deletes it; a missing object is not an error. */
  delete(key: string): Promise<void>;
}

const SAFE_KEY = /^[0-9a-f-]{36}\/[0-9a-f-]{36}-(front|back|selfie)$/;

function checkKey(key: string): string {
  // Keys are made by the service; this guards the directory store against a path ever escaping it.
  if (!SAFE_KEY.test(key)) throw new Error(`not a photo key: ${key}`);
  return key;
}

/** A directory (under DATA_DIR by default), owner-only: 0700 folders, 0600 files. */
export class LocalPhotoStore implements PhotoStore {
  readonly kind = 'local';
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  pathOf(key: string): string {
    return join(this.root, `${checkKey(key)}.sealed`);
  }

  async put(key: string, sealed: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // Written whole then renamed: a reader never sees half a photo.
    const partial = `${path}.${randomUUID()}.partial`;
    await writeFile(partial, sealed, { mode: 0o600 });
    await rename(partial, path);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

export interface S3PhotoStoreOptions {
  bucket: string;
  prefix: string;
  /** An S3-compatible endpoint (MinIO, LocalStack); unset = AWS S3 in AWS_REGION. */
  endpoint?: string | undefined;
  client?: S3Client;
}

/**
 * S3 through the AWS SDK v3. Credentials and region come from the SDK's default chain (the pod's
 * IAM role on EKS, AWS_* in the environment elsewhere). Objects are written with SSE-S3 on top of
 * our own sealing, so a bucket policy that requires encryption is satisfied.
 */
export class S3PhotoStore implements PhotoStore {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(private readonly options: S3PhotoStoreOptions) {
    this.client =
      options.client ??
      new S3Client({
        ...(options.endpoint ? { endpoint: options.endpoint, forcePathStyle: true } : {}),
      });
  }

  private objectKey(key: string): string {
    return `${this.options.prefix}${checkKey(key)}`;
  }

  async put(key: string, sealed: Buffer): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: this.objectKey(key),
        Body: sealed,
        ContentType: 'application/octet-stream',
        ServerSideEncryption: 'AES256',
      }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
      );
      if (!answer.Body) return null;
      return Buffer.from(await answer.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }),
    );
  }
}

/** Sealed photos in `account.licence_photo_object`: shared by every replica, backed up with the rest. */
export class DatabasePhotoStore implements PhotoStore {
  readonly kind = 'database';

  constructor(private readonly db: Kysely<AccountTables>) {}

  async put(key: string, sealed: Buffer): Promise<void> {
    await this.db
      .insertInto('account.licence_photo_object')
      .values({ key: checkKey(key), sealed })
      .onConflict((c) => c.column('key').doUpdateSet({ sealed }))
      .execute();
  }

  async get(key: string): Promise<Buffer | null> {
    const row = await this.db
      .selectFrom('account.licence_photo_object')
      .select('sealed')
      .where('key', '=', checkKey(key))
      .executeTakeFirst();
    return row ? Buffer.from(row.sealed) : null;
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('account.licence_photo_object').where('key', '=', checkKey(key)).execute();
  }
}
