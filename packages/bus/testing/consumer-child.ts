/**
 * A consumer in its own process, for the crash test: consumes `types` into `<schema>.effect` and,
 * when CRASH_AFTER is set, kills itself with SIGKILL (no clean shutdown, no offset commit) right
 * after its CRASH_AFTER-th effect committed — or, with CRASH_IN_TX, inside that transaction.
 */
import { sql } from 'kysely';
import { createDatabase } from '@cybertacotruck/db';
import { createEventBus } from '../src/index';

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};
const db = await createDatabase({ kind: 'postgres', url: env('DATABASE_URL'), poolMax: 4 });
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const bus = createEventBus({
  db: db.kysely,
  logger: quiet,
  kafka: process.env.KAFKA_BROKERS ? { brokers: process.env.KAFKA_BROKERS.split(',') } : null,
  clientId: 'crash-child',
  pollMs: 50,
  retryBaseMs: 20,
  ...(process.env.KAFKA_SESSION_TIMEOUT_MS
    ? { kafkaSessionTimeoutMs: Number(process.env.KAFKA_SESSION_TIMEOUT_MS) }
    : {}),
});
const crashAfter = Number(process.env.CRASH_AFTER ?? 0);
let handled = 0;
await bus.subscribe({
  group: env('GROUP'),
  schema: env('SCHEMA'),
  types: env('TYPES').split(','),
  handle: async (event, trx) => {
    await sql`insert into ${sql.id(env('SCHEMA'), 'effect')} (event_id, group_name, key, n)
      values (${event.id}, ${env('GROUP')}, ${event.key}, ${(event.data as { n: number }).n})`.execute(trx);
    handled++;
    if (crashAfter && handled === crashAfter) {
      if (process.env.CRASH_IN_TX) process.kill(process.pid, 'SIGKILL');
      setImmediate(() => process.kill(process.pid, 'SIGKILL'));
    }
  },
});
process.stdout.write('consuming\n');
