import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { TopicSpec } from '../topics';
import type { KafkaConnection, KafkaSasl } from './connection';
import { runConsumer, type ConsumerOptions, type RunningConsumer } from './consumer';
import { kafkaLogCreator, type KafkaLogger } from './logging';
import { mskIamTokenProvider, type MskTokenSigner } from './msk-iam';
import { createProducer, type KafkaProducer } from './producer';
import { creationConfig, ensureTopics, type TopicAdmin } from './topic-admin';

export interface RetryPolicy {
  retries: number;
  initialRetryTime: number;
  maxRetryTime: number;
}

export interface KafkaClientOptions {
  /** Without one, the client logs nothing (kafkajs's own console logger stays off). */
  logger?: KafkaLogger;
  /** How kafkajs's error lines are logged (see kafkaLogCreator); default 'error'. */
  errorsAs?: 'warn' | 'error';
  /** Used when the connection names no clientId. */
  defaultClientId?: string;
  /** Retries of each request before the owner's own loop takes over (default 3, 200 ms … 2 s). */
  retry?: RetryPolicy;
  /** Signs MSK IAM tokens (default: aws-msk-iam-sasl-signer-js's generateAuthToken). */
  signMskToken?: MskTokenSigner;
}

function saslOptions(sasl: KafkaSasl, sign: MskTokenSigner | undefined): SASLOptions {
  if (sasl.mechanism === 'aws-msk-iam')
    return {
      mechanism: 'oauthbearer',
      oauthBearerProvider: mskIamTokenProvider({ region: sasl.region, ...(sign ? { sign } : {}) }),
    };
  return { mechanism: sasl.mechanism, username: sasl.username, password: sasl.password };
}

/** The kafkajs client options a connection maps to (exported for its unit tests). */
export function kafkaJsConfig(c: KafkaConnection, o: KafkaClientOptions = {}): KafkaConfig {
  return {
    clientId: c.clientId ?? o.defaultClientId ?? 'cybertacotruck',
    brokers: c.brokers,
    // `ca` replaces the system CAs (a private CA: Strimzi's cluster CA); without it, the system's.
    ssl: c.ssl ? (c.ssl.ca ? { ca: [c.ssl.ca] } : true) : false,
    ...(c.sasl ? { sasl: saslOptions(c.sasl, o.signMskToken) } : {}),
    // TLS and SASL take more round trips than kafkajs's 1 s default allows across zones.
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    // The relay, the consumers and the publishers have their own patient loops: fail fast into them.
    retry: o.retry ?? { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    logLevel: o.logger ? logLevel.WARN : logLevel.NOTHING,
    ...(o.logger ? { logCreator: kafkaLogCreator(o.logger, o.errorsAs ?? 'error') } : {}),
  };
}

/**
 * The one way the app talks to Kafka: producers, consumers and topic declaration, all built from
 * one KafkaConnection (TLS, SASL, MSK IAM). Nothing outside this module knows the client library.
 */
export class KafkaClient {
  private readonly kafka: Kafka;
  /** Topics known to exist (checked or created once per client). */
  private readonly ensured = new Set<string>();

  constructor(
    readonly connection: KafkaConnection,
    private readonly options: KafkaClientOptions = {},
  ) {
    this.kafka = new Kafka(kafkaJsConfig(connection, options));
  }

  get autoCreateTopics(): boolean {
    return this.connection.autoCreateTopics ?? true;
  }

  /** A producer that connects on first send and again after a lost connection. */
  producer(): KafkaProducer {
    return createProducer(this.kafka);
  }

  /** Joins `groupId`, after making sure its topics exist, and runs `eachBatch` until stopped. */
  async consumer(o: ConsumerOptions): Promise<RunningConsumer> {
    await this.ensureTopics(o.topics);
    return runConsumer(this.kafka, o, this.options.logger);
  }

  /**
   * Makes sure `topics` exist: created with their declared partitions when auto-creation is on,
   * else checked (KafkaTopicsMissing names the missing ones). Each topic is looked at once per client.
   */
  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    const unknown = topics.filter((t) => !this.ensured.has(t.name));
    if (unknown.length === 0) return;
    await this.withAdmin((admin) =>
      ensureTopics(admin, unknown, {
        autoCreate: this.autoCreateTopics,
        ...(this.options.logger ? { logger: this.options.logger } : {}),
      }),
    );
    for (const t of unknown) this.ensured.add(t.name);
  }

  /** The topics on the cluster (tests, start-up diagnostics). */
  listTopics(): Promise<string[]> {
    return this.withAdmin((admin) => admin.listTopics());
  }

  private async withAdmin<T>(work: (admin: TopicAdmin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work({
        listTopics: () => admin.listTopics(),
        createTopics: async (specs) => {
          await admin.createTopics({
            waitForLeaders: true,
            topics: specs.map((s) => ({
              topic: s.name,
              numPartitions: s.partitions,
              configEntries: creationConfig(s),
            })),
          });
        },
      });
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }
}

export function createKafkaClient(
  connection: KafkaConnection,
  options: KafkaClientOptions = {},
): KafkaClient {
  return new KafkaClient(connection, options);
}
