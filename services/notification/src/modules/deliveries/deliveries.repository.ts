import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type {
  Channel,
  DeliveryStatus,
  Language,
  MessageKind,
  NotificationTemplate,
} from '@cybertacotruck/contracts';
import type { DeliveryTable, NotificationTables } from '../../tables';

export interface DeliveryRecord {
  id: string;
  eventId: string;
  /** Null for someone without an account (an invitee). */
  userId: string | null;
  template: NotificationTemplate;
  kind: MessageKind;
  channel: Channel;
  recipient: string;
  language: Language;
  subject: string | null;
  summary: string;
  body: string;
  html: string | null;
  /** What the sender fetches the link or code by, to fill the marks of `body` in (sms-secrets.ts). */
  secretRef: string | null;
  status: DeliveryStatus;
  attempts: number;
  providerMessageId: string | null;
  lastError: string | null;
  notBefore: Date;
  leaseId: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

const toRecord = (r: Selectable<DeliveryTable>): DeliveryRecord => ({
  id: r.id,
  eventId: r.event_id,
  userId: r.user_id,
  template: r.template,
  kind: r.kind,
  channel: r.channel,
  recipient: r.recipient,
  language: r.language,
  subject: r.subject,
  summary: r.summary,
  body: r.body,
  html: r.html,
  secretRef: r.secret_ref,
  status: r.status,
  attempts: r.attempts,
  providerMessageId: r.provider_message_id,
  lastError: r.last_error,
  notBefore: r.not_before,
  leaseId: r.lease_id,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

export type NewDelivery = Insertable<DeliveryTable>;

export class DeliveriesRepository {
  constructor(private readonly db: Kysely<NotificationTables>) {}

  /** Inserts the deliveries; one that exists for its event × channel × recipient is left alone. */
  async addMany(rows: NewDelivery[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await this.db
      .insertInto('notification.delivery')
      .values(rows)
      .onConflict((oc) => oc.columns(['event_id', 'channel', 'recipient']).doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  /**
   * Takes up to `limit` due deliveries (queued or held until now, or sending with a lapsed lease:
   * the sender died mid-send) and leases them to `leaseId` until `leaseUntil`.
   */
  async claimDue(now: Date, limit: number, leaseId: string, leaseUntil: Date): Promise<DeliveryRecord[]> {
    // The batch is chosen once, in a materialized CTE. As `id IN (SELECT … LIMIT … FOR UPDATE SKIP
    // LOCKED)` the plan decides whether the subquery runs once: the reservation expiry's did not, and
    // took more than its limit.
    const rows = await this.db
      .with(
        (cte) => cte('batch').materialized(),
        (db) =>
          db
            .selectFrom('notification.delivery')
            .select('id')
            .where((w) =>
              w.or([
                w.and([w('status', 'in', ['queued', 'held']), w('not_before', '<=', now)]),
                w.and([w('status', '=', 'sending'), w('lease_until', '<', now)]),
              ]),
            )
            .orderBy('not_before')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
      )
      .updateTable('notification.delivery')
      .set((eb) => ({
        status: 'sending',
        attempts: eb('attempts', '+', 1),
        lease_id: leaseId,
        lease_until: leaseUntil,
      }))
      .where('id', 'in', (eb) => eb.selectFrom('batch').select('batch.id'))
      .returningAll()
      .execute();
    return rows.map(toRecord);
  }

  /** Only the lease holder may finish a delivery (a sender whose lease lapsed finds nothing). */
  async markSent(id: string, leaseId: string, providerMessageId: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('notification.delivery')
      .set({
        status: 'sent',
        provider_message_id: providerMessageId,
        sent_at: at,
        last_error: null,
        lease_id: null,
        lease_until: null,
      })
      .where('id', '=', id)
      .where('lease_id', '=', leaseId)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Gives a claimed delivery back untouched (not started before its lease ran short): no attempt spent. */
  async release(id: string, leaseId: string): Promise<void> {
    await this.db
      .updateTable('notification.delivery')
      .set((eb) => ({
        status: 'queued',
        attempts: eb('attempts', '-', 1),
        lease_id: null,
        lease_until: null,
      }))
      .where('id', '=', id)
      .where('lease_id', '=', leaseId)
      .execute();
  }

  /**
   * Provider ids already recorded for the user's other deliveries on this channel and recipient
   * since `since`: a message found at the provider with one of them belongs to another delivery.
   */
  async providerIdsNear(
    d: Pick<DeliveryRecord, 'id' | 'userId' | 'channel' | 'recipient'>,
    since: Date,
  ): Promise<string[]> {
    const rows = await this.db
      .selectFrom('notification.delivery')
      .select('provider_message_id')
      .where((w) => (d.userId === null ? w('user_id', 'is', null) : w('user_id', '=', d.userId)))
      .where('created_at', '>=', new Date(since.getTime() - 86_400_000))
      .where('channel', '=', d.channel)
      .where('recipient', '=', d.recipient)
      .where('id', '<>', d.id)
      .where('provider_message_id', 'is not', null)
      .execute();
    return rows.flatMap((r) => (r.provider_message_id ? [r.provider_message_id] : []));
  }

  async markAttemptFailed(
    id: string,
    leaseId: string,
    outcome: { status: 'queued' | 'failed'; notBefore: Date; error: string },
  ): Promise<void> {
    await this.db
      .updateTable('notification.delivery')
      .set({
        status: outcome.status,
        not_before: outcome.notBefore,
        last_error: outcome.error.slice(0, 2000),
        lease_id: null,
        lease_until: null,
      })
      .where('id', '=', id)
      .where('lease_id', '=', leaseId)
      .execute();
  }

  /**
   * Never to be sent, and why (an invitation that expired or was replaced, a reset code used): a
   * final state, not a failure to retry. Only the lease holder may record it.
   */
  async markSkipped(id: string, leaseId: string, reason: string): Promise<void> {
    await this.db
      .updateTable('notification.delivery')
      .set({ status: 'skipped', last_error: reason.slice(0, 2000), lease_id: null, lease_until: null })
      .where('id', '=', id)
      .where('lease_id', '=', leaseId)
      .execute();
  }

  async find(id: string): Promise<DeliveryRecord | undefined> {
    const row = await this.db
      .selectFrom('notification.delivery')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** A failed delivery goes back to the queue with a fresh set of attempts; null when it is not failed. */
  async requeueFailed(id: string, now: Date): Promise<DeliveryRecord | null> {
    const row = await this.db
      .updateTable('notification.delivery')
      .set({ status: 'queued', attempts: 0, not_before: now })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .returningAll()
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async list(filter: {
    status?: DeliveryStatus;
    channel?: Channel;
    userId?: string;
    eventId?: string;
    limit: number;
  }): Promise<DeliveryRecord[]> {
    let query = this.db.selectFrom('notification.delivery').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.channel) query = query.where('channel', '=', filter.channel);
    if (filter.userId) query = query.where('user_id', '=', filter.userId);
    if (filter.eventId) query = query.where('event_id', '=', filter.eventId);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit)
      .execute();
    return rows.map(toRecord);
  }

  /**
   * A user's messages, one per event, newest first, after `before` (createdAt, eventId) when given:
   * the deliveries of `limit` events.
   */
  async listForUser(
    userId: string,
    limit: number,
    before: { createdAt: Date; eventId: string } | null,
  ): Promise<Array<{ eventId: string; createdAt: Date; deliveries: DeliveryRecord[] }>> {
    let events = this.db
      .selectFrom('notification.delivery')
      .select(['event_id', (eb) => eb.fn.min('created_at').as('first_at')])
      .where('user_id', '=', userId)
      .groupBy('event_id');
    if (before)
      events = events.having(
        sql<boolean>`(min(created_at), event_id) < (${before.createdAt}::timestamptz, ${before.eventId}::uuid)`,
      );
    const page = await events.orderBy('first_at', 'desc').orderBy('event_id', 'desc').limit(limit).execute();
    if (page.length === 0) return [];
    const rows = await this.db
      .selectFrom('notification.delivery')
      .selectAll()
      .where('user_id', '=', userId)
      .where(
        'event_id',
        'in',
        page.map((p) => p.event_id),
      )
      .orderBy('channel')
      .execute();
    return page.map((p) => ({
      eventId: p.event_id,
      createdAt: new Date(p.first_at),
      deliveries: rows.filter((r) => r.event_id === p.event_id).map(toRecord),
    }));
  }
}
