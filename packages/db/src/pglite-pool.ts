import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Presents one PGlite instance to Kysely's own PostgresDriver as a pool of exactly one connection.
 * PGlite is a single session: a transaction must own it until COMMIT, so callers queue here.
 * No maintained Kysely dialect supports PGlite 0.5, and this adapter lets Kysely keep its
 * transaction and savepoint handling instead of a copy of it.
 */
export class PGlitePool implements PostgresPool {
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly pg: PGlite,
    private readonly acquireTimeoutMs = 30_000,
  ) {}

  async connect(): Promise<PostgresPoolClient> {
    if (this.#closed) throw new Error('database is closed');
    let release!: () => void;
    const previous = this.#tail;
    this.#tail = new Promise<void>((resolve) => (release = resolve));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new Error(
            `PGlite connection not free after ${this.acquireTimeoutMs} ms: is a query running outside its transaction?`,
          ),
        );
      }, this.acquireTimeoutMs);
    });
    try {
      await Promise.race([previous, timeout]);
    } catch (error) {
      // Our slot stays in the chain: release it once the holder before us is done.
      void previous.then(release);
      throw error;
    } finally {
      clearTimeout(timer);
    }
    const pg = this.pg;
    let released = false;
    const client = {
      async query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
        const result = await pg.query<R>(sql, parameters as unknown[]);
        return { command: commandOf(sql), rowCount: result.affectedRows ?? 0, rows: result.rows };
      },
      release() {
        if (released) return;
        released = true;
        release();
      },
    };
    // Kysely's PostgresPoolClient also types a cursor overload we never use (no `cursor` configured).
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    this.#closed = true;
    await this.#tail;
    await this.pg.close();
  }
}

type Command = PostgresQueryResult<unknown>['command'];

/** PGlite reports affected rows but not the command tag that Kysely reads them by. */
function commandOf(sql: string): Command {
  const keyword = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  switch (keyword) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'COMMIT':
    case 'ROLLBACK':
      return keyword;
    case 'WITH': {
      // A data-modifying CTE: the outer statement names the command.
      const outer = /\)\s*(insert|update|delete|merge)\b[^)]*$/i.exec(sql)?.[1]?.toUpperCase();
      return (outer as Command | undefined) ?? 'SELECT';
    }
    default:
      return 'SELECT';
  }
}
