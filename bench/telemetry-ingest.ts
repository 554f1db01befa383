/**
 * Live telemetry ingestion under load: 10,000 vehicles on a fresh PostgreSQL database (inventory's
 * migrations, availability triggers included), Fleet Telemetry `V` records (protobuf, 8 datums each:
 * Location, BatteryLevel, Soc, VehicleSpeed, Odometer, Gear, GpsHeading, EstBatteryRange) produced at
 * a steady rate by a separate librdkafka process (bench/telemetry-producer.c, as fleet-telemetry
 * produces) into librdkafka's mock cluster (64 partitions), consumed by the
 * inventory telemetry consumer into live state. Prints records/s sustained, lag (record created_at →
 * its batch committed) p50/p99/max, and the decode-only rate of the same records as the baseline.
 * Warnings and errors (kafkajs's "Offset out of range" = records the mock cluster's retention dropped)
 * are printed and summed up. Usage: npm run bench:telemetry-ingest [-- --vehicles 10000 --rate 25000
 * --duration 40 --partitions 64 --batch 40000 --linger-ms 100 --trace]
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createKafkaClient } from '@cybertacotruck/bus';
import { startKafkaMock } from '@cybertacotruck/bus/testing';
import type { Logger } from '@cybertacotruck/platform';
import { CostMeter, encodeVehiclePayload, type TelemetryDatum } from '@cybertacotruck/tesla';
import { decodeTelemetry } from '../services/inventory/src/modules/telemetry/telemetry-decode';
import { TelemetryIngestService } from '../services/inventory/src/modules/telemetry/telemetry-ingest.service';
import { startTelemetryConsumer } from '../services/inventory/src/modules/telemetry/telemetry.consumer';
import type { InventoryTables } from '../services/inventory/src/tables';
import { flagArg, freshDatabase, log, numberArg, seconds, seedFleet } from './calendar/shared';
import { traceIngest } from './telemetry-ingest-trace';

const VEHICLES = numberArg('vehicles', 10_000);
const RATE = numberArg('rate', 25_000);
const DURATION = numberArg('duration', 40);
// librdkafka's mock cluster keeps ~5 MB per partition and drops the oldest: 64 partitions
// hold ~1.1 M bench records (~300 bytes each with key and headers), more than a whole 40 s run at 25,000/s, so retention cannot bite.
const PARTITIONS = numberArg('partitions', 64);
const BATCH = numberArg('batch', 40_000);
// The producer's linger.ms. librdkafka's mock cluster returns at most one stored batch per partition
// per Fetch, so at 25,000/s over 64 partitions linger 5 ms (~2 records per partition batch) caps the
// consumer at a few hundred records per fetch round; 100 ms (~40 per partition batch) is closer to the
// old kafkajs producer's up-to-5,000-record sends. The lag measured includes the linger.
const LINGER_MS = numberArg('linger-ms', 100);
const VARIANTS = 8;
const TARGET_RATE = 20_000;
const TARGET_P99_S = 2;
const WARMUP_S = 5;

const socOf = (n: number) => 21 + (n % 7) * 10;
const vinOf = (n: number) => `BENCH${String(n).padStart(12, '0')}`;

/** Records of vehicle `n`, step `k` (30% drive, the rest park), encoded once; the time is appended. */
function templates(): Buffer[][] {
  const out: Buffer[][] = [];
  for (let n = 1; n <= VEHICLES; n++) {
    const driving = n % 10 < 3;
    const lat0 = 30.2 + ((n * 7919) % 1000) / 2000;
    const lon0 = -97.9 + ((n * 104_729) % 1000) / 2000;
    const variants: Buffer[] = [];
    for (let k = 0; k < VARIANTS; k++) {
      // Draining slowly within one 10-point band: status events stay as rare as they are on the road.
      const soc = socOf(n) - k * 0.1;
      const data: TelemetryDatum[] = [
        {
          key: 'Location',
          value: {
            kind: 'location',
            latitude: lat0 + (driving ? k * 0.0004 : 0),
            longitude: lon0 + (driving ? k * 0.0003 : 0),
          },
        },
        { key: 'BatteryLevel', value: { kind: 'double', value: soc } },
        { key: 'Soc', value: { kind: 'double', value: soc - 0.4 } },
        { key: 'VehicleSpeed', value: { kind: 'float', value: driving ? 35 + k : 0 } },
        { key: 'Odometer', value: { kind: 'double', value: 10_000 + n + k * 0.05 } },
        { key: 'Gear', value: { kind: 'shiftState', value: driving ? 'D' : 'P' } },
        { key: 'GpsHeading', value: { kind: 'double', value: (n * 37 + k) % 360 } },
        { key: 'EstBatteryRange', value: { kind: 'double', value: soc * 3.1 } },
      ];
      variants.push(
        Buffer.from(encodeVehiclePayload({ vin: vinOf(n), createdAt: new Date(0), isResend: false, data })),
      );
    }
    out.push(variants);
  }
  return out;
}

function varint(n: number, out: number[]): void {
  let v = n;
  while (v > 127) {
    out.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
}

/** `created_at` as a second occurrence of field 2 (a later occurrence of a message field merges over it). */
function createdAtField(ms: number): Buffer {
  const inner: number[] = [0x08];
  varint(Math.floor(ms / 1000), inner);
  inner.push(0x10);
  varint((ms % 1000) * 1_000_000, inner);
  return Buffer.from([0x12, inner.length, ...inner]);
}

const withTime = (template: Buffer, ms: number) => Buffer.concat([template, createdAtField(ms)]);

// ---------------------------------------------------------------------------------------------
// The producer: bench/telemetry-producer.c, librdkafka as Tesla's fleet-telemetry server uses it
// (confluent-kafka-go), compiled once per source version into node_modules/.cache like the mock
// cluster. It reads the record templates from a file written here (u32 LE variants, then per record
// u32 LE key length, key, u32 LE value length, value), stamps each record's created_at (appended
// field 2, as `createdAtField` does) and the headers with the time it hands it to librdkafka, and
// produces at a steady RATE for DURATION seconds.
const here = dirname(fileURLToPath(import.meta.url));

function producerBinary(): string {
  const source = join(here, 'telemetry-producer.c');
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 12);
  const dir = resolve(here, '../node_modules/.cache/cybertacotruck');
  const binary = join(dir, `telemetry-producer-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-O2', '-o', tmp, source, '-lrdkafka'], { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(`could not compile the telemetry producer (needs gcc and librdkafka-dev): ${stderr}`, {
      cause: error,
    });
  }
  renameSync(tmp, binary);
  return binary;
}

function recordsFile(all: Buffer[][]): string {
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  const parts: Buffer[] = [u32(VARIANTS)];
  all.forEach((variants, i) => {
    const key = Buffer.from(vinOf(i + 1));
    for (const value of variants) parts.push(u32(key.length), key, u32(value.length), value);
  });
  const path = join(tmpdir(), `telemetry-bench-records-${process.pid}.bin`);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

// ---------------------------------------------------------------------------------------------
// Warnings and errors (the Kafka client's included: "Offset out of range, resetting to default offset" is
// the mock cluster's retention dropping records a lagging consumer had not read yet) are printed,
// each distinct message at most 5 times, and counted for the summary.
const problems = new Map<string, number>();
const report =
  (level: string) =>
  (first: unknown, second?: unknown): void => {
    const message = typeof first === 'string' ? first : typeof second === 'string' ? second : level;
    const seen = (problems.get(message) ?? 0) + 1;
    problems.set(message, seen);
    if (seen > 5) return;
    const extra = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
    const kafka = extra.kafka as { topic?: string; partition?: number } | undefined;
    const err = extra.err instanceof Error ? extra.err.message : undefined;
    const where = kafka?.topic === undefined ? '' : ` ${kafka.topic}:${kafka.partition ?? ''}`;
    process.stderr.write(`[${level}] ${message}${where}${err ? ` (${err})` : ''}\n`);
  };
const logger = {
  warn: report('warn'),
  error: report('error'),
  fatal: report('fatal'),
  info: () => {},
  debug: () => {},
  trace: () => {},
  level: 'warn',
} as unknown as Logger;
(logger as unknown as { child: () => Logger }).child = () => logger;

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);

log(
  `telemetry ingest benchmark: ${VEHICLES} vehicles, ${RATE} records/s for ${DURATION} s into ${PARTITIONS} partitions (PostgreSQL, Kafka mock cluster)`,
);
let t = performance.now();

// Baseline: decoding the same records, no database, no Kafka. (In a function: its 280,000 buffers
// are garbage before the consumer starts, not old-generation ballast for its collector.)
function decodeBaseline(): { rate: number; warmValue: Buffer; records: string } {
  const all = templates();
  const records = recordsFile(all);
  const sample: Buffer[] = [];
  for (let i = 0; i < 200_000; i++)
    sample.push(withTime((all[i % VEHICLES] as Buffer[])[i % VARIANTS] as Buffer, Date.now()));
  log(
    `encoded ${VEHICLES * VARIANTS} record templates (${(sample[0] as Buffer).length} bytes each) in ${seconds(t)}`,
  );
  for (let i = 0; i < 20_000; i++) decodeTelemetry({ kind: 'V', value: sample[i] as Buffer });
  const started = performance.now();
  for (const value of sample) decodeTelemetry({ kind: 'V', value });
  const rate = sample.length / ((performance.now() - started) / 1000);
  log(
    `decode-only baseline: ${Math.round(rate).toLocaleString('en-US')} records/s (one core, ${sample.length} records)`,
  );
  return { rate, warmValue: (all[0] as Buffer[])[0] as Buffer, records };
}
const { rate: decodeRate, warmValue, records: recordsPath } = decodeBaseline();
const binary = producerBinary();

t = performance.now();
const test = await freshDatabase();
await seedFleet(test.db, VEHICLES);
// The seeded battery levels in the bands the records report (else the first pass is 10,000 events).
await sql`update inventory.vehicle_live_state s set battery_level = 21 + (substring(v.vin from 6)::int % 7) * 10
  from inventory.vehicle v where v.id = s.vehicle_id`.execute(test.db.kysely);
log(`fresh database with ${VEHICLES} vehicles and their live rows in ${seconds(t)}`);
// Its own partition counts, not the declared ones.
const mock = await startKafkaMock({ topics: [] });
for (const kind of ['V', 'connectivity', 'alerts']) await mock.createTopic(`tesla_${kind}`, PARTITIONS);

const db = test.db.kysely.withTables<InventoryTables>();
const ingest = new TelemetryIngestService(db, { logger, meter: new CostMeter() });
// --trace: each write and each repository call timed, the event loop and the collector sampled.
const trace = flagArg('trace')
  ? traceIngest([
      { object: ingest, methods: ['ingestDecoded'], prefix: 'write ' },
      {
        object: ingest.repo,
        methods: [
          'vehiclesByVin',
          'updateIfUnchanged',
          'lockLiveStates',
          'writeLiveStates',
          'insertPositions',
          'currentXmin',
        ],
        prefix: '  ',
      },
    ])
  : null;
let committed = 0;
let writes = 0;
let rows = 0;
let positions = 0;
let events = 0;
let lagCount = 0;
let lags = new Float64Array(RATE * (DURATION + 30));
let measureFrom = Infinity;
let measureTo = Infinity;
// Records committed while the producer ran, after the warm-up (whenever they were created).
let inWindow = 0;
let firstCommit: () => void = () => {};
const firstCommitted = new Promise<void>((r) => (firstCommit = r));
const consumer = await startTelemetryConsumer({
  brokers: mock.brokers,
  maxBatchRecords: BATCH,
  groupId: 'bench-telemetry',
  namespace: 'tesla',
  ingest,
  logger,
  fromBeginning: true,
  onCommitted: (result, committedAt) => {
    committed += result.records;
    writes++;
    rows += result.rowsWritten;
    positions += result.positions;
    events += result.events;
    if (committedAt >= measureFrom && committedAt <= measureTo) inWindow += result.records;
    for (const created of result.createdAtMs) {
      if (created < measureFrom) continue;
      if (lagCount === lags.length) {
        const bigger = new Float64Array(lags.length * 2);
        bigger.set(lags);
        lags = bigger;
      }
      lags[lagCount++] = (committedAt - created) / 1000;
    }
    firstCommit();
  },
});

// One record through the whole path first: the group join (~3 s) is not part of the measurement.
const warm = createKafkaClient({ brokers: mock.brokers, clientId: 'bench-warmup' }).producer();
await warm.send([
  { topic: 'tesla_V', messages: [{ key: vinOf(1), value: withTime(warmValue, Date.now()) }] },
]);
await warm.close();
t = performance.now();
await firstCommitted;
log(`consumer joined and committed its first record in ${seconds(t)}`);

const committedAtStart = committed;
const child = spawn(
  binary,
  [mock.brokers.join(','), 'tesla_V', String(RATE), String(DURATION), recordsPath, String(LINGER_MS)],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let producerOut = '';
let producerReady: () => void = () => {};
const ready = new Promise<void>((r) => (producerReady = r));
child.stdout.on('data', (d: Buffer) => {
  producerOut += d.toString();
  if (producerOut.includes('"ready"')) producerReady();
});
// The producer loads its records and connects before it sends: the clock starts when it is ready.
await Promise.race([ready, new Promise((r) => child.once('exit', r))]);
const producerStarted = Date.now();
measureFrom = producerStarted + WARMUP_S * 1000;
measureTo = producerStarted + DURATION * 1000;
trace?.start();
const progress = setInterval(() => {
  const s = (Date.now() - producerStarted) / 1000;
  log(
    `  ${s.toFixed(0).padStart(3)} s: ${(committed - committedAtStart).toLocaleString('en-US')} records committed in ${writes} writes`,
  );
}, 5_000);
await new Promise<void>((resolve) =>
  child.once('exit', () => {
    resolve();
  }),
);
rmSync(recordsPath, { force: true });
const produced = JSON.parse(producerOut.trim().split('\n').pop() ?? '{}') as {
  sent?: number;
  failed?: number;
  seconds?: number;
  cpu_seconds?: number;
};
const sent = produced.sent ?? 0;
// Drain: every produced record committed (or 60 s).
const drainStart = Date.now();
while (committed - committedAtStart < sent && Date.now() - drainStart < 60_000)
  await new Promise((r) => setTimeout(r, 50));
clearInterval(progress);
const end = Date.now();
const traced = trace?.report((end - producerStarted) / 1000, committed - committedAtStart) ?? [];
const drainS = (end - drainStart) / 1000;

const windowS = (measureTo - measureFrom) / 1000;
const sorted = lags.slice(0, lagCount).sort();
const { rows: dbRows } = await sql<{ positions: number; changes: number; outbox: number }>`
  select (select count(*)::int from inventory.vehicle_position) as positions,
    (select count(*)::int from inventory.availability_change) as changes,
    (select count(*)::int from inventory.outbox) as outbox`.execute(test.db.kysely);
await consumer.stop();
await mock.close();
await test.dispose();

const consumedTotal = committed - committedAtStart;
const sustained = inWindow / windowS;
const p50 = percentile(sorted, 0.5);
const p99 = percentile(sorted, 0.99);
log('');
log(
  `produced:  ${sent.toLocaleString('en-US')} records in ${(produced.seconds ?? 0).toFixed(1)} s (${Math.round(sent / (produced.seconds ?? 1)).toLocaleString('en-US')} records/s offered)${produced.failed ? `, ${produced.failed} failed` : ''}; producer CPU ${(produced.cpu_seconds ?? NaN).toFixed(1)} s (${(((produced.cpu_seconds ?? NaN) / (produced.seconds ?? 1)) * 100).toFixed(0)}% of one core, librdkafka, linger ${LINGER_MS} ms)`,
);
log(
  `consumed:  ${consumedTotal.toLocaleString('en-US')} records committed to live state in ${writes} writes (${Math.round(consumedTotal / Math.max(1, writes))} records/write), ${rows.toLocaleString('en-US')} rows upserted, ${positions.toLocaleString('en-US')} positions, ${events} status events; drained ${drainS.toFixed(1)} s after the producer stopped`,
);
log(
  `sustained: ${Math.round(sustained).toLocaleString('en-US')} records/s (records committed ${WARMUP_S}-${DURATION} s into the run, while the producer ran, over ${windowS} s; ${consumedTotal === sent ? 'every produced record committed' : `${(sent - consumedTotal).toLocaleString('en-US')} produced records not committed by the end of the drain`})`,
);
log(
  `lag:       p50 ${(p50 * 1000).toFixed(0)} ms, p99 ${(p99 * 1000).toFixed(0)} ms, max ${((sorted[sorted.length - 1] ?? NaN) * 1000).toFixed(0)} ms (created_at → batch committed, ${lagCount.toLocaleString('en-US')} records after the ${WARMUP_S} s warm-up)`,
);
log(
  `baseline:  decode only ${Math.round(decodeRate).toLocaleString('en-US')} records/s; ingest sustained ${((sustained / decodeRate) * 100).toFixed(0)}% of it`,
);
log(
  `database:  ${dbRows[0]?.positions ?? 0} position rows, ${dbRows[0]?.changes ?? 0} availability_change rows (the 0004 triggers fired), ${dbRows[0]?.outbox ?? 0} outbox rows`,
);
for (const line of traced) log(line);
log(
  `problems:  ${problems.size === 0 ? 'no warnings or errors' : [...problems].map(([m, n]) => `${n}× ${m}`).join('; ')}`,
);
log(
  `target ≥ ${TARGET_RATE.toLocaleString('en-US')} records/s sustained with lag p99 < ${TARGET_P99_S} s: ${sustained >= TARGET_RATE && p99 < TARGET_P99_S ? 'PASS' : 'NOT met'}`,
);
process.exit(0);
