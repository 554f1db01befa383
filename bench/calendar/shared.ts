/**
 * What the calendar benchmarks share: a fresh database on the PostgreSQL server, a fleet seeded
 * set-based, the real inventory service as its own process on a real port, a Fastify hello-world
 * baseline, and autocannon runs summarised the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon, { type Result } from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase, migrateSchema, type Database, type DatabaseTarget } from '@cybertacotruck/db';
import { adminUrl, createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { SecretBox } from '@cybertacotruck/platform';
import { ONE_CLIENT_LOAD_ENV } from '@cybertacotruck/platform/testing';
// The same test stand-in for sessions that serve.ts mounts (principalStub).
export { asCustomer, asOperator } from '@cybertacotruck/platform/testing';
import { inventoryMigrations } from '../../services/inventory/src/migrations';

export const root = new URL('../..', import.meta.url).pathname;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;
export const log = (line: string) => process.stdout.write(`${line}\n`);

/** `--name value` from the command line, as a number, or the fallback. */
export const numberArg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** `--name` given on the command line. */
export const flagArg = (name: string): boolean => process.argv.includes(`--${name}`);

export async function freshDatabase(): Promise<TestDatabase> {
  const test = await createTestDatabase('postgres');
  await migrateSchema(test.db, inventoryMigrations);
  return test;
}

/** Bump when seedFleet or seedBookings change what they write: older seeded databases are then rebuilt. */
const SEED_VERSION = 2;
/** Bookings are laid out from the seeding hour; a database seeded longer ago than this is rebuilt. */
const SEED_MAX_AGE_DAYS = 7;

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/**
 * A database on the PostgreSQL server seeded by `seed` and kept between runs: a benchmark that only
 * reads (bench:availability) reuses it when it was seeded with the same parameters and SEED_VERSION
 * less than SEED_MAX_AGE_DAYS ago, else (or with `fresh`) it is dropped and seeded again. Pending
 * inventory migrations are applied either way, so a new migration is measured on the kept data.
 * The seed is recorded (`public.bench_seed`) only once it completed; `dispose` keeps the database.
 */
export async function seededDatabase(options: {
  name: string;
  params: Record<string, number>;
  fresh: boolean;
  seed: (db: Database) => Promise<void>;
}): Promise<{ test: TestDatabase; reused: boolean }> {
  const name = `ctt_bench_${options.name}`;
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const target: DatabaseTarget = { kind: 'postgres', url: url.toString(), poolMax: 20 };
  const fingerprint = JSON.stringify({ ...options.params, version: SEED_VERSION });
  const open = async () => {
    const db = await createDatabase(target);
    return { db, target, dispose: () => db.close() };
  };

  if (!options.fresh) {
    try {
      const test = await open();
      const { rows } = await sql<{ fingerprint: string; fresh: boolean }>`
        select fingerprint, seeded_at > now() - make_interval(days => ${SEED_MAX_AGE_DAYS}) as fresh
        from public.bench_seed`
        .execute(test.db.kysely)
        .catch(() => ({ rows: [] }));
      if (rows[0]?.fingerprint === fingerprint && rows[0].fresh) {
        await migrateSchema(test.db, inventoryMigrations);
        return { test, reused: true };
      }
      await test.dispose();
    } catch {
      // no such database yet
    }
  }
  await adminQuery(`drop database if exists ${name} with (force)`);
  await adminQuery(`create database ${name}`);
  const test = await open();
  await migrateSchema(test.db, inventoryMigrations);
  await options.seed(test.db);
  await sql`create table public.bench_seed (fingerprint text not null, seeded_at timestamptz not null)`.execute(
    test.db.kysely,
  );
  await sql`insert into public.bench_seed values (${fingerprint}, now())`.execute(test.db.kysely);
  return { test, reused: false };
}

/**
 * `count` vehicles in service, a fifth of each model, parked around the San Francisco Bay
 * (37.3–38.1 N, 122.6–121.8 W) with battery and range; deterministic per vehicle number.
 */
export async function seedFleet(db: Database, count: number): Promise<void> {
  await sql`
    insert into inventory.vehicle (vin, model, display_name, color, model_year)
    select 'BENCH' || lpad(g::text, 12, '0'),
      (array['model_3', 'model_y', 'model_s', 'model_x', 'cybertruck'])[1 + g % 5],
      'Car ' || lpad(g::text, 5, '0'),
      (array['Pearl White', 'Solid Black', 'Ultra Red', 'Deep Blue'])[1 + g % 4],
      2020 + g % 6
    from generate_series(1, ${count}::int) g`.execute(db.kysely);
  await sql`
    insert into inventory.vehicle_live_state
      (vehicle_id, connectivity, activity, latitude, longitude, battery_level, range_mi, data_as_of)
    select id, 'online', 'parked',
      37.3 + (hashtext(vin || 'lat') & 1023) / 1280.0,
      -122.6 + (hashtext(vin || 'lon') & 1023) / 1280.0,
      20 + (hashtext(vin) & 63), 60 + (hashtext(vin) & 255), now()
    from inventory.vehicle`.execute(db.kysely);
  // Planner statistics, as autovacuum would gather them (it may be off on a test server).
  await sql`analyze inventory.vehicle, inventory.vehicle_live_state`.execute(db.kysely);
}

/**
 * `perVehicle` bookings on every vehicle, one after another from a year ago: each lasts 1–5 days
 * after a gap of 0–10 days (pseudo-random per vehicle and booking, deterministic), so a vehicle is
 * booked about 3/8 of the time and no two of its bookings overlap. Set-based, one statement per
 * CPU over disjoint vehicles; the exclusion constraint checks every row as it goes in.
 */
export async function seedBookings(db: Database, perVehicle: number, parts = 2): Promise<void> {
  await Promise.all(
    Array.from({ length: parts }, (_, part) =>
      sql`
        insert into inventory.vehicle_claim (vehicle_id, kind, period)
        select id, 'booking', tstzrange(ends - duration, ends, '[)')
        from (
          select v.id, duration,
            date_trunc('hour', now()) - interval '365 days'
              + sum(gap + duration) over (partition by v.id order by k) as ends
          from inventory.vehicle v
          cross join generate_series(0, ${perVehicle - 1}::int) k
          cross join lateral (
            select ((hashtext(v.vin || k::text) & 65535) % 241) * interval '1 hour' as gap,
              (24 + (hashtext(k::text || v.vin) & 65535) % 97) * interval '1 hour' as duration
          ) r
          where (hashtext(v.vin) & 1023) % ${parts}::int = ${part}::int
        ) b`.execute(db.kysely),
    ),
  );
  await sql`vacuum analyze inventory.vehicle_claim`.execute(db.kysely);
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });

export interface Started {
  url: string;
  stop(): Promise<void>;
}

async function startChild(args: string[], env: Record<string, string>, readyPath: string): Promise<Started> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      // A benchmark is one client sending thousands of requests: no rate or per-customer limits.
      ...ONE_CLIENT_LOAD_ENV,
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${args.join(' ')} not ready after 60 s`);
    }
    try {
      if ((await fetch(`${url}${readyPath}`)).status === 200) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The inventory service in its own process (see serve.ts) against `databaseUrl`. */
export async function startInventory(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ctt-bench-calendar-'));
  const started = await startChild(
    ['--import', 'tsx', 'bench/calendar/serve.ts'],
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: '20',
      MIGRATE_ON_START: 'false',
      DATA_DIR: dataDir,
      SECRET_KEYS: `bench:${SecretBox.generateKey()}`,
      TESLA_SYNC: 'false',
      ...env,
    },
    '/health/ready',
  );
  return {
    url: started.url,
    async stop() {
      await started.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A bare Fastify hello-world in its own process: what this machine serves with no work per request. */
export function startHelloWorld(): Promise<Started> {
  const fastify = join(root, 'node_modules/fastify/fastify.js');
  const code = `import Fastify from '${fastify}';
    const app = Fastify(); app.get('/', async () => ({ hello: 'world' }));
    await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });`;
  return startChild(['--input-type=module', '-e', code], {}, '/');
}

export type Load = Parameters<typeof autocannon>[0];

/** Who the load says it is (see serve.ts). */

export async function load(options: Load): Promise<Result> {
  return autocannon({ connections: 50, duration: 10, timeout: 10, ...options });
}

export const statusCounts = (r: Result) =>
  Object.entries(r.statusCodeStats)
    .map(([code, { count }]) => `${code}×${count}`)
    .join(' ');

export function summary(label: string, r: Result): string {
  return `${label.padEnd(22)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(
    r.latency.p50,
  ).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   max ${String(r.latency.max).padStart(
    5,
  )} ms   errors ${r.errors + r.timeouts}   [${statusCounts(r)}]`;
}
