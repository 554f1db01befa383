import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { NotificationTables } from '../../tables';

const DAY_MS = 24 * 3_600_000;

/** Statuses a delivery never leaves by itself (an operator's retry takes a `failed` one back to `queued`). */
const FINAL_DELIVERY = ['sent', 'failed', 'skipped'] as const;
const FINAL_OUTGOING = ['done', 'failed'] as const;
const FINAL_REMINDER = ['fired', 'cancelled'] as const;

export interface HousekeepingOptions {
  /** Days the delivery log, rendered messages, past reminders and reservations, and alerts are kept. */
  retentionDays: number;
  /** Days the dev inbox keeps a message. */
  devInboxRetentionDays: number;
  /** The most rows one DELETE removes (each table is drained in batches, so no statement runs long). */
  batchSize?: number;
}

export type SweepCounts = Record<
  'deliveries' | 'outgoing' | 'reminders' | 'reservations' | 'alerts' | 'devMessages',
  number
>;

export const DEFAULT_BATCH_SIZE = 5_000;

/**
 * Deletes what has aged past retention. Never a message still to send or a reminder still to fire:
 * only deliveries in a final status, rendered messages no delivery references any more, fired or
 * cancelled reminders, reservations with no pending reminder. `vehicle_status` (one row per vehicle)
 * and the bus's tables (it prunes its own inbox) are left alone.
 */
export class HousekeepingRepository {
  private readonly batchSize: number;

  constructor(
    private readonly db: Kysely<NotificationTables>,
    private readonly options: HousekeepingOptions,
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1)
      throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
  }

  /** One sweep relative to `now`; an aborted `signal` stops it between batches. */
  async sweep(now: Date, signal?: AbortSignal): Promise<SweepCounts> {
    const cutoff = new Date(now.getTime() - this.options.retentionDays * DAY_MS);
    const devCutoff = new Date(now.getTime() - this.options.devInboxRetentionDays * DAY_MS);
    // Deliveries first: a rendered message goes only once no delivery references it (foreign key).
    const deliveries = await this.drain(signal, (limit) => this.deleteDeliveries(cutoff, limit));
    const outgoing = await this.drain(signal, (limit) => this.deleteOutgoing(cutoff, limit));
    const reminders = await this.drain(signal, (limit) => this.deleteReminders(cutoff, limit));
    // After the reminders: an old reservation goes once no pending reminder of it is left.
    const reservations = await this.drain(signal, (limit) => this.deleteReservations(cutoff, limit));
    const alerts = await this.drain(signal, (limit) => this.deleteAlerts(cutoff, limit));
    const devMessages = await this.drain(signal, (limit) => this.deleteDevMessages(devCutoff, limit));
    return { deliveries, outgoing, reminders, reservations, alerts, devMessages };
  }

  /** Runs `batch` until it deletes fewer rows than a full batch (or the sweep is stopped). */
  private async drain(
    signal: AbortSignal | undefined,
    batch: (limit: number) => Promise<number>,
  ): Promise<number> {
    let total = 0;
    while (!signal?.aborted) {
      const deleted = await batch(this.batchSize);
      total += deleted;
      if (deleted < this.batchSize) break;
    }
    return total;
  }

  // Each batch picks its rows in a MATERIALIZED CTE, FOR UPDATE SKIP LOCKED (a row another transaction
  // is changing waits for the next sweep), and the DELETE repeats the conditions, checked again on the
  // row it deletes. Not `id IN (SELECT … LIMIT n FOR UPDATE)`: PostgreSQL may rescan that subquery for
  // every outer row, and as a rescan skips the rows this statement already deleted, it would go on
  // past `n` and delete the whole backlog in one statement (the batching test catches that shape).
  private async deleteBatch(
    table: string,
    key: string,
    where: RawBuilder<unknown>,
    limit: number,
  ): Promise<number> {
    const t = sql.table(`notification.${table}`);
    const k = sql.ref(key);
    const { rows } = await sql`
      with batch as materialized (select ${k} from ${t} where ${where} limit ${limit} for update skip locked)
      delete from ${t} where ${k} in (select ${k} from batch) and ${where}
      returning ${k}`.execute(this.db);
    return rows.length;
  }

  private deleteDeliveries(cutoff: Date, limit: number): Promise<number> {
    return this.deleteBatch(
      'delivery',
      'id',
      sql`status in (${sql.join(FINAL_DELIVERY)}) and created_at < ${cutoff}`,
      limit,
    );
  }

  private deleteOutgoing(cutoff: Date, limit: number): Promise<number> {
    return this.deleteBatch(
      'outgoing',
      'id',
      sql`status in (${sql.join(FINAL_OUTGOING)}) and created_at < ${cutoff}
        and not exists (select 1 from notification.delivery d where d.outgoing_id = outgoing.id)`,
      limit,
    );
  }

  private deleteReminders(cutoff: Date, limit: number): Promise<number> {
    return this.deleteBatch(
      'reminder',
      'id',
      sql`status in (${sql.join(FINAL_REMINDER)}) and due_at < ${cutoff}`,
      limit,
    );
  }

  private deleteReservations(cutoff: Date, limit: number): Promise<number> {
    return this.deleteBatch(
      'reservation',
      'reservation_id',
      sql`ends_at < ${cutoff} and not exists (select 1 from notification.reminder r
        where r.reservation_id = reservation.reservation_id and r.status = 'pending')`,
      limit,
    );
  }

  private deleteAlerts(cutoff: Date, limit: number): Promise<number> {
    return this.deleteBatch('alert', 'id', sql`created_at < ${cutoff}`, limit);
  }

  private deleteDevMessages(cutoff: Date, limit: number): Promise<number> {
    return this.deleteBatch('dev_message', 'id', sql`created_at < ${cutoff}`, limit);
  }
}
