import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { NotificationTemplate } from '@cybertacotruck/contracts';
import type { NotificationTables, OutgoingTable } from '../../tables';

export interface OutgoingRecord {
  id: string;
  sourceId: string;
  template: NotificationTemplate;
  /** A user id, 'operators', or `phone:<E.164>` (someone without an account: an invitee). */
  audience: string;
  data: Record<string, unknown>;
  dueAt: Date;
  attempts: number;
}

const toRecord = (r: Selectable<OutgoingTable>): OutgoingRecord => ({
  id: r.id,
  sourceId: r.source_id,
  template: r.template,
  audience: r.audience,
  data: r.data,
  dueAt: r.due_at,
  attempts: r.attempts,
});

export const OPERATORS = 'operators';
/** The audience prefix of a message to someone without an account, by phone (an invitation). */
export const PHONE_AUDIENCE = 'phone:';

export class OutgoingRepository {
  constructor(private readonly db: Kysely<NotificationTables>) {}

  /** Records a message to render; nothing when this source already has it (a redelivered event). */
  async add(message: {
    sourceId: string;
    template: NotificationTemplate;
    audience: string;
    data: object;
    dueAt: Date;
  }): Promise<boolean> {
    const inserted = await this.db
      .insertInto('notification.outgoing')
      .values({
        id: randomUUID(),
        source_id: message.sourceId,
        template: message.template,
        audience: message.audience,
        data: JSON.stringify(message.data),
        due_at: message.dueAt,
        status: 'pending',
        next_attempt_at: message.dueAt,
      })
      .onConflict((oc) => oc.columns(['source_id', 'template', 'audience']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /**
   * Takes up to `limit` due messages for `leaseMs`: another process (or this one after a crash)
   * takes them again only once the lease is over. Rendering happens outside any transaction.
   */
  async claimDue(now: Date, limit: number, leaseMs: number): Promise<OutgoingRecord[]> {
    // The batch is chosen once, in a materialized CTE. As `id IN (SELECT … LIMIT … FOR UPDATE SKIP
    // LOCKED)` the plan decides whether the subquery runs once: the reservation expiry's did not, and
    // took more than its limit.
    const rows = await this.db
      .with(
        (cte) => cte('batch').materialized(),
        (db) =>
          db
            .selectFrom('notification.outgoing')
            .select('id')
            .where('status', '=', 'pending')
            .where('next_attempt_at', '<=', now)
            .orderBy('next_attempt_at')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
      )
      .updateTable('notification.outgoing')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        next_attempt_at: new Date(now.getTime() + leaseMs),
      }))
      .where('id', 'in', (eb) => eb.selectFrom('batch').select('batch.id'))
      .returningAll()
      .execute();
    return rows.map(toRecord);
  }

  async markDone(id: string, note: string | null = null): Promise<void> {
    await this.db
      .updateTable('notification.outgoing')
      .set({ status: 'done', last_error: note })
      .where('id', '=', id)
      .execute();
  }

  async markRetry(id: string, at: Date, error: string): Promise<void> {
    await this.db
      .updateTable('notification.outgoing')
      .set({ next_attempt_at: at, last_error: error.slice(0, 2000) })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .execute();
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.db
      .updateTable('notification.outgoing')
      .set({ status: 'failed', last_error: error.slice(0, 2000) })
      .where('id', '=', id)
      .execute();
  }
}
