import { Kafka, logLevel, type Consumer, type LogEntry, type Producer } from 'kafkajs';
import {
  deadLettersOf,
  deliver,
  errorText,
  pruneInbox,
  resolveOptions,
  RunningParts,
  type BusLogger,
  type BusOptions,
  type ResolvedOptions,
} from './core';
import { parseEnvelope } from './envelope';
import type { DeadLetters, EventBus, Subscription } from './port';
import { startRelayLoop, type Publish } from './relay';
import { topicOf } from './topics';

export interface KafkaBusOptions extends BusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions for topics this adapter creates (default 6). */
  partitions?: number;
  /** How long a silent group member keeps its partitions (kafkajs default 30 s). */
  sessionTimeoutMs?: number;
}

const INBOX_RETENTION_DAYS = 30;

/** kafkajs logs through the bus's logger; its chatty info level stays out. */
function logCreator(logger: BusLogger) {
  return () =>
    ({ level, log }: LogEntry) => {
      const { message, ...extra } = log;
      // kafkajs reports every refused connection of an outage as an error; the relay and the
      // consumers log the incident once themselves, so its own lines are warnings.
      if (level <= logLevel.WARN) logger.warn({ kafka: extra }, `kafkajs: ${message}`);
    };
}

/**
 * Kafka: one topic per emitting domain (`cybertacotruck.<domain>`), key = aggregate id, so one
 * aggregate's events stay in one partition, in order. Consumers are kafkajs consumer groups that
 * commit an offset only after the event's transaction (effect + inbox) committed.
 */
export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka';
  private readonly o: ResolvedOptions;
  private readonly kafka: Kafka;
  private producer: Promise<Producer> | null = null;
  private readonly handlers = new Map<string, Subscription>();
  private readonly running = new RunningParts();
  private readonly ensured = new Set<string>();

  constructor(private readonly options: KafkaBusOptions) {
    this.o = resolveOptions(options);
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      logCreator: logCreator(options.logger),
      connectionTimeout: 3_000,
      requestTimeout: 10_000,
      // The relay and consumers have their own patient loops; kafkajs should fail fast into them.
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
  }

  private getProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({ allowAutoTopicCreation: true });
      producer.on(producer.events.DISCONNECT, () => {
        this.producer = null;
      });
      try {
        await producer.connect();
      } catch (error) {
        this.producer = null;
        throw error;
      }
      return producer;
    })();
    return this.producer;
  }

  /** Creates topics on brokers that do not auto-create them; a refusal is only logged. */
  private async ensureTopics(topics: string[]): Promise<void> {
    const missing = topics.filter((t) => !this.ensured.has(t));
    if (missing.length === 0) return;
    const admin = this.kafka.admin();
    try {
      await admin.connect();
      const existing = new Set(await admin.listTopics());
      const create = missing.filter((t) => !existing.has(t));
      if (create.length > 0)
        await admin.createTopics({
          topics: create.map((topic) => ({ topic, numPartitions: this.options.partitions ?? 6 })),
        });
    } catch (error) {
      // librdkafka's mock cluster refuses CreateTopics; it creates topics on first use instead.
      // Asked once per topic: a broker that auto-creates needs no second try.
      this.o.logger.warn(
        { topics: missing, err: errorText(error) },
        'could not create topics; relying on auto-creation',
      );
    } finally {
      for (const t of missing) this.ensured.add(t);
      await admin.disconnect().catch(() => {});
    }
  }

  private readonly publish: Publish = async (events) => {
    const producer = await this.getProducer();
    const byTopic = new Map<string, typeof events>();
    for (const e of events) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    await this.ensureTopics([...byTopic.keys()]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({
          key: e.envelope.key,
          value: JSON.stringify(e.envelope),
          headers: { 'event-id': e.envelope.id, 'event-type': e.envelope.type },
        })),
      })),
    });
  };

  startRelay(schema: string): Promise<() => Promise<void>> {
    const relay = startRelayLoop(this.o, schema, this.publish);
    return Promise.resolve(this.running.track(() => relay.stop()));
  }

  async subscribe(sub: Subscription): Promise<() => Promise<void>> {
    if (this.handlers.has(sub.group)) throw new Error(`group ${sub.group} is already consuming here`);
    this.handlers.set(sub.group, sub);
    const types = new Set(sub.types);
    const topics = [...new Set(sub.types.map(topicOf))];
    await this.ensureTopics(topics);
    const controller = new AbortController();
    const consumer: Consumer = this.kafka.consumer({
      groupId: sub.group,
      allowAutoTopicCreation: true,
      // Long polls end early on new data on a real broker; the mock cluster waits them out.
      maxWaitTimeInMs: 500,
      ...(this.options.sessionTimeoutMs
        ? {
            sessionTimeout: this.options.sessionTimeoutMs,
            heartbeatInterval: this.options.sessionTimeoutMs / 10,
          }
        : {}),
      retry: { retries: 8, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    await consumer.connect();
    // A new group starts at the beginning: events published before it first joined are not lost.
    await consumer.subscribe({ topics, fromBeginning: true });
    let lastPrune = Date.now();
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        for (const message of batch.messages) {
          if (!payload.isRunning() || payload.isStale() || controller.signal.aborted) break;
          const text = message.value?.toString('utf8') ?? '';
          const event = parseEnvelope(text);
          if (event && !types.has(event.type)) {
            payload.resolveOffset(message.offset);
            continue;
          }
          const result = await deliver(this.o, sub, batch.topic, text, event, controller.signal);
          if (result === 'stopped') break;
          payload.resolveOffset(message.offset);
          await payload.heartbeat();
        }
        await payload.commitOffsetsIfNecessary();
        if (Date.now() - lastPrune > 3_600_000) {
          lastPrune = Date.now();
          await pruneInbox(this.o.db, sub.schema, INBOX_RETENTION_DAYS);
        }
      },
    });
    return this.running.track(async () => {
      controller.abort();
      await consumer.disconnect();
      this.handlers.delete(sub.group);
    });
  }

  deadLetters(schema: string): DeadLetters {
    return deadLettersOf(this.o.db, schema, this.handlers);
  }

  async close(): Promise<void> {
    await this.running.stopAll();
    const producer = this.producer;
    this.producer = null;
    if (producer) await (await producer.catch(() => null))?.disconnect();
  }
}
