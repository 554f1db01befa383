import type { BusOptions } from './core';
import { KafkaEventBus } from './kafka-bus';
import type { EventBus } from './port';
import { PostgresEventBus } from './postgres-bus';

export interface CreateBusOptions extends BusOptions {
  /** `KAFKA_BROKERS`: comma-separated host:port; empty = the PostgreSQL event log. */
  kafkaBrokers?: string | undefined;
  clientId: string;
  kafkaSessionTimeoutMs?: number | undefined;
}

/** Kafka when brokers are configured (`KAFKA_BROKERS`), else the PostgreSQL event log. */
export function createEventBus(o: CreateBusOptions): EventBus {
  const brokers = (o.kafkaBrokers ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const { kafkaBrokers: _, clientId, kafkaSessionTimeoutMs, ...options } = o;
  if (brokers.length === 0) return new PostgresEventBus(options);
  return new KafkaEventBus({
    ...options,
    brokers,
    clientId,
    ...(kafkaSessionTimeoutMs ? { sessionTimeoutMs: kafkaSessionTimeoutMs } : {}),
  });
}
