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
    case 'WITH':
      // A data-modifying CTE: the outer statement (the first command word outside parentheses)
      // names the command; the CTEs' bodies are inside parentheses.
      return outerCommandOf(sql);
    default:
      return 'SELECT';
  }
}

/** The command word of a WITH statement's outer statement: depth 0, outside quotes and comments. */
function outerCommandOf(sql: string): Command {
  const words = /[a-z_]+/iy;
  let depth = 0;
  for (let i = 0; i < sql.length;) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      i = end < 0 ? sql.length : end + 1; // a doubled quote is two strings here: same depth
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      i++;
    } else if (depth === 0 && /[a-z_]/i.test(c)) {
      words.lastIndex = i;
      const word = (words.exec(sql)?.[0] ?? c).toUpperCase();
      if (word === 'SELECT' || word === 'VALUES' || word === 'TABLE') return 'SELECT';
      if (word === 'INSERT' || word === 'UPDATE' || word === 'DELETE' || word === 'MERGE') return word;
      i += word.length;
    } else i++;
  }
  return 'SELECT';
}
