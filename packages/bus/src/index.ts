import type { Transaction } from 'kysely';
import type { EventEnvelope } from '@cybertacotruck/contracts';

/**
 * The bus port every service will use (adapters — PostgreSQL outbox/log and Kafka — arrive with
 * the events issue). Publishing happens inside the caller's transaction: the event row commits
 * with the change or not at all; a relay moves it to the transport.
 */
export interface EventPublisher {
  publish<T>(trx: Transaction<object>, event: EventEnvelope<T>): Promise<void>;
}

/** At-least-once delivery to a named consumer group; the handler's effect and the inbox row share `trx`. */
export type EventHandler<T> = (event: EventEnvelope<T>, trx: Transaction<object>) => Promise<void>;

export interface EventSubscriber {
  subscribe<T>(group: string, types: string[], handler: EventHandler<T>): Promise<() => Promise<void>>;
}
export { OutboxRepository, createOutboxTable, type OutboxTable } from './outbox';
