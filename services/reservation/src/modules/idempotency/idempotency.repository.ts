import type { Kysely, Selectable } from 'kysely';
import type { IdempotencyKeyTable, ReservationTables } from '../../tables';

export interface IdempotencyRecord {
  userId: string;
  key: string;
  operation: string;
  requestHash: string;
  reservationId: string | null;
  responseStatus: number | null;
  responseBody: unknown;
  createdAt: Date;
  leaseId: string;
  lockedAt: Date;
  completedAt: Date | null;
}

export interface NewIdempotencyKey {
  userId: string;
  key: string;
  operation: string;
  requestHash: string;
  reservationId: string;
  leaseId: string;
  at: Date;
}

const toRecord = (r: Selectable<IdempotencyKeyTable>): IdempotencyRecord => ({
  userId: r.user_id,
  key: r.key,
  operation: r.operation,
  requestHash: r.request_hash,
  reservationId: r.reservation_id,
  responseStatus: r.response_status,
  responseBody: r.response_body,
  createdAt: r.created_at,
  leaseId: r.lease_id,
  lockedAt: r.locked_at,
  completedAt: r.completed_at,
});

/** The idempotency-key table: who used which key for what, and the answer once there is one. */
export class IdempotencyRepository {
  constructor(private readonly db: Kysely<ReservationTables>) {}

  /** True when this call created the row; false when the key was already used. */
  async insertNew(k: NewIdempotencyKey): Promise<boolean> {
    const row = await this.db
      .insertInto('reservation.idempotency_key')
      .values({
        user_id: k.userId,
        key: k.key,
        operation: k.operation,
        request_hash: k.requestHash,
        reservation_id: k.reservationId,
        response_status: null,
        response_body: null,
        created_at: k.at,
        lease_id: k.leaseId,
        locked_at: k.at,
        completed_at: null,
      })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The key's row, locked for the rest of the transaction. */
  async lock(userId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await this.db
      .selectFrom('reservation.idempotency_key')
      .selectAll()
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async takeOver(userId: string, key: string, leaseId: string, at: Date): Promise<void> {
    await this.db
      .updateTable('reservation.idempotency_key')
      .set({ lease_id: leaseId, locked_at: at })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('response_status', 'is', null)
      .execute();
  }

  /** Locks the row when `leaseId` still holds the unfinished key; false when another took it over. */
  async holdsLease(userId: string, key: string, leaseId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('reservation.idempotency_key')
      .select('key')
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('lease_id', '=', leaseId)
      .where('response_status', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    return row !== undefined;
  }

  async complete(
    userId: string,
    key: string,
    leaseId: string,
    answer: { status: number; body: unknown },
    at: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('reservation.idempotency_key')
      .set({ response_status: answer.status, response_body: JSON.stringify(answer.body), completed_at: at })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('lease_id', '=', leaseId)
      .where('response_status', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /** Forgets keys created before `before` (answered or abandoned); returns how many. */
  async prune(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('reservation.idempotency_key')
      .where('created_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Ends the lease at once (the attempt failed without an answer): the next retry takes over. */
  async release(userId: string, key: string, leaseId: string): Promise<void> {
    await this.db
      .updateTable('reservation.idempotency_key')
      .set({ locked_at: new Date(0) })
      .where('user_id', '=', userId)
      .where('key', '=', key)
      .where('lease_id', '=', leaseId)
      .where('response_status', 'is', null)
      .execute();
  }
}
