import type { Kysely, Transaction } from 'kysely';
import type { EventEnvelope } from '@cybertacotruck/contracts';

/**
 * The bus port every service uses. Publishing happens inside the caller's transaction
 * (`OutboxRepository.append`): the event row commits with the change or not at all, and a relay
 * moves `<schema>.outbox` rows to the transport in order. Consumers run in named groups, at least
 * once; each handled event id is recorded in `<schema>.inbox` in the same transaction as the
 * handler's effect, so a redelivered event has no second effect. A handler that keeps failing is
 * retried with backoff and then parked in `<schema>.dead_letter`, which operators can list and
 * replay; the partition moves on.
 *
 * Two adapters implement it: PostgreSQL (the embedded default: an event log table, no broker) and
 * Kafka (the one Kafka module, `./kafka`; one topic per emitting domain, key = aggregate id). `KAFKA_BROKERS` selects.
 */

/** The handler's effect and the inbox row share `trx`; throwing rolls both back and retries. */
// `any`: each service applies its own table types to the transaction it is handed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EventHandler = (event: EventEnvelope<unknown>, trx: Transaction<any>) => Promise<void>;

export interface Subscription {
  /** The consumer group: every group sees every event once (at least once, effect exactly once). */
  group: string;
  /** The consuming service's schema: its `inbox` and `dead_letter` tables (see createConsumerTables). */
  schema: string;
  /** Event types wanted, e.g. `reservation.reservation.confirmed`; others are skipped. */
  types: readonly string[];
  handle: EventHandler;
}

export interface DeadLetter {
  id: string;
  group: string;
  eventId: string | null;
  type: string | null;
  key: string | null;
  topic: string;
  /** The event as received (the envelope, or the raw text when it could not be parsed). */
  payload: string;
  error: string;
  attempts: number;
  failedAt: Date;
  replayedAt: Date | null;
  discardedAt: Date | null;
}

export interface DeadLetters {
  list(o?: { group?: string; open?: boolean; limit?: number }): Promise<DeadLetter[]>;
  /** Runs the group's handler on the parked event again (through the inbox); throws if it fails again. */
  replay(id: string): Promise<DeadLetter>;
  discard(id: string): Promise<DeadLetter>;
}

export interface EventBus {
  readonly kind: 'postgres' | 'kafka';
  /**
   * Readies the transport before the process serves. Kafka: every declared bus topic exists —
   * created when KAFKA_TOPICS_AUTO_CREATE is true, else checked, failing with the missing ones
   * named. The PostgreSQL log: nothing to do.
   */
  prepare(): Promise<void>;
  /** Moves `<schema>.outbox` rows to the transport in order; returns the function that stops it. */
  startRelay(schema: string): Promise<() => Promise<void>>;
  /** Starts a consumer; returns the function that stops it (in-flight event finished first). */
  subscribe(subscription: Subscription): Promise<() => Promise<void>>;
  /** Dead letters of the groups consuming into `schema`. */
  deadLetters(schema: string): DeadLetters;
  close(): Promise<void>;
}

/** The database handle the bus works with: the process's Kysely (any tables). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BusDatabase = Kysely<any>;
