/**
 * Availability search under load: 10,000 vehicles and 1,000,000 bookings on the PostgreSQL server,
 * the inventory service in its own process, autocannon with 50 connections for 10 s over varied
 * date windows, model filters and distance searches; a Fastify hello-world is the baseline.
 * The seeded database is kept and reused by the next run with the same seed (see seededDatabase);
 * `--fresh` seeds it again.
 * Usage: npm run bench:availability [-- --vehicles 10000 --bookings-per-vehicle 100 --duration 10 --fresh]
 */
import { sql } from 'kysely';
import { VEHICLE_MODELS } from '@cybertacotruck/contracts';
import { CalendarRepository } from '../services/inventory/src/modules/calendar/calendar.repository';
import type { InventoryTables } from '../services/inventory/src/tables';
import {
  asCustomer,
  DAY_MS,
  HOUR_MS,
  flagArg,
  load,
  log,
  numberArg,
  seconds,
  seedBookings,
  seedFleet,
  seededDatabase,
  startHelloWorld,
  startInventory,
  summary,
} from './calendar/shared';

const VEHICLES = numberArg('vehicles', 10_000);
const PER_VEHICLE = numberArg('bookings-per-vehicle', 100);
const DURATION = numberArg('duration', 10);
const TARGET_P99_MS = 25;
const TARGET_SHARE = 0.25;

const hourAligned = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

/** What customers search: 1–7 days starting within the next 6 weeks; a model; or near a point. */
function randomSearch(): string {
  const from = hourAligned + Math.floor(Math.random() * 42 * 24) * HOUR_MS;
  const to = from + (1 + Math.floor(Math.random() * 7)) * DAY_MS;
  const query = new URLSearchParams({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  const shape = Math.random();
  if (shape < 0.3) query.set('model', pick(VEHICLE_MODELS));
  else if (shape < 0.6) {
    query.set(
      'near',
      `${(37.3 + Math.random() * 0.8).toFixed(4)},${(-122.6 + Math.random() * 0.8).toFixed(4)}`,
    );
    query.set('radiusMi', '10');
  }
  return `/api/v1/availability?${query.toString()}`;
}

const started = performance.now();
log(`availability benchmark: ${VEHICLES} vehicles × ${PER_VEHICLE} bookings on PostgreSQL`);
let t = performance.now();
const { test, reused } = await seededDatabase({
  name: 'availability',
  params: { vehicles: VEHICLES, perVehicle: PER_VEHICLE },
  fresh: flagArg('fresh'),
  seed: async (db) => {
    await seedFleet(db, VEHICLES);
    await seedBookings(db, PER_VEHICLE);
  },
});
let inventory: Awaited<ReturnType<typeof startInventory>> | undefined;
let hello: Awaited<ReturnType<typeof startHelloWorld>> | undefined;
try {
  const { rows } = await sql<{ claims: number; seededAt: Date }>`
    select (select count(*)::int from inventory.vehicle_claim) as claims,
      (select seeded_at from public.bench_seed) as "seededAt"`.execute(test.db.kysely);
  log(
    reused
      ? `reused the database seeded ${rows[0]?.seededAt.toISOString() ?? '?'} with ${rows[0]?.claims ?? 0} bookings (--fresh to seed again), ${seconds(t)}`
      : `seeded ${rows[0]?.claims ?? 0} bookings in ${seconds(t)}`,
  );

  // The plans PostgreSQL picks for the three shapes of search, on this data.
  const repo = new CalendarRepository(test.db.kysely.withTables<InventoryTables>());
  const from = new Date(hourAligned + 10 * DAY_MS);
  const shapes = {
    'by name': { model: undefined, near: undefined },
    model_y: { model: 'model_y' as const, near: undefined },
    'near, 10 mi': { model: undefined, near: { latitude: 37.7, longitude: -122.2 }, radiusMi: 10 },
  };
  for (const [name, shape] of Object.entries(shapes)) {
    const query = repo.availabilityQuery({
      from,
      to: new Date(from.getTime() + 3 * DAY_MS),
      radiusMi: undefined,
      limit: 51,
      offset: 0,
      ...shape,
    });
    const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, summary) ${query}`.execute(
      test.db.kysely,
    );
    const lines = plan.rows.map((r) => r['QUERY PLAN']);
    log(
      `\nEXPLAIN ANALYZE, search ${name}: ${lines.filter((l) => /(Planning|Execution) Time/.test(l)).join(', ')}`,
    );
    for (const line of lines.filter((l) => /->|^Limit/.test(l)).slice(0, 12)) {
      log(`  ${line.replace(/\s*\(cost=[^)]*\)/, '').slice(0, 150)}`);
    }
  }

  inventory = await startInventory(test.target.kind === 'postgres' ? test.target.url : '');
  hello = await startHelloWorld();
  t = performance.now();
  // Warm both (JIT, connection pool, shared buffers) before measuring.
  await load({
    url: inventory.url,
    duration: 3,
    headers: asCustomer,
    requests: [{ setupRequest: (r) => ({ ...r, path: randomSearch() }) }],
  });
  await load({ url: hello.url, duration: 2 });

  const search = await load({
    url: inventory.url,
    duration: DURATION,
    headers: asCustomer,
    requests: [{ setupRequest: (r) => ({ ...r, path: randomSearch() }) }],
  });
  const baseline = await load({ url: hello.url, duration: DURATION });
  log(`\nload: 50 connections × ${DURATION} s each (after a warm-up), ${seconds(t)}`);
  log(summary('GET /availability', search));
  log(summary('hello-world baseline', baseline));

  const share = search.requests.average / baseline.requests.average;
  const p99ok = search.latency.p99 <= TARGET_P99_MS;
  const shareOk = share >= TARGET_SHARE;
  const clean = search.non2xx === 0 && search.errors === 0 && search.timeouts === 0;
  log('');
  log(`p99 ${search.latency.p99} ms (target ≤ ${TARGET_P99_MS} ms): ${p99ok ? 'PASS' : 'NOT met'}`);
  log(
    `throughput ${(share * 100).toFixed(1)}% of baseline (target ≥ ${TARGET_SHARE * 100}%): ${shareOk ? 'PASS' : 'NOT met'}`,
  );
  log(
    `every response 200: ${clean ? 'PASS' : `NOT met (${search.non2xx} non-2xx, ${search.errors} errors)`}`,
  );
  log(`total ${seconds(started)}`);
  if (!clean) process.exitCode = 1;
} finally {
  await inventory?.stop();
  await hello?.stop();
  await test.dispose();
}
