import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { EventEnvelope } from '@cybertacotruck/contracts';
import type { ReservationTables } from '../../tables';

/**
 * Writes events into `reservation.outbox` with the handle it is given, so with a transaction the
 * event commits with the change or not at all. The relay (events issue) publishes and marks them.
 */
export class OutboxRepository {
  constructor(private readonly db: Kysely<ReservationTables>) {}

  async append<T>(
    event: { type: string; version: number },
    key: string,
    data: T,
    occurredAt: Date,
  ): Promise<EventEnvelope<T>> {
    const envelope: EventEnvelope<T> = {
      id: randomUUID(),
      type: event.type,
      version: event.version,
      occurredAt: occurredAt.toISOString(),
      key,
      data,
    };
    await this.db
      .insertInto('reservation.outbox')
      .values({
        id: envelope.id,
        type: envelope.type,
        version: envelope.version,
        key,
        occurred_at: occurredAt,
        data: JSON.stringify(data),
        published_at: null,
      })
      .execute();
    return envelope;
  }
}
