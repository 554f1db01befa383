import type { Consumer, Kafka } from 'kafkajs';
import type { TopicSpec } from '../topics';
import type { RetryPolicy } from './client';
import type { KafkaLogger } from './logging';

/** A record as read (kafkajs's messages pass through as they are: no copy on the hot path). */
export interface KafkaRecord {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers?: Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;
}

export interface KafkaBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaRecord[];
}

/** One fetched batch of one partition, and what the handler may do with it. */
export interface BatchContext {
  readonly batch: KafkaBatch;
  /** False once the consumer is stopping: finish the record in hand and return. */
  readonly isRunning: () => boolean;
  /** True once a rebalance took the partition away: the rest of the batch is someone else's. */
  readonly isStale: () => boolean;
  /** Marks `offset` handled: the position moves past it (committed per `autoCommit`). */
  readonly resolveOffset: (offset: string) => void;
  /** Tells the group this member is alive (long batches). */
  readonly heartbeat: () => Promise<void>;
  /** Commits resolved offsets if the auto-commit interval has passed. */
  readonly commitOffsetsIfNecessary: () => Promise<void>;
}

export interface ConsumerOptions {
  groupId: string;
  /** Made sure of before joining (created or checked: KAFKA_TOPICS_AUTO_CREATE). */
  topics: TopicSpec[];
  /** Where a group without a committed offset starts: the oldest record (true) or new ones. */
  fromBeginning: boolean;
  /** Commit resolved offsets every `intervalMs`, or only through RunningConsumer.commit (false). */
  autoCommit: { intervalMs: number } | false;
  /** Longest a fetch waits for data (kafkajs default 5 s). */
  maxWaitTimeInMs?: number;
  maxBytesPerPartition?: number;
  maxBytes?: number;
  /** How long a silent member keeps its partitions (default 30 s); heartbeats every tenth of it. */
  sessionTimeoutMs?: number;
  partitionsConsumedConcurrently?: number;
  retry?: RetryPolicy;
  eachBatch(ctx: BatchContext): Promise<void>;
}

export interface RunningConsumer {
  /** Commits the next offsets to read (offset = last handled + 1). */
  commit(offsets: { topic: string; partition: number; offset: string }[]): Promise<void>;
  /** Reads a partition again from `offset` (the position moves back; nothing is committed). */
  seek(o: { topic: string; partition: number; offset: string }): void;
  /**
   * Stops fetching the consumer's topics and stays in the group (its partitions are kept): the
   * owner finishes what it holds and commits it before `stop`, which makes commits impossible.
   */
  pause(): void;
  /** Stops fetching; the batch in hand finishes. The member stays in the group until disconnect. */
  stop(): Promise<void>;
  /** Leaves the group (its partitions go to the other members) and closes the connections. */
  disconnect(): Promise<void>;
}

/**
 * Runs a consumer group member. kafkajs restarts a member that crashed on a retriable error (a
 * broker restart, a coordinator move); one that crashed on any other error is rebuilt here after a
 * pause, so a consumer never stops for good while the process runs. Offsets are committed only as
 * the handler resolves them: after a crash or a rebalance, the uncommitted records are read again
 * (at least once; the owner's dedupe makes that harmless).
 */
export async function runConsumer(
  kafka: Kafka,
  o: ConsumerOptions,
  logger: KafkaLogger | undefined,
): Promise<RunningConsumer> {
  let current: Consumer;
  let stopping = false;
  let rebuild: NodeJS.Timeout | null = null;
  let rebuilds = 0;

  // kafkajs gave up on a member (a non-retriable crash): a fresh one is built after a pause, and
  // again after a longer one if that fails too.
  const scheduleRebuild = (gone: Consumer, err: unknown) => {
    if (stopping) return;
    const delay = Math.min(30_000, 1_000 * 2 ** Math.min(rebuilds++, 5));
    logger?.error({ group: o.groupId, err, retryInMs: delay }, 'Kafka consumer crashed; rebuilding it');
    rebuild = setTimeout(() => {
      rebuild = null;
      void (async () => {
        await gone.disconnect().catch(() => {});
        if (stopping) return;
        try {
          current = await start();
        } catch (error) {
          scheduleRebuild(gone, error);
        }
      })();
    }, delay);
  };

  const start = async (): Promise<Consumer> => {
    const consumer = kafka.consumer({
      groupId: o.groupId,
      allowAutoTopicCreation: false,
      ...(o.maxWaitTimeInMs !== undefined ? { maxWaitTimeInMs: o.maxWaitTimeInMs } : {}),
      ...(o.maxBytesPerPartition !== undefined ? { maxBytesPerPartition: o.maxBytesPerPartition } : {}),
      ...(o.maxBytes !== undefined ? { maxBytes: o.maxBytes } : {}),
      ...(o.sessionTimeoutMs
        ? { sessionTimeout: o.sessionTimeoutMs, heartbeatInterval: Math.floor(o.sessionTimeoutMs / 10) }
        : {}),
      retry: o.retry ?? { retries: 8, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) scheduleRebuild(consumer, payload.error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: o.topics.map((t) => t.name), fromBeginning: o.fromBeginning });
      await consumer.run({
        autoCommit: o.autoCommit !== false,
        ...(o.autoCommit ? { autoCommitInterval: o.autoCommit.intervalMs } : {}),
        eachBatchAutoResolve: false,
        ...(o.partitionsConsumedConcurrently
          ? { partitionsConsumedConcurrently: o.partitionsConsumedConcurrently }
          : {}),
        eachBatch: async (payload) => {
          rebuilds = 0;
          await o.eachBatch({
            batch: payload.batch,
            isRunning: () => payload.isRunning(),
            isStale: () => payload.isStale(),
            resolveOffset: (offset) => {
              payload.resolveOffset(offset);
            },
            heartbeat: () => payload.heartbeat(),
            commitOffsetsIfNecessary: () => payload.commitOffsetsIfNecessary(),
          });
        },
      });
    } catch (error) {
      await consumer.disconnect().catch(() => {});
      throw error;
    }
    return consumer;
  };

  current = await start();
  return {
    commit: (offsets) => current.commitOffsets(offsets),
    seek: (s) => {
      current.seek(s);
    },
    pause: () => {
      current.pause(o.topics.map((t) => ({ topic: t.name })));
    },
    stop: async () => {
      stopping = true;
      if (rebuild) clearTimeout(rebuild);
      await current.stop();
    },
    disconnect: async () => {
      stopping = true;
      if (rebuild) clearTimeout(rebuild);
      await current.disconnect();
    },
  };
}
