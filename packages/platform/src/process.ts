import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { postgresBusMigrations } from '@cybertacotruck/bus';
import { createDatabase, migrateSchema, type Database } from '@cybertacotruck/db';
import { databaseTargetFrom, type BaseConfig, type Env } from './config';
import { registerDistributedParts } from './distributed';
import type { ForwardTo } from './forward';
import { createServer } from './server';
import type { ServiceContext, ServiceDefinition } from './service';

export interface RunOptions {
  config: BaseConfig;
  services: ServiceDefinition[];
  processName: string;
  webRoot?: string;
  env?: Env;
  /** Distributed BFF: forward the API of these services (not mounted here) to their URLs (forward.ts). */
  forwardTo?: ForwardTo;
  /** Where log lines go (default stdout); tests read them. */
  logStream?: { write(line: string): void };
}

export interface RunningProcess {
  app: FastifyInstance;
  db: Database;
  url: string;
  /**
   * Refuses new requests, finishes the ones in flight, stops workers, closes the server and then
   * the database. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Applies every mounted service's pending migrations, in the order given; without Kafka, also the
 * `bus` schema of the PostgreSQL event log.
 */
export async function migrateAll(
  db: Database,
  services: ServiceDefinition[],
  config: Pick<BaseConfig, 'KAFKA_BROKERS'> = {},
): Promise<Record<string, string[]>> {
  const applied: Record<string, string[]> = {};
  if (!config.KAFKA_BROKERS) applied.bus = await migrateSchema(db, postgresBusMigrations);
  for (const service of services) applied[service.name] = await migrateSchema(db, service.migrations);
  return applied;
}

/** config → database → migrations → server → workers → listen. The same for one service or four. */
export async function startProcess(options: RunOptions): Promise<RunningProcess> {
  const { config, services } = options;
  // Where start-up time goes, logged once at ready (bench/startup.mjs measures the total).
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = Math.round(now - mark);
    mark = now;
  };
  const db = await createDatabase(databaseTargetFrom(config, `cybertacotruck-${options.processName}`));
  phase('databaseMs');
  try {
    if (config.MIGRATE_ON_START) await migrateAll(db, services, config);
    phase('migrationsMs');
    const env = options.env ?? process.env;
    const app = await createServer({ ...options, db, env });
    // The BFF of the distributed topology forwards the API of services in other processes.
    await registerDistributedParts(app, { services, forwardTo: options.forwardTo });
    phase('serverMs');
    const ctx: ServiceContext = {
      db,
      config,
      env,
      logger: app.log,
      peers: app.peers,
      bus: app.bus,
      metrics: app.metrics,
      stopping: app.stopWork.signal,
    };
    // Named, so a shutdown that overruns says what it still waits for (see close()).
    const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
    const pending = new Set<string>();
    let stopped: Promise<unknown> | undefined;
    // Waits in workers (and in requests the drain gave up on) end as the workers are asked to stop.
    const stopWorkers = () => {
      if (!stopped) {
        app.stopWork.abort();
        stopped = Promise.allSettled(
          stops.map(async ({ name, stop }) => {
            pending.add(name);
            try {
              await stop();
            } finally {
              pending.delete(name);
            }
          }),
        );
      }
      return stopped;
    };
    // Before any worker starts: a worker's first tick may call a peer, and app.inject boots the
    // server, after which no hook can be added.
    app.addHook('onClose', async () => {
      await stopWorkers();
    });
    for (const service of services.filter((s) => s.outbox))
      stops.push({
        name: `relay:${service.name}`,
        stop: await app.bus.startRelay(service.migrations.schema),
      });
    for (const worker of services.flatMap((s) => s.workers ?? [])) {
      const stop = await worker.start({ ...ctx, logger: app.log.child({ worker: worker.name }) });
      stops.push({ name: worker.name, stop });
    }
    phase('workersMs');
    const address = await app.listen({ host: config.HOST, port: config.PORT });
    phase('listenMs');
    app.log.info({ startup: { ...phases, sinceProcessStartMs: Math.round(performance.now()) } }, 'started');
    let closing: Promise<void> | undefined;
    return {
      app,
      db,
      url: publicUrl(address),
      close() {
        // In this order: refuse new requests and let the admitted ones (and the peer calls they
        // make) finish, for half the grace period at most (drain.ts); stop the workers and relays
        // while the server still answers their peer calls; close the server; close the database.
        if (closing) return closing;
        let step = 'drain';
        const started = performance.now();
        // Before the grace period runs out (and the process is killed), say what is still running.
        const overrun = setTimeout(() => {
          app.log.warn(
            { step, waitingFor: [...pending], elapsedMs: Math.round(performance.now() - started) },
            'shutdown is slow',
          );
        }, config.SHUTDOWN_GRACE_MS * 0.75);
        overrun.unref();
        const took: Record<string, number> = {};
        let mark = started;
        const next = (name: string) => () => {
          const now = performance.now();
          took[`${step}Ms`] = Math.round(now - mark);
          mark = now;
          step = name;
        };
        closing = app.drain
          .start(config.SHUTDOWN_GRACE_MS / 2)
          .then(next('workers'))
          .then(stopWorkers)
          .then(next('server'))
          .then(() => app.close())
          .finally(() => {
            next('database')();
            return db.close();
          })
          .finally(() => {
            clearTimeout(overrun);
            next('')();
            app.log.info({ shutdown: took }, 'closed');
          });
        return closing;
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}

function publicUrl(address: string): string {
  const url = new URL(address);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = 'localhost';
  return url.toString().replace(/\/$/, '');
}

/** Closes the process on SIGINT/SIGTERM or a crash, waiting up to the grace period. */
export function closeOnSignals(running: RunningProcess, graceMs: number): void {
  closeWithGrace({ delay: graceMs }, async ({ signal, err }) => {
    if (err) running.app.log.error({ err }, 'closing after an unhandled error');
    else running.app.log.info({ signal }, 'closing');
    await running.close();
  });
}
