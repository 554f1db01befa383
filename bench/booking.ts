/**
 * Holds under load against the inventory service in its own process on the PostgreSQL server:
 * 1. throughput — non-conflicting holds spread over many vehicles (every one should be 201);
 * 2. contention — overlapping holds on a few vehicles from 50 connections, then a SQL check that
 *    no two active claims on one vehicle overlap (zero double bookings) and 201s = rows stored;
 * 3. a burst of 200 simultaneous holds for overlapping periods on one vehicle: exactly one wins.
 * Usage: npm run bench:booking [-- --vehicles 2000 --contended 10 --duration 10]
 */
import { sql } from 'kysely';
import {
  asOperator,
  DAY_MS,
  HOUR_MS,
  freshDatabase,
  load,
  log,
  numberArg,
  seconds,
  seedFleet,
  startInventory,
  statusCounts,
  summary,
} from './calendar/shared';

const VEHICLES = numberArg('vehicles', 2_000);
const CONTENDED = numberArg('contended', 10);
const DURATION = numberArg('duration', 10);
const BURST = 200;

const base = Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + DAY_MS;
const iso = (ms: number) => new Date(ms).toISOString();
const json = { ...asOperator, 'content-type': 'application/json' };

const started = performance.now();
const test = await freshDatabase();
let inventory: Awaited<ReturnType<typeof startInventory>> | undefined;
try {
  const db = test.db.kysely;
  await seedFleet(test.db, VEHICLES);
  const ids = (await sql<{ id: string }>`select id from inventory.vehicle order by vin`.execute(db)).rows.map(
    (r) => r.id,
  );
  inventory = await startInventory(test.target.kind === 'postgres' ? test.target.url : '');
  log(`booking benchmark: ${VEHICLES} vehicles on PostgreSQL, 50 connections × ${DURATION} s per run`);

  // 1. Every request a different (vehicle, day): nothing should conflict.
  let n = 0;
  const spread = await load({
    url: inventory.url,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        headers: json,
        setupRequest: (request) => {
          const i = n++;
          const from = base + Math.floor(i / ids.length) * DAY_MS;
          return {
            ...request,
            path: `/api/v1/vehicles/${ids[i % ids.length] ?? ''}/holds`,
            body: JSON.stringify({ from: iso(from), to: iso(from + DAY_MS - HOUR_MS) }),
          };
        },
      },
    ],
  });
  const spreadCreated = spread['2xx'];
  log('');
  log(summary('holds, no conflicts', spread));
  log(`  ${(spreadCreated / DURATION).toFixed(0)} holds/s stored; refused ${spread.non2xx} (expected 0)`);

  // 2. Random overlapping periods on a few vehicles.
  const contended = ids.slice(0, CONTENDED);
  const contention = await load({
    url: inventory.url,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        headers: json,
        setupRequest: (request) => {
          const from = base + 60 * DAY_MS + Math.floor(Math.random() * 7 * 24) * HOUR_MS;
          const to = from + (4 + Math.floor(Math.random() * 44)) * HOUR_MS;
          const vehicle = contended[Math.floor(Math.random() * contended.length)] ?? '';
          return {
            ...request,
            path: `/api/v1/vehicles/${vehicle}/holds`,
            body: JSON.stringify({ from: iso(from), to: iso(to) }),
          };
        },
      },
    ],
  });
  // autocannon stops with up to 50 requests in flight: let the server finish them first.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const { rows } = await sql<{ stored: number; overlaps: number }>`
    select
      (select count(*)::int from inventory.vehicle_claim where vehicle_id = any(${contended}::uuid[])) as stored,
      (select count(*)::int from inventory.vehicle_claim a join inventory.vehicle_claim b
         on a.vehicle_id = b.vehicle_id and a.id < b.id and a.period && b.period
       where a.status = 'active' and b.status = 'active') as overlaps`.execute(db);
  const check = rows[0] ?? { stored: -1, overlaps: -1 };
  const other = contention.non2xx - (contention.statusCodeStats['409']?.count ?? 0);
  log('');
  log(summary(`contention, ${CONTENDED} cars`, contention));
  log(
    `  ${(contention['2xx'] / DURATION).toFixed(0)} holds/s won, ${(contention.requests.total / DURATION).toFixed(0)} attempts/s; stored ${check.stored} for ${contention['2xx']} × 201`,
  );

  // 3. A burst: 200 at once for periods that all share one hour, on one vehicle.
  const target = ids[CONTENDED] ?? '';
  const burst = await Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      fetch(`${inventory?.url ?? ''}/api/v1/vehicles/${target}/holds`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({
          from: iso(base + 90 * DAY_MS + (i % 23) * HOUR_MS),
          to: iso(base + 90 * DAY_MS + (24 + (i % 17)) * HOUR_MS),
        }),
      }).then(async (r) => ({
        status: r.status,
        type: r.headers.get('content-type') ?? '',
        body: await r.text(),
      })),
    ),
  );
  const won = burst.filter((r) => r.status === 201).length;
  const problems = burst.filter(
    (r) =>
      r.status === 409 &&
      r.type.includes('application/problem+json') &&
      r.body.includes('vehicle-unavailable'),
  ).length;
  log('');
  log(`burst of ${BURST} overlapping holds on one vehicle: ${won} × 201, ${problems} × 409 problem+json`);

  const verdicts = [
    ['non-conflicting holds all stored', spread.non2xx === 0 && spread.errors === 0],
    ['zero double bookings (SQL check)', check.overlaps === 0],
    // Requests cut off when a run ends still commit: up to one per connection beyond the 201s seen.
    [
      'rows stored = 201s (+ ≤ 50 cut off at the end)',
      check.stored >= contention['2xx'] && check.stored <= contention['2xx'] + 50,
    ],
    ['contention answered only 201/409', other === 0 && contention.errors === 0],
    ['burst: exactly one winner, 199 × 409', won === 1 && problems === BURST - 1],
  ] as const;
  log('');
  for (const [name, ok] of verdicts) log(`${name}: ${ok ? 'PASS' : 'NOT met'}`);
  if (other !== 0) log(`  contention statuses: ${statusCounts(contention)}`);
  log(`total ${seconds(started)}`);
  if (verdicts.some(([, ok]) => !ok)) process.exitCode = 1;
} finally {
  await inventory?.stop();
  await test.dispose();
}
