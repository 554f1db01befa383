import type { BusOptions } from './core';
import type { KafkaConnection } from './kafka';
import { KafkaEventBus } from './kafka-bus';
import type { EventBus } from './port';
import { PostgresEventBus } from './postgres-bus';

export interface CreateBusOptions extends BusOptions {
  /** The Kafka connection (KAFKA_BROKERS and the TLS/SASL keys); null/absent = the PostgreSQL event log. */
  kafka?: KafkaConnection | null | undefined;
  /** Kafka client id when the connection names none. */
  clientId: string;
  kafkaSessionTimeoutMs?: number | undefined;
}

/** Kafka when a connection is configured (`KAFKA_BROKERS`), else the PostgreSQL event log. */
export function createEventBus(o: CreateBusOptions): EventBus {
  const { kafka, clientId, kafkaSessionTimeoutMs, ...options } = o;
  if (!kafka || kafka.brokers.length === 0) return new PostgresEventBus(options);
  return new KafkaEventBus({
    ...options,
    kafka,
    clientId,
    ...(kafkaSessionTimeoutMs ? { sessionTimeoutMs: kafkaSessionTimeoutMs } : {}),
  });
}
