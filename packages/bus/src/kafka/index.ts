/**
 * The one Kafka module: every Kafka client the app runs (the bus adapter, inventory's telemetry
 * consumer, the simulator's fleet-telemetry publisher, the benchmarks) is built here from one
 * KafkaConnection. The client library (kafkajs) is known only inside this folder.
 */
export {
  KAFKA_SASL_MECHANISMS,
  KafkaConfigError,
  describeKafkaConnection,
  kafkaConnectionFromConfig,
  type KafkaConfigKeys,
  type KafkaConnection,
  type KafkaSasl,
  type KafkaSaslMechanism,
} from './connection';
export { KafkaClient, createKafkaClient, type KafkaClientOptions, type RetryPolicy } from './client';
export type { BatchContext, ConsumerOptions, KafkaBatch, KafkaRecord, RunningConsumer } from './consumer';
export type { KafkaLogger } from './logging';
export { mskIamTokenProvider, type MskAuthToken, type MskTokenSigner } from './msk-iam';
export type { KafkaProducer, OutgoingMessage, TopicMessages } from './producer';
export { KafkaTopicsMissing, KafkaTopicsNotCreated } from './topic-admin';
