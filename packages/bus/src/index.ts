export type { BusDatabase, DeadLetter, DeadLetters, EventBus, EventHandler, Subscription } from './port';
export {
  OutboxRepository,
  addOutboxSequence,
  createOutboxTable,
  type AppendableEvent,
  type OutboxTable,
  type PayloadOf,
  type UndeclaredEvent,
} from './outbox';
export { createConsumerTables } from './consumer-tables';
export { InvalidEventPayload } from './invalid-event';
export { DeadLetterNotFound, DeadLetterNotReplayable, type BusLogger, type BusOptions } from './core';
export { createEventBus } from './create-bus';
export { KafkaEventBus, type KafkaBusOptions } from './kafka-bus';
export { PostgresEventBus, postgresBusMigrations } from './postgres-bus';
export {
  BUS_DOMAINS,
  BUS_TOPIC_PARTITIONS,
  TELEMETRY_RECORD_TYPES,
  TOPIC_PREFIX,
  busTopicSpec,
  busTopics,
  declaredTopics,
  telemetryTopicName,
  telemetryTopics,
  topicOf,
  type TelemetryRecordType,
  type TopicSpec,
} from './topics';
// The one Kafka module (kafkajs stays inside it; the MSK IAM signer loads only when configured).
export * from './kafka';
