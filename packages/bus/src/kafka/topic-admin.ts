import type { TopicSpec } from '../topics';
import type { KafkaLogger } from './logging';

/** The two admin calls topic declaration needs (kafkajs's admin client in production). */
export interface TopicAdmin {
  listTopics(): Promise<string[]>;
  createTopics(topics: TopicSpec[]): Promise<void>;
}

/** Declared topics absent from the cluster while KAFKA_TOPICS_AUTO_CREATE is false. */
export class KafkaTopicsMissing extends Error {
  constructor(readonly missing: string[]) {
    super(
      `Kafka topics missing: ${missing.join(', ')}. KAFKA_TOPICS_AUTO_CREATE is false (the production default), ` +
        'so the app does not create them: declare them on the cluster (Strimzi KafkaTopic, MSK topic) ' +
        'with the partitions of declaredTopics() in @cybertacotruck/bus, or set KAFKA_TOPICS_AUTO_CREATE=true.',
    );
    this.name = 'KafkaTopicsMissing';
  }
}

/** The cluster refused to create topics the app was asked to create (auto-creation on). */
export class KafkaTopicsNotCreated extends Error {
  constructor(
    readonly topics: string[],
    cause: unknown,
  ) {
    super(
      `could not create Kafka topics ${topics.join(', ')}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Declare them on the cluster, or grant this client Create on them.',
      { cause },
    );
    this.name = 'KafkaTopicsNotCreated';
  }
}

/**
 * Makes sure `topics` exist: the missing ones are created with their declared partitions when
 * `autoCreate`, else reported all at once (KafkaTopicsMissing). Never relies on a broker creating a
 * topic on first use, which MSK and Strimzi with ACLs refuse. Returns the names it created.
 */
export async function ensureTopics(
  admin: TopicAdmin,
  topics: TopicSpec[],
  o: { autoCreate: boolean; logger?: KafkaLogger },
): Promise<string[]> {
  if (topics.length === 0) return [];
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t.name));
  if (missing.length === 0) return [];
  const names = missing.map((t) => t.name);
  if (!o.autoCreate) throw new KafkaTopicsMissing(names);
  try {
    await admin.createTopics(missing);
  } catch (error) {
    throw new KafkaTopicsNotCreated(names, error);
  }
  o.logger?.info(
    { topics: missing.map((t) => ({ name: t.name, partitions: t.partitions })) },
    'created Kafka topics (KAFKA_TOPICS_AUTO_CREATE)',
  );
  return names;
}

/**
 * What a created topic is given: its declared configuration but `min.insync.replicas`, which
 * belongs to the declared replication; a topic created here takes the broker's default
 * replication (one broker on a laptop), and two in-sync replicas would refuse every write there.
 */
export function creationConfig(spec: TopicSpec): { name: string; value: string }[] {
  return Object.entries(spec.config)
    .filter(([name]) => name !== 'min.insync.replicas')
    .map(([name, value]) => ({ name, value }));
}
