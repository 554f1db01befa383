import { randomUUID } from 'node:crypto';
import {
  createKafkaClient,
  telemetryTopicName,
  telemetryTopics,
  type KafkaConnection,
  type OutgoingMessage,
} from '@cybertacotruck/bus';
import type { TelemetryRecord } from './telemetry';

export type TelemetryEncoding = 'protobuf' | 'json';
type Kind = TelemetryRecord['topic'];

export interface KafkaPublisherOptions {
  /**
   * The Kafka connection (TLS, SASL / MSK IAM, KAFKA_TOPICS_AUTO_CREATE): the platform's
   * `kafkaConnectionFrom(config, …)`. Wins over `brokers`.
   */
  kafka?: KafkaConnection;
  /** Brokers alone: plaintext, no authentication (tests, a laptop). */
  brokers?: string[];
  /** fleet-telemetry's namespace: topics `<namespace>_V`, `_connectivity`, `_alerts`, `_errors` (default `tesla`). */
  namespace?: string;
  /** protobuf (fleet-telemetry's default) or json (`transmit_decoded_records`); default protobuf. */
  encoding?: TelemetryEncoding;
  /** Per record type, overriding `encoding` (e.g. a test with one JSON-encoded topic). */
  encodingOf?: Partial<Record<Kind, TelemetryEncoding>>;
  /** Used when the connection names no client id (default `tesla-sim-telemetry`). */
  clientId?: string;
  /** How long records wait to be sent together (default 10 ms). */
  lingerMs?: number;
  /** Told when a send fails (the records are dropped, as a fire-and-forget dispatcher would). */
  onError?: (error: unknown) => void;
}

export interface KafkaPublisher {
  /** Publishes one record (buffered; sent within `lingerMs`). */
  publish(record: TelemetryRecord): void;
  /** Sends what is buffered and waits for it. */
  flush(): Promise<void>;
  published(): number;
  close(): Promise<void>;
}

/** The Kafka message fleet-telemetry writes for a record: key = VIN, its headers, the encoded value. */
export function telemetryMessage(
  record: TelemetryRecord,
  encoding: TelemetryEncoding,
  receivedAt = Date.now(),
): OutgoingMessage {
  return {
    key: record.vin,
    value: encoding === 'json' ? Buffer.from(record.json) : Buffer.from(record.protobuf),
    headers: {
      vin: record.vin,
      receivedat: String(receivedAt),
      timestamp: String(record.createdAt.getTime()),
      txid: randomUUID(),
      txtype: record.topic,
      version: '1',
      device_client_version: 'tesla-sim',
    },
  };
}

/**
 * Publishes the simulator's Fleet Telemetry records to Kafka exactly as Tesla's `fleet-telemetry`
 * does: topic `<namespace>_<V|connectivity|alerts|errors>`, key = VIN, headers `vin, receivedat, timestamp,
 * txid, txtype, version, device_client_version`, protobuf unless asked for JSON.
 */
export async function startKafkaPublisher(o: KafkaPublisherOptions): Promise<KafkaPublisher> {
  const namespace = o.namespace ?? 'tesla';
  const lingerMs = o.lingerMs ?? 10;
  const connection = o.kafka ?? { brokers: o.brokers ?? [] };
  if (connection.brokers.length === 0) throw new Error('startKafkaPublisher: no Kafka brokers');
  const client = createKafkaClient(connection, { defaultClientId: o.clientId ?? 'tesla-sim-telemetry' });
  // The topics it writes exist before the first record (created, or checked in production).
  const kinds: Kind[] = ['V', 'connectivity', 'alerts', 'errors'];
  const names = new Set(kinds.map((kind) => telemetryTopicName(namespace, kind)));
  await client.ensureTopics(telemetryTopics(namespace).filter((t) => names.has(t.name)));
  const producer = client.producer();
  let buffer: { topic: string; message: OutgoingMessage }[] = [];
  let timer: NodeJS.Timeout | null = null;
  let sending: Promise<void> = Promise.resolve();
  let count = 0;

  const send = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const batch = buffer;
    buffer = [];
    if (batch.length === 0) return sending;
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const { topic, message } of batch) {
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      list.push(message);
    }
    sending = sending
      .then(async () => {
        await producer.send([...byTopic].map(([topic, messages]) => ({ topic, messages })));
        count += batch.length;
      })
      .catch((error: unknown) => o.onError?.(error));
    return sending;
  };

  return {
    publish(record) {
      const encoding = o.encodingOf?.[record.topic] ?? o.encoding ?? 'protobuf';
      buffer.push({
        topic: telemetryTopicName(namespace, record.topic),
        message: telemetryMessage(record, encoding),
      });
      timer ??= setTimeout(() => void send(), lingerMs);
    },
    flush: () => send(),
    published: () => count,
    close: async () => {
      await send();
      await producer.close();
    },
  };
}

/** Publishes every record `telemetry` streams until the returned function is called. */
export async function publishTelemetryToKafka(
  telemetry: { onRecord(cb: (r: TelemetryRecord) => void): () => void },
  o: KafkaPublisherOptions,
): Promise<KafkaPublisher> {
  const publisher = await startKafkaPublisher(o);
  const stop = telemetry.onRecord((r) => {
    publisher.publish(r);
  });
  return {
    ...publisher,
    close: async () => {
      stop();
      await publisher.close();
    },
  };
}
