import {
  PostgresQueryCompiler,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** What a simulated crash throws: the process is gone, nothing after it runs against the database. */
export class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

/**
 * A Kysely plugin that simulates a process dying at a chosen step, for crash-injection tests:
 * `db.withPlugin(crash)` is the doomed process's handle. When a statement whose SQL matches `after`
 * has executed (committed, outside a transaction; rolled back with it, inside one), or when `now()`
 * is called (a step that is not a statement: a provider call), the switch trips and every later
 * statement on that handle throws. Another handle on the same database (the restarted process)
 * is unaffected.
 */
export class CrashSwitch implements KyselyPlugin {
  crashed: string | null = null;
  /** The statement a `failOnce` switch failed. */
  failed: string | null = null;
  private readonly compiler = new PostgresQueryCompiler();
  private readonly sqlOf = new Map<string, string>();

  /**
   * `after`: trips once a matching statement has executed. `at`: trips instead of executing a
   * matching statement (the write is lost with the process). `failOnce`: a matching statement fails
   * once without executing and the process lives on (a connection blip).
   */
  constructor(
    private after: RegExp | null = null,
    private readonly mode: 'after' | 'at' | 'failOnce' = 'after',
  ) {}

  /** Trips the switch now (a step that is not a statement). */
  now(step: string): never {
    this.crashed = step;
    throw new SimulatedCrash(`the process died right after: ${step}`);
  }

  /** Throws if the process has died: for steps that are not statements (a provider call). */
  check(): void {
    if (this.crashed) throw new SimulatedCrash(`the process is gone (died after ${this.crashed})`);
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.check();
    if (!this.after) return args.node;
    const sql = this.compiler.compileQuery(args.node, args.queryId).sql;
    if (this.mode !== 'after' && this.after.test(sql)) {
      if (this.mode === 'at') this.now(`(lost) ${sql.slice(0, 80)}`);
      this.after = null;
      this.failed = sql.slice(0, 80);
      throw new Error(`connection lost (simulated) during: ${this.failed}`);
    }
    this.sqlOf.set(args.queryId.queryId, sql);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const sql = this.sqlOf.get(args.queryId.queryId);
    this.sqlOf.delete(args.queryId.queryId);
    this.check();
    if (sql !== undefined && this.mode === 'after' && this.after?.test(sql)) this.now(sql.slice(0, 80));
    return args.result;
  }
}
