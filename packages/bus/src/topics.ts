/**
 * Every Kafka topic the app uses, declared once: the bus's topics and the topics Tesla's
 * fleet-telemetry writes. The app creates missing ones from this list when
 * KAFKA_TOPICS_AUTO_CREATE is true (development) and only checks that they exist when it is false
 * (production); the deploy manifests (Strimzi KafkaTopic objects) are checked against it.
 */

// The event → topic rule is the contracts' (one per emitting domain, `reservation.…` →
// `cybertacotruck.reservation`, so an aggregate's events stay in order); re-exported here for the bus.
import { TOPIC_PREFIX, topicOf } from '@cybertacotruck/contracts';
export { TOPIC_PREFIX, topicOf };

export interface TopicSpec {
  name: string;
  /** Partitions: the most consumers of one group that can share the work. */
  partitions: number;
  /**
   * Replicas in production (three brokers: MSK across three zones, Strimzi's node pool). A topic
   * the app creates itself (KAFKA_TOPICS_AUTO_CREATE) takes the broker's default instead.
   */
  replicationFactor: number;
  /** Topic configuration, Kafka's names (what a KafkaTopic's `spec.config` holds). */
  config: Readonly<Record<string, string>>;
  /** Who writes it and who reads it. */
  description: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The domains that emit events (`@cybertacotruck/contracts`; a test checks every event maps here). */
export const BUS_DOMAINS = ['account', 'inventory', 'reservation'] as const;
/** Partitions of a bus topic: consumer replicas per group beyond this sit idle. */
export const BUS_TOPIC_PARTITIONS = 6;

/** A bus topic: the outbox relays write it, consumer groups read it. */
export function busTopicSpec(name: string): TopicSpec {
  return {
    name,
    partitions: BUS_TOPIC_PARTITIONS,
    replicationFactor: 3,
    config: {
      'cleanup.policy': 'delete',
      // As long as the outbox keeps published rows, so a consumer that was away a week catches up.
      'retention.ms': String(7 * DAY_MS),
      // With acks=all (the relay's), an event is acknowledged once two replicas hold it.
      'min.insync.replicas': '2',
    },
    description: `events of the ${name.slice(TOPIC_PREFIX.length)} domain (outbox relay → consumer groups)`,
  };
}

export const busTopics = (): TopicSpec[] => BUS_DOMAINS.map((d) => busTopicSpec(`${TOPIC_PREFIX}${d}`));

/** fleet-telemetry's record types; each is written to `<namespace>_<type>` (TESLA.md). */
export const TELEMETRY_RECORD_TYPES = ['V', 'alerts', 'errors', 'connectivity'] as const;
export type TelemetryRecordType = (typeof TELEMETRY_RECORD_TYPES)[number];

export const telemetryTopicName = (namespace: string, type: TelemetryRecordType): string =>
  `${namespace}_${type}`;

/** fleet-telemetry's topics under TELEMETRY_KAFKA_NAMESPACE (inventory reads V, alerts, connectivity). */
export function telemetryTopics(namespace: string): TopicSpec[] {
  return TELEMETRY_RECORD_TYPES.map((type) => ({
    name: telemetryTopicName(namespace, type),
    // Key = VIN: the signals stream (V) carries most of the volume and is spread widest.
    partitions: type === 'V' ? 12 : 3,
    replicationFactor: 3,
    config: {
      'cleanup.policy': 'delete',
      // Live state needs only the newest records; a day covers an ingestion outage.
      'retention.ms': String(DAY_MS),
      'min.insync.replicas': '2',
    },
    description: `fleet-telemetry ${type} records (fleet-telemetry → inventory's telemetry consumer)`,
  }));
}

/** Every topic the app uses, for the deploy manifests and the start-up check. */
export function declaredTopics(o: { telemetryNamespace: string }): TopicSpec[] {
  return [...busTopics(), ...telemetryTopics(o.telemetryNamespace)];
}
