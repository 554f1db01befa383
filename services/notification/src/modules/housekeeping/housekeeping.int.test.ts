import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryStatus } from '@cybertacotruck/contracts';
import { migrateSchema } from '@cybertacotruck/db';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import { ConfigError, parseConfig, type Logger } from '@cybertacotruck/platform';
import { NotificationConfigSchema } from '../../config';
import { notificationMigrations } from '../../migrations';
import type { NotificationTables } from '../../tables';
import { silentLogger } from '../../../testing/fakes';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { OutgoingRepository } from '../dispatch/outgoing.repository';
import { RemindersRepository } from '../reminders/reminders.repository';
import { HousekeepingRepository, type SweepCounts } from './housekeeping.repository';
import { startHousekeepingWorker } from './housekeeping.worker';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const NOW = new Date('2026-12-01T15:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const RETENTION_DAYS = 180;
/** Just past retention, and just within it (the cutoff itself is kept: rows go when strictly older). */
const OLD = ago(RETENTION_DAYS * DAY_MS + MINUTE_MS);
const RECENT = ago(RETENTION_DAYS * DAY_MS - MINUTE_MS);
const ANCIENT = ago(2 * 365 * DAY_MS);

const TABLES = [
  'delivery',
  'outgoing',
  'reminder',
  'reservation',
  'vehicle_status',
  'alert',
  'dev_message',
  'inbox',
] as const;

const NOTHING: SweepCounts = {
  deliveries: 0,
  outgoing: 0,
  reminders: 0,
  reservations: 0,
  alerts: 0,
  devMessages: 0,
};

/** Counts the DELETE statements run through the handle it is plugged into. */
class DeleteCounter implements KyselyPlugin {
  deletes = 0;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    const { node } = args;
    if (node.kind === 'DeleteQueryNode') this.deletes += 1;
    if (node.kind === 'RawNode' && node.sqlFragments.some((f) => /\bdelete from\b/i.test(f)))
      this.deletes += 1;
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = (args) => Promise.resolve(args.result);
}

describe.each(TEST_ENGINES)('notification housekeeping on %s', (engine) => {
  let testDb: TestDatabase;
  let db: Kysely<NotificationTables>;
  /** Test label → row id, so assertions name rows. */
  let ids: Map<string, string>;

  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    await migrateSchema(testDb.db, notificationMigrations);
    db = testDb.db.kysely.withTables<NotificationTables>();
  });
  afterAll(async () => {
    await testDb.dispose();
  });
  beforeEach(async () => {
    for (const table of TABLES)
      await sql`delete from ${sql.table(`notification.${table}`)}`.execute(testDb.db.kysely);
    ids = new Map();
  });

  const repository = (batchSize?: number, kysely: Kysely<NotificationTables> = db) =>
    new HousekeepingRepository(kysely, {
      retentionDays: RETENTION_DAYS,
      devInboxRetentionDays: 7,
      batchSize,
    });

  const id = (label: string) => {
    let value = ids.get(label);
    if (!value) ids.set(label, (value = randomUUID()));
    return value;
  };
  const labelOf = (value: string) => [...ids].find(([, v]) => v === value)?.[0] ?? value;

  const outgoing = (label: string, status: 'pending' | 'done' | 'failed', createdAt: Date) =>
    db
      .insertInto('notification.outgoing')
      .values({
        id: id(label),
        source_id: randomUUID(),
        template: 'reservation_confirmed',
        audience: randomUUID(),
        data: '{}',
        due_at: createdAt,
        status,
        next_attempt_at: createdAt,
        created_at: createdAt,
      })
      .execute();

  const delivery = (label: string, outgoingLabel: string, status: DeliveryStatus, createdAt: Date) =>
    db
      .insertInto('notification.delivery')
      .values({
        id: id(label),
        event_id: randomUUID(),
        outgoing_id: id(outgoingLabel),
        user_id: randomUUID(),
        template: 'reservation_confirmed',
        kind: 'reservation',
        channel: 'sms',
        recipient: '+12025550101',
        language: 'en',
        subject: null,
        summary: label,
        body: label,
        html: null,
        status,
        provider_message_id: null,
        last_error: null,
        not_before: createdAt,
        lease_id: null,
        lease_until: null,
        created_at: createdAt,
        sent_at: status === 'sent' ? createdAt : null,
      })
      .execute();

  const reservation = (label: string, endsAt: Date) =>
    db
      .insertInto('notification.reservation')
      .values({
        reservation_id: id(label),
        customer_id: randomUUID(),
        vehicle_id: randomUUID(),
        vehicle_name: 'Midnight Model Y',
        starts_at: new Date(endsAt.getTime() - 2 * DAY_MS),
        ends_at: endsAt,
        status: 'confirmed',
        updated_at: endsAt,
      })
      .execute();

  const reminder = (
    label: string,
    reservationLabel: string,
    kind: '24h' | '1h',
    status: 'pending' | 'fired' | 'cancelled',
    dueAt: Date,
  ) =>
    db
      .insertInto('notification.reminder')
      .values({
        id: id(label),
        reservation_id: id(reservationLabel),
        customer_id: randomUUID(),
        kind,
        due_at: dueAt,
        status,
        data: '{}',
        // Created long before it was due: retention counts from `due_at`.
        created_at: ANCIENT,
        updated_at: dueAt,
      })
      .execute();

  const alert = (label: string, createdAt: Date) =>
    db
      .insertInto('notification.alert')
      .values({
        id: id(label),
        reason: 'low_charge',
        reservation_id: randomUUID(),
        vehicle_id: randomUUID(),
        vehicle_name: 'Midnight Model Y',
        battery_level: 20,
        starts_at: createdAt,
        ends_at: createdAt,
        created_at: createdAt,
      })
      .execute();

  const devMessage = (label: string, createdAt: Date) =>
    db
      .insertInto('notification.dev_message')
      .values({ id: id(label), channel: 'email', to: 'ana@example.com', body: label, created_at: createdAt })
      .execute();

  /** The labels of the rows left in each table, sorted. */
  const remaining = async () => {
    const labels = (rows: Array<{ id: string }>) => rows.map((r) => labelOf(r.id)).sort();
    return {
      delivery: labels(await db.selectFrom('notification.delivery').select('id').execute()),
      outgoing: labels(await db.selectFrom('notification.outgoing').select('id').execute()),
      reminder: labels(await db.selectFrom('notification.reminder').select('id').execute()),
      reservation: labels(
        await db.selectFrom('notification.reservation').select('reservation_id as id').execute(),
      ),
      alert: labels(await db.selectFrom('notification.alert').select('id').execute()),
      devMessage: labels(await db.selectFrom('notification.dev_message').select('id').execute()),
    };
  };

  it('deletes only finished rows past retention, and a second sweep deletes nothing', async () => {
    // Rendered messages and their deliveries.
    await outgoing('out-old-done-orphan', 'done', OLD);
    await outgoing('out-old-failed-orphan', 'failed', ANCIENT);
    await outgoing('out-old-pending', 'pending', ANCIENT);
    await outgoing('out-recent-done', 'done', RECENT);
    await outgoing('out-old-done-old-deliveries', 'done', OLD);
    await outgoing('out-old-done-recent-delivery', 'done', OLD);
    await outgoing('out-old-done-unfinished-deliveries', 'done', ANCIENT);
    // All of this message's deliveries go, so the message goes too in the same sweep.
    await delivery('del-old-sent', 'out-old-done-old-deliveries', 'sent', OLD);
    await delivery('del-old-failed', 'out-old-done-old-deliveries', 'failed', ANCIENT);
    await delivery('del-old-skipped', 'out-old-done-old-deliveries', 'skipped', OLD);
    await delivery('del-recent-sent', 'out-old-done-recent-delivery', 'sent', RECENT);
    // Not in a final status: kept however old, and so is their message.
    await delivery('del-old-queued', 'out-old-done-unfinished-deliveries', 'queued', ANCIENT);
    await delivery('del-old-held', 'out-old-done-unfinished-deliveries', 'held', ANCIENT);
    await delivery('del-old-sending', 'out-old-done-unfinished-deliveries', 'sending', ANCIENT);

    // Reservations and their reminders.
    await reservation('res-old', OLD);
    await reservation('res-old-finished-reminders', ANCIENT);
    await reservation('res-old-pending-reminder', OLD);
    await reservation('res-recent', RECENT);
    await reminder('rem-old-fired', 'res-old-finished-reminders', '24h', 'fired', OLD);
    await reminder('rem-old-cancelled', 'res-old-finished-reminders', '1h', 'cancelled', ANCIENT);
    await reminder('rem-old-pending', 'res-old-pending-reminder', '24h', 'pending', ANCIENT);
    await reminder('rem-recent-fired', 'res-recent', '24h', 'fired', RECENT);
    await reminder('rem-recent-cancelled', 'res-recent', '1h', 'cancelled', RECENT);

    await alert('alert-old', OLD);
    await alert('alert-recent', RECENT);

    await devMessage('dev-30-days', ago(30 * DAY_MS));
    await devMessage('dev-8-days', ago(8 * DAY_MS));
    await devMessage('dev-6-days', ago(6 * DAY_MS));

    // Never swept: the latest status of a vehicle, and the bus's inbox (the bus prunes it).
    await db
      .insertInto('notification.vehicle_status')
      .values({
        vehicle_id: randomUUID(),
        name: 'Midnight Model Y',
        connectivity: 'online',
        streaming: false,
        battery_level: 80,
        at: ANCIENT,
      })
      .execute();
    await sql`insert into notification.inbox (group_name, event_id, handled_at)
              values ('notification', ${randomUUID()}, ${ANCIENT})`.execute(db);

    expect(await repository().sweep(NOW)).toEqual({
      deliveries: 3,
      outgoing: 3,
      reminders: 2,
      reservations: 2,
      alerts: 1,
      devMessages: 2,
    });
    const expected = {
      delivery: ['del-old-held', 'del-old-queued', 'del-old-sending', 'del-recent-sent'],
      outgoing: [
        'out-old-done-recent-delivery',
        'out-old-done-unfinished-deliveries',
        'out-old-pending',
        'out-recent-done',
      ],
      reminder: ['rem-old-pending', 'rem-recent-cancelled', 'rem-recent-fired'],
      reservation: ['res-old-pending-reminder', 'res-recent'],
      alert: ['alert-recent'],
      devMessage: ['dev-6-days'],
    };
    expect(await remaining()).toEqual(expected);
    const untouched = await sql<{ vehicles: number; inbox: number }>`
      select (select count(*)::int from notification.vehicle_status) as vehicles,
             (select count(*)::int from notification.inbox) as inbox`.execute(db);
    expect(untouched.rows[0]).toEqual({ vehicles: 1, inbox: 1 });

    expect(await repository().sweep(NOW)).toEqual(NOTHING);
    expect(await remaining()).toEqual(expected);
  });

  it('drains a backlog larger than one batch, one bounded statement at a time', async () => {
    for (let i = 0; i < 10; i += 1) {
      await outgoing(`out-${i}`, 'done', OLD);
      await delivery(`del-${i}`, `out-${i}`, i % 2 === 0 ? 'sent' : 'failed', OLD);
    }
    for (let i = 0; i < 7; i += 1) await alert(`alert-${i}`, OLD);
    for (let i = 0; i < 6; i += 1) await devMessage(`dev-${i}`, ago(8 * DAY_MS));
    await outgoing('out-kept', 'done', RECENT);
    await delivery('del-kept', 'out-kept', 'sent', RECENT);

    const counter = new DeleteCounter();
    const deleted = await repository(3, db.withPlugin(counter)).sweep(NOW);
    expect(deleted).toEqual({
      deliveries: 10,
      outgoing: 10,
      reminders: 0,
      reservations: 0,
      alerts: 7,
      devMessages: 6,
    });
    // 10 rows in batches of 3: 3+3+3+1 (4 statements); 7: 3+3+1 (3); 6: 3+3+0 (3); empty tables: 1 each.
    expect(counter.deletes).toBe(4 + 4 + 1 + 1 + 3 + 3);
    expect(await remaining()).toEqual({
      delivery: ['del-kept'],
      outgoing: ['out-kept'],
      reminder: [],
      reservation: [],
      alert: [],
      devMessage: [],
    });
  });

  // Not housekeeping, but the same seeding: the sender's and scheduler's claims choose their batch
  // once (a materialized CTE), so they never take more than their limit. (A guard: their old
  // `id IN (subquery)` form also passed this; the reservation expiry's, with the same shape, did not.)
  it('claims of due messages, deliveries and reminders take at most their limit', async () => {
    for (let i = 0; i < 8; i += 1) {
      await outgoing(`claim-out-${i}`, 'pending', ago(MINUTE_MS * (i + 1)));
      await delivery(`claim-del-${i}`, `claim-out-${i}`, 'queued', ago(MINUTE_MS * (i + 1)));
    }
    for (let i = 0; i < 3; i += 1) {
      await reservation(`claim-res-${i}`, NOW);
      await reminder(`claim-rem-${i}`, `claim-res-${i}`, '24h', 'pending', ago(MINUTE_MS * (i + 1)));
    }
    const drain = async (take: () => Promise<unknown[]>) => {
      const sizes: number[] = [];
      for (;;) {
        const n = (await take()).length;
        sizes.push(n);
        if (n === 0) return sizes;
      }
    };
    expect(await drain(() => new OutgoingRepository(db).claimDue(NOW, 3, 60_000))).toEqual([3, 3, 2, 0]);
    expect(
      await drain(() =>
        new DeliveriesRepository(db).claimDue(NOW, 3, randomUUID(), new Date(NOW.getTime() + 60_000)),
      ),
    ).toEqual([3, 3, 2, 0]);
    expect(await drain(() => new RemindersRepository(db).takeDue(NOW, 2))).toEqual([2, 1, 0]);
  });

  it('a stopped sweep deletes nothing more', async () => {
    await alert('alert-old', OLD);
    const stop = new AbortController();
    stop.abort();
    expect(await repository().sweep(NOW, stop.signal)).toEqual(NOTHING);
    expect((await remaining()).alert).toEqual(['alert-old']);
  });
});

describe('notification housekeeping worker', () => {
  const recordingLogger = () => {
    const infos: unknown[][] = [];
    const logger = { ...silentLogger, info: (...args: unknown[]) => infos.push(args) } as unknown as Logger;
    return { logger, infos };
  };
  const stubRepository = (counts: SweepCounts, seen: Date[]) =>
    ({
      sweep: async (now: Date) => {
        seen.push(now);
        return counts;
      },
    }) as unknown as HousekeepingRepository;

  it('sweeps at start and logs the counts only when something was deleted', async () => {
    const seen: Date[] = [];
    const busy = recordingLogger();
    const counts = { ...NOTHING, deliveries: 2, alerts: 1 };
    await startHousekeepingWorker(stubRepository(counts, seen), 3_600_000, busy.logger, () => NOW)();
    expect(seen).toEqual([NOW]);
    expect(busy.infos).toEqual([[{ deleted: counts }, 'notification housekeeping']]);

    const quiet = recordingLogger();
    await startHousekeepingWorker(stubRepository(NOTHING, seen), 3_600_000, quiet.logger, () => NOW)();
    expect(seen).toHaveLength(2);
    expect(quiet.infos).toEqual([]);
  });
});

describe('notification retention configuration', () => {
  it('defaults to 180 days, a 7-day dev inbox and an hourly sweep', () => {
    const config = parseConfig(NotificationConfigSchema, {});
    expect(config.NOTIFICATION_RETENTION_DAYS).toBe(180);
    expect(config.DEV_INBOX_RETENTION_DAYS).toBe(7);
    expect(config.NOTIFICATION_HOUSEKEEPING_MS).toBe(3_600_000);
  });

  it.each([
    ['NOTIFICATION_RETENTION_DAYS', '0'],
    ['NOTIFICATION_RETENTION_DAYS', '1.5'],
    ['DEV_INBOX_RETENTION_DAYS', '0'],
    ['NOTIFICATION_HOUSEKEEPING_MS', '10'],
  ])('refuses %s=%s', (key, value) => {
    const attempt = () => parseConfig(NotificationConfigSchema, { [key]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`${key}: got "${value.replace('.', '\\.')}"`));
  });
});
