import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import {
  Kysely,
  PostgresDialect,
  sql,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import pg from 'pg';
import { isDatabaseUnavailable } from './errors';
import { PGlitePool } from './pglite-pool';

export type DatabaseTarget =
  | {
      kind: 'postgres';
      url: string;
      poolMax?: number;
      applicationName?: string;
      /**
       * How long a query waits for a connection (a free one from the pool, or a new one opened)
       * before it fails as "database unavailable"; default 5000.
       */
      connectTimeoutMs?: number;
    }
  /** `dataDir: null` keeps the database in memory (tests). */
  | { kind: 'pglite'; dataDir: string | null };

/** The root handle. Each service narrows it to its own tables with `kysely.withTables<T>()`. */
export type AnyKysely = Kysely<object>;

export interface Database {
  readonly kind: DatabaseTarget['kind'];
  readonly kysely: AnyKysely;
  /** Round-trips one query; throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const OID = { int8: 20, date: 1082 } as const;

/**
 * One parsing policy for both engines, so code and tests see the same JS values:
 * bigint columns become numbers (we keep counts and minor units far below 2^53) and
 * `date` stays a 'YYYY-MM-DD' string (never a Date shifted into the server's time zone).
 */
const parseInt8 = (value: string) => Number(value);
const keepString = (value: string) => value;

export async function createDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === 'postgres' ? openPostgres(target) : openPGlite(target);
}

const types = new pg.TypeOverrides();
types.setTypeParser(OID.int8, parseInt8);
types.setTypeParser(OID.date, keepString);

function openPostgres(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Database {
  const pool = new pg.Pool({
    connectionString: target.url,
    max: target.poolMax ?? 10,
    application_name: target.applicationName ?? 'cybertacotruck',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: target.connectTimeoutMs ?? 5_000,
    // After a failover the old server may vanish without closing its sockets: probe idle ones so a
    // half-open connection is found dead instead of being handed out.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types,
  });
  // A connection that dies (a terminated backend, a failover, a restart) is an error of the
  // operation using it, never of the process. node-postgres emits 'error' on the client when its
  // socket closes: the pool listens while the client is idle (and drops it); while a query or a
  // transaction holds it nobody does, and an unheard 'error' event is an uncaught exception. The
  // operation itself still fails (its query rejects, or the next one finds the client not
  // queryable), and the pool discards the client on release, so the next operation reconnects.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const kysely = new Kysely<object>({ dialect: new PostgresDialect({ pool: discardingLostClients(pool) }) });
  return wrap('postgres', kysely);
}

/**
 * The pool as Kysely sees it, with one change: a client whose query failed because its connection
 * was lost goes back destroyed. The server's FATAL (57P01) reaches the query before the socket's
 * close reaches the client, and the pool would otherwise hand the dead client to the next
 * operation in between.
 */
function discardingLostClients(pool: pg.Pool): PostgresPool {
  return {
    async connect() {
      const client = await pool.connect();
      let lost = false;
      const adapted = {
        async query<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
          try {
            const result = await client.query(text, parameters as unknown[]);
            return result as unknown as PostgresQueryResult<R>;
          } catch (error) {
            if (isDatabaseUnavailable(error)) lost = true;
            throw error;
          }
        },
        release(destroy?: boolean) {
          client.release(destroy === true || lost);
        },
      };
      // Kysely's PostgresPoolClient also types a cursor overload we never use (no `cursor` configured).
      return adapted as unknown as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

/**
 * The data dir holds password hashes, sealed tokens and SMS bodies: owner-only. New files are
 * created 0600/0700 (the process's umask gains 077: PGlite writes files for as long as it runs,
 * and so do the other writers under DATA_DIR, e.g. the development keyring), and what an older
 * version left readable by others is tightened once at open.
 */
function protectDataDir(dir: string): void {
  const previous = process.umask(0o077);
  process.umask(previous | 0o077);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, true);
}

/** chmod go-rwx under `path`: PGlite unpacks a new cluster's files with their own (0666) modes. */
function tighten(path: string, isDir: boolean): void {
  chmodSync(path, isDir ? 0o700 : 0o600);
  if (!isDir) return;
  for (const entry of readdirSync(path, { withFileTypes: true }))
    if (entry.isDirectory() || entry.isFile()) tighten(join(path, entry.name), entry.isDirectory());
}

async function openPGlite(target: Extract<DatabaseTarget, { kind: 'pglite' }>): Promise<Database> {
  if (target.dataDir) protectDataDir(target.dataDir);
  const pglite = await PGlite.create(target.dataDir ?? undefined, {
    extensions: { btree_gist },
    parsers: { [OID.int8]: parseInt8, [OID.date]: keepString },
  });
  if (target.dataDir) tighten(target.dataDir, true);
  const kysely = new Kysely<object>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) }) });
  return wrap('pglite', kysely);
}

function wrap(kind: Database['kind'], kysely: AnyKysely): Database {
  let closed: Promise<void> | undefined;
  return {
    kind,
    kysely,
    async ping() {
      await sql`select 1`.execute(kysely);
    },
    close() {
      closed ??= kysely.destroy();
      return closed;
    },
  };
}
