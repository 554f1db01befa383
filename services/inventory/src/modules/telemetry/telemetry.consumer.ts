import { Counter, Histogram, Registry } from 'prom-client';
import {
  createKafkaClient,
  telemetryTopicName,
  telemetryTopics as declaredTelemetryTopics,
  type KafkaConnection,
  type RunningConsumer,
} from '@cybertacotruck/bus';
import type { Logger } from '@cybertacotruck/platform';
import { TelemetryBatcher, TelemetryNotWrittenError } from './telemetry-batcher';
import { TELEMETRY_KINDS, registerTelemetryDecodeMetrics, type TelemetryKind } from './telemetry-decode';
import type { IngestResult, PreparedRecord, TelemetryIngestService } from './telemetry-ingest.service';

export interface TelemetryConsumerOptions {
  /**
   * The Kafka connection (TLS, SASL / MSK IAM, KAFKA_TOPICS_AUTO_CREATE): the platform's
   * `kafkaConnectionFrom(ctx.config, …)`. Wins over `brokers`.
   */
  kafka?: KafkaConnection;
  /** Brokers alone: plaintext, no authentication (tests, a laptop). */
  brokers?: string[];
  /** Consumer group (TELEMETRY_KAFKA_GROUP). */
  groupId: string;
  /** fleet-telemetry's namespace: topics `<namespace>_V`, `_connectivity`, `_alerts`. */
  namespace: string;
  ingest: TelemetryIngestService;
  logger: Logger;
  /**
   * Records per database write, at most (default 40,000). Under load each write folds everything
   * fetched while the previous one ran, and its rows are bounded by the fleet: fewer rows written per
   * record. The cap must leave room to catch up: at 20,000 a write slower than 0.8 s (a busy machine,
   * a GC pause) could never keep up with 25,000 records/s again, and lag grew for the rest of the
   * run. Idle, a write is whatever arrived within `lingerMs`.
   */
  maxBatchRecords?: number;
  /** Where the metrics are registered (the process's /metrics registry when it has one). */
  registry?: Registry;
  /** Read topics from the beginning when the group has no committed offset (default false). */
  fromBeginning?: boolean;
  /** Used when the connection names no client id (default `inventory-telemetry`). */
  clientId?: string;
  /** Called after each write committed (benchmarks, tests). */
  onCommitted?: (result: IngestResult, committedAt: number) => void;
  /**
   * At stop, how long records already fetched are still written (default 5 s); the rest stay
   * uncommitted in Kafka and the partition's next owner reads them again.
   */
  stopBudgetMs?: number;
}

export interface TelemetryConsumer {
  metrics: TelemetryMetrics;
  stop(): Promise<void>;
}

export interface TelemetryMetrics {
  registry: Registry;
  ingested: Counter<'kind'>;
  undecodable: Counter<'kind'>;
  unknownVin: Counter;
  lag: Histogram;
}

export function telemetryMetrics(registry = new Registry()): TelemetryMetrics {
  registerTelemetryDecodeMetrics(registry);
  return {
    registry,
    ingested: new Counter({
      name: 'telemetry_records_total',
      help: 'Fleet Telemetry records read from Kafka, by record type',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    undecodable: new Counter({
      name: 'telemetry_records_undecodable_total',
      help: 'Fleet Telemetry records that could not be decoded (skipped)',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    unknownVin: new Counter({
      name: 'telemetry_records_unknown_vin_total',
      help: 'Fleet Telemetry records of VINs not in the fleet (skipped)',
      registers: [registry],
    }),
    lag: new Histogram({
      name: 'telemetry_ingest_lag_seconds',
      help: 'From a record being created in the vehicle to its batch committed in live state',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
  };
}

/** The topics inventory reads: `<namespace>_V`, `_connectivity`, `_alerts` (not `_errors`). */
export const telemetryTopics = (namespace: string): string[] =>
  TELEMETRY_KINDS.map((kind) => telemetryTopicName(namespace, kind));

/**
 * Consumes fleet-telemetry's Kafka topics into live state. Every fetched batch (one partition) is
 * cut into chunks that join the records of other partitions in group-committed writes
 * (TelemetryBatcher). Fetching runs ahead (bounded), but a partition's offset is committed only
 * once every chunk up to it is in live state, so delivery is at least once and folding
 * (idempotent) makes it exact. An undecodable record is counted, logged
 * without its payload and skipped with its chunk: it never holds its partition up.
 */
export async function startTelemetryConsumer(o: TelemetryConsumerOptions): Promise<TelemetryConsumer> {
  const metrics = telemetryMetrics(o.registry);
  const maxBatch = o.maxBatchRecords ?? 40_000;
  const kindOfTopic = new Map<string, TelemetryKind>(
    TELEMETRY_KINDS.map((k) => [telemetryTopicName(o.namespace, k), k] as const),
  );
  const logger = o.logger.child({ worker: 'telemetry-kafka' });
  // Records are decoded as they arrive, so the next write's CPU work overlaps this one's database
  // time (the batcher writes one batch at a time).
  const batcher = new TelemetryBatcher<PreparedRecord>((records) => o.ingest.ingestDecoded(records), {
    maxRecords: maxBatch,
    lingerMs: 5,
    onCommitted: (result, committedAt) => {
      metrics.unknownVin.inc(result.unknownVin);
      for (const kind of result.undecodableKinds) metrics.undecodable.inc({ kind });
      for (const at of result.createdAtMs) metrics.lag.observe(Math.max(0, committedAt - at) / 1000);
      o.onCommitted?.(result, committedAt);
    },
  });
  const connection = o.kafka ?? { brokers: o.brokers ?? [] };
  if (connection.brokers.length === 0) throw new Error('startTelemetryConsumer: no Kafka brokers');
  const client = createKafkaClient(connection, {
    logger,
    defaultClientId: o.clientId ?? 'inventory-telemetry',
  });
  const read = new Set(telemetryTopics(o.namespace));
  // Per partition, the chunks handed to the batcher in offset order; an offset is committed once
  // every chunk up to it is in live state (writes may finish out of order).
  interface Lane {
    topic: string;
    partition: number;
    chunks: { first: string; offset: string; done: boolean }[];
  }
  const lanes = new Map<string, Lane>();
  const inFlight = new Set<Promise<void>>();
  let pendingRecords = 0;
  let stopping = false;
  let committing: Promise<void> = Promise.resolve();
  // Lanes whose first chunk may be done. A write holds chunks of many partitions and resolves them
  // all in one tick: their offsets go out together, in one commit request per write.
  const advanced = new Set<Lane>();
  let commitQueued = false;
  const commitAdvanced = () => {
    commitQueued = false;
    const offsets: { topic: string; partition: number; offset: string }[] = [];
    for (const lane of advanced) {
      let offset: string | undefined;
      while (lane.chunks[0]?.done) offset = lane.chunks.shift()?.offset;
      if (offset !== undefined)
        offsets.push({
          topic: lane.topic,
          partition: lane.partition,
          offset: (BigInt(offset) + 1n).toString(),
        });
    }
    advanced.clear();
    if (offsets.length === 0) return;
    committing = committing
      .then(async () => (await joined).commit(offsets))
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'telemetry offsets not committed (re-read later)');
      });
  };
  const chunkDone = (lane: Lane) => {
    advanced.add(lane);
    if (commitQueued) return;
    commitQueued = true;
    setImmediate(commitAdvanced);
  };
  // The running consumer, for commits and seeks; a batch may arrive before it is handed back.
  const joined: Promise<RunningConsumer> = client.consumer({
    groupId: o.groupId,
    topics: declaredTelemetryTopics(o.namespace).filter((t) => read.has(t.name)),
    fromBeginning: o.fromBeginning ?? false,
    // Offsets are committed by hand, after the write that holds their records committed.
    autoCommit: false,
    // Short long-polls: librdkafka's mock cluster (and a quiet partition) waits them out in full,
    // and a fetch that waits is lag.
    maxWaitTimeInMs: 50,
    // Records are ~100-300 bytes: 1 MB per partition is thousands per fetch, 16 MB a few writes.
    maxBytesPerPartition: 1024 * 1024,
    maxBytes: 16 * 1024 * 1024,
    partitionsConsumedConcurrently: 16,
    // The callbacks made below outlive the batch (until its write commits) and mention only the
    // lane and the chunk's count, not `batch` or `chunk`: a closure keeps its whole scope alive. (A
    // precaution: the bytes the collector promotes per record were the same before, ~2.3 KB; see
    // bench/README.md, telemetry-ingest, 2026-12-05 evening.)
    eachBatch: async (payload) => {
      const { batch } = payload;
      const kind: TelemetryKind | undefined = kindOfTopic.get(batch.topic);
      const messages = batch.messages;
      const laneKey = `${batch.topic}:${batch.partition}`;
      let lane = lanes.get(laneKey);
      if (!lane) lanes.set(laneKey, (lane = { topic: batch.topic, partition: batch.partition, chunks: [] }));
      for (let i = 0; i < messages.length; i += maxBatch) {
        // Stopping: what is not handed over now is read again by the next member (not resolved).
        if (stopping || !payload.isRunning() || payload.isStale()) break;
        const chunk = messages.slice(i, i + maxBatch);
        const last = chunk[chunk.length - 1];
        if (!last) break;
        // Back-pressure: the write running and the next one's records; more would only wait in the
        // heap (promoted, collected the expensive way) rather than in Kafka.
        while (pendingRecords >= 2 * maxBatch && inFlight.size > 0) await Promise.race(inFlight);
        pendingRecords += chunk.length;
        const entry = { first: (chunk[0] ?? last).offset, offset: last.offset, done: false };
        lane.chunks.push(entry);
        if (kind) metrics.ingested.inc({ kind }, chunk.length);
        const written = kind
          ? batcher.add(chunk.map((m) => o.ingest.decode({ kind, value: m.value })))
          : Promise.resolve();
        const tracked: Promise<void> = written.then(
          () => {
            entry.done = true;
            chunkDone(lane);
          },
          (error: unknown) => {
            // Given up at stop: not committed, so the partition's next owner reads it again.
            if (error instanceof TelemetryNotWrittenError) return;
            // Not committed: the partition is read again from its last commit (folding is idempotent).
            logger.error(
              { err: error, topic: lane.topic, partition: lane.partition },
              'telemetry batch not written',
            );
            const from = lane.chunks.find((e) => !e.done)?.first ?? entry.first;
            lane.chunks.length = 0;
            void joined.then((c) => {
              c.seek({ topic: lane.topic, partition: lane.partition, offset: from });
            });
          },
        );
        const count = chunk.length;
        const cleanup = tracked.finally(() => {
          pendingRecords -= count;
          inFlight.delete(cleanup);
        });
        inFlight.add(cleanup);
        // The fetch position moves on; the commit follows the database.
        payload.resolveOffset(last.offset);
        await payload.heartbeat();
      }
    },
  });
  const consumer = await joined;
  return {
    metrics,
    // Fetching pauses first and the member keeps its partitions while what it holds is written and
    // committed: kafkajs refuses commits once stopped, and anything uncommitted is read twice.
    // Bounded: after stopBudgetMs the batcher gives up on what is still queued; those chunks are not
    // done, so each partition's offset is committed only up to the last chunk before them, and the
    // partition's next owner reads them again (at least once; folding makes it exact).
    stop: async () => {
      stopping = true;
      consumer.pause();
      const { notWritten } = await batcher.close(o.stopBudgetMs ?? 5_000);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      if (notWritten > 0)
        logger.info({ notWritten }, 'stopping: telemetry left uncommitted in Kafka (re-read)');
      commitAdvanced();
      await committing;
      await consumer.stop();
      await consumer.disconnect();
    },
  };
}
