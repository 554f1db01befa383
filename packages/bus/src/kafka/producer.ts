import type { Kafka, Producer } from 'kafkajs';

export interface OutgoingMessage {
  key?: string | Buffer | null;
  value: string | Buffer;
  headers?: Record<string, string>;
}

export interface TopicMessages {
  topic: string;
  messages: OutgoingMessage[];
}

export interface KafkaProducer {
  /**
   * Sends the messages (any number of topics) as one request per broker; resolves once the
   * brokers acknowledged (`acks`: -1 all in-sync replicas, the default; 1 the leader).
   * The topics must exist (KafkaClient.ensureTopics): the producer never has a broker create one.
   */
  send(batch: TopicMessages[], o?: { acks?: -1 | 1 }): Promise<void>;
  close(): Promise<void>;
}

export function createProducer(kafka: Kafka): KafkaProducer {
  let producer: Promise<Producer> | null = null;
  let closed = false;
  const connected = (): Promise<Producer> => {
    producer ??= (async () => {
      const p = kafka.producer({ allowAutoTopicCreation: false });
      // A lost connection is re-established by the next send rather than by kafkajs in the
      // background, so a send during an outage fails fast into its caller's retry loop.
      p.on(p.events.DISCONNECT, () => {
        producer = null;
      });
      try {
        await p.connect();
      } catch (error) {
        producer = null;
        throw error;
      }
      return p;
    })();
    return producer;
  };
  return {
    async send(batch, o = {}) {
      if (closed) throw new Error('the Kafka producer is closed');
      if (batch.every((t) => t.messages.length === 0)) return;
      const p = await connected();
      await p.sendBatch({ acks: o.acks ?? -1, topicMessages: batch });
    },
    async close() {
      closed = true;
      const current = producer;
      producer = null;
      if (current) await (await current.catch(() => null))?.disconnect();
    },
  };
}
