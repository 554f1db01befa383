import {
  deadLettersOf,
  deliver,
  pruneInbox,
  resolveOptions,
  RunningParts,
  type BusOptions,
  type ResolvedOptions,
} from './core';
import { parseEnvelope } from './envelope';
import { createKafkaClient, type KafkaClient, type KafkaConnection, type KafkaProducer } from './kafka';
import type { DeadLetters, EventBus, Subscription } from './port';
import { startRelayLoop, type Publish } from './relay';
import { busTopicSpec, busTopics, topicOf } from './topics';

export interface KafkaBusOptions extends BusOptions {
  /** Brokers, TLS, SASL / MSK IAM and whether topics are created (KAFKA_TOPICS_AUTO_CREATE). */
  kafka: KafkaConnection;
  /** Client id when the connection names none (the process's name). */
  clientId?: string;
  /** How long a silent group member keeps its partitions (default 30 s). */
  sessionTimeoutMs?: number;
}

const INBOX_RETENTION_DAYS = 30;

/**
 * Kafka: one topic per emitting domain (`cybertacotruck.<domain>`), key = aggregate id, so one
 * aggregate's events stay in one partition, in order. Consumers are consumer groups that commit an
 * offset only after the event's transaction (effect + inbox) committed. Every Kafka call goes
 * through the one Kafka module (`./kafka`).
 */
export class KafkaEventBus implements EventBus {
  readonly kind = 'kafka';
  private readonly o: ResolvedOptions;
  private readonly client: KafkaClient;
  private readonly producer: KafkaProducer;
  private readonly handlers = new Map<string, Subscription>();
  private readonly running = new RunningParts();

  constructor(private readonly options: KafkaBusOptions) {
    this.o = resolveOptions(options);
    this.client = createKafkaClient(options.kafka, {
      logger: options.logger,
      // The relay and consumers log an outage once themselves.
      errorsAs: 'warn',
      ...(options.clientId ? { defaultClientId: options.clientId } : {}),
    });
    this.producer = this.client.producer();
  }

  /** Every declared bus topic exists (created, or checked when KAFKA_TOPICS_AUTO_CREATE is false). */
  async prepare(): Promise<void> {
    await this.client.ensureTopics(busTopics());
  }

  private readonly publish: Publish = async (events) => {
    const byTopic = new Map<string, typeof events>();
    for (const e of events) byTopic.set(e.topic, [...(byTopic.get(e.topic) ?? []), e]);
    // Declared topics were made sure of by prepare(); one of a new domain is, here, once.
    await this.client.ensureTopics([...byTopic.keys()].map(busTopicSpec));
    await this.producer.send(
      [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({
          key: e.envelope.key,
          value: JSON.stringify(e.envelope),
          headers: { 'event-id': e.envelope.id, 'event-type': e.envelope.type },
        })),
      })),
      { acks: -1 },
    );
  };

  startRelay(schema: string): Promise<() => Promise<void>> {
    const relay = startRelayLoop(this.o, schema, this.publish);
    return Promise.resolve(this.running.track(() => relay.stop()));
  }

  async subscribe(sub: Subscription): Promise<() => Promise<void>> {
    if (this.handlers.has(sub.group)) throw new Error(`group ${sub.group} is already consuming here`);
    this.handlers.set(sub.group, sub);
    const types = new Set(sub.types);
    const controller = new AbortController();
    let lastPrune = Date.now();
    let consumer;
    try {
      consumer = await this.client.consumer({
        groupId: sub.group,
        topics: [...new Set(sub.types.map(topicOf))].map(busTopicSpec),
        // A new group starts at the beginning: events published before it first joined are not lost.
        fromBeginning: true,
        autoCommit: { intervalMs: 1_000 },
        // Long polls end early on new data on a real broker; the mock cluster waits them out.
        maxWaitTimeInMs: 500,
        ...(this.options.sessionTimeoutMs ? { sessionTimeoutMs: this.options.sessionTimeoutMs } : {}),
        eachBatch: async (ctx) => {
          const { batch } = ctx;
          for (const message of batch.messages) {
            if (!ctx.isRunning() || ctx.isStale() || controller.signal.aborted) break;
            const text = message.value?.toString('utf8') ?? '';
            const event = parseEnvelope(text);
            if (event && !types.has(event.type)) {
              ctx.resolveOffset(message.offset);
              continue;
            }
            const result = await deliver(this.o, sub, batch.topic, text, event, controller.signal);
            if (result === 'stopped') break;
            ctx.resolveOffset(message.offset);
            await ctx.heartbeat();
          }
          await ctx.commitOffsetsIfNecessary();
          if (Date.now() - lastPrune > 3_600_000) {
            lastPrune = Date.now();
            await pruneInbox(this.o.db, sub.schema, INBOX_RETENTION_DAYS);
          }
        },
      });
    } catch (error) {
      this.handlers.delete(sub.group);
      throw error;
    }
    const running = consumer;
    return this.running.track(async () => {
      controller.abort();
      await running.disconnect();
      this.handlers.delete(sub.group);
    });
  }

  deadLetters(schema: string): DeadLetters {
    return deadLettersOf(this.o.db, schema, this.handlers);
  }

  async close(): Promise<void> {
    await this.running.stopAll();
    await this.producer.close();
  }
}
