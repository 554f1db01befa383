export type { BusDatabase, DeadLetter, DeadLetters, EventBus, EventHandler, Subscription } from './port';
export { OutboxRepository, addOutboxSequence, createOutboxTable, type OutboxTable } from './outbox';
export { createConsumerTables } from './consumer-tables';
export { DeadLetterNotFound, DeadLetterNotReplayable, type BusLogger, type BusOptions } from './core';
export { createEventBus } from './create-bus';
export { KafkaEventBus, type KafkaBusOptions } from './kafka-bus';
export { PostgresEventBus, postgresBusMigrations } from './postgres-bus';
export { TOPIC_PREFIX, topicOf } from './topics';
