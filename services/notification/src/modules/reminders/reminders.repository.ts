import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { NotificationTables } from '../../tables';

export type ReminderKind = '24h' | '1h';

export interface ReminderRecord {
  id: string;
  reservationId: string;
  customerId: string;
  kind: ReminderKind;
  dueAt: Date;
  status: 'pending' | 'fired' | 'cancelled';
  data: Record<string, unknown>;
}

interface NewReminder {
  reservationId: string;
  customerId: string;
  kind: ReminderKind;
  dueAt: Date;
  data: object;
  now: Date;
}

/** A pending reminder row, as `add` and `move` insert it. */
const pendingRow = (r: NewReminder) => ({
  id: randomUUID(),
  reservation_id: r.reservationId,
  customer_id: r.customerId,
  kind: r.kind,
  due_at: r.dueAt,
  status: 'pending' as const,
  data: JSON.stringify(r.data),
  updated_at: r.now,
});

export class RemindersRepository {
  constructor(private readonly db: Kysely<NotificationTables>) {}

  async add(r: NewReminder): Promise<void> {
    await this.db
      .insertInto('notification.reminder')
      .values(pendingRow(r))
      .onConflict((oc) => oc.columns(['reservation_id', 'kind']).doNothing())
      .execute();
  }

  /**
   * A moved booking's reminder of `kind`: due at `dueAt` with the booking's new facts, pending again
   * even if it had fired for the old pickup; cancelled when that time has already passed. A reminder
   * cancelled with its reservation stays cancelled.
   */
  async move(r: NewReminder): Promise<void> {
    if (r.dueAt.getTime() <= r.now.getTime()) {
      await this.db
        .updateTable('notification.reminder')
        .set({ status: 'cancelled', updated_at: r.now })
        .where('reservation_id', '=', r.reservationId)
        .where('kind', '=', r.kind)
        .where('status', '=', 'pending')
        .execute();
      return;
    }
    await this.db
      .insertInto('notification.reminder')
      .values(pendingRow(r))
      .onConflict((oc) =>
        oc
          .columns(['reservation_id', 'kind'])
          .doUpdateSet({
            due_at: r.dueAt,
            status: 'pending',
            data: JSON.stringify(r.data),
            updated_at: r.now,
          })
          .where('notification.reminder.status', '<>', 'cancelled'),
      )
      .execute();
  }

  /** Pending reminders of the reservation will never fire. */
  async cancelFor(reservationId: string, now: Date): Promise<number> {
    const result = await this.db
      .updateTable('notification.reminder')
      .set({ status: 'cancelled', updated_at: now })
      .where('reservation_id', '=', reservationId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Marks due reminders fired and returns them; call inside the transaction that records their messages. */
  async takeDue(now: Date, limit: number): Promise<ReminderRecord[]> {
    // The batch is chosen once, in a materialized CTE. As `id IN (SELECT … LIMIT … FOR UPDATE SKIP
    // LOCKED)` the plan decides whether the subquery runs once: the reservation expiry's did not, and
    // took more than its limit.
    const rows = await this.db
      .with(
        (cte) => cte('batch').materialized(),
        (db) =>
          db
            .selectFrom('notification.reminder')
            .select('id')
            .where('status', '=', 'pending')
            .where('due_at', '<=', now)
            .orderBy('due_at')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
      )
      .updateTable('notification.reminder')
      .set({ status: 'fired', updated_at: now })
      .where('id', 'in', (eb) => eb.selectFrom('batch').select('batch.id'))
      .returningAll()
      .execute();
    return rows.map((r) => ({
      id: r.id,
      reservationId: r.reservation_id,
      customerId: r.customer_id,
      kind: r.kind,
      dueAt: r.due_at,
      status: r.status,
      data: r.data,
    }));
  }

  async listFor(reservationId: string): Promise<ReminderRecord[]> {
    const rows = await this.db
      .selectFrom('notification.reminder')
      .selectAll()
      .where('reservation_id', '=', reservationId)
      .orderBy('due_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      reservationId: r.reservation_id,
      customerId: r.customer_id,
      kind: r.kind,
      dueAt: r.due_at,
      status: r.status,
      data: r.data,
    }));
  }
}
