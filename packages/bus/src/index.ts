export type {
  BusDatabase,
  DeadLetter,
  DeadLetters,
  EventBus,
  EventHandler,
  Subscription,
} from './port';
export { OutboxRepository, createOutboxTable, type OutboxTable } from './outbox';
export { TOPIC_PREFIX, topicOf } from './topics';
