import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient } from '@cybertacotruck/bus';
import { startKafkaMock, type KafkaForTests } from '@cybertacotruck/bus/testing';
import { until } from '@cybertacotruck/db/testing';
import type { Logger } from '@cybertacotruck/platform';
import { encodeVehiclePayload } from '@cybertacotruck/tesla';
import type { IngestResult, PreparedRecord, TelemetryIngestService } from './telemetry-ingest.service';
import { startTelemetryConsumer } from './telemetry.consumer';

const warnings: string[] = [];
const logger = {
  warn: (_: unknown, message?: string) => warnings.push(message ?? ''),
  error: (_: unknown, message?: string) => warnings.push(message ?? ''),
  info: () => {},
  debug: () => {},
  child: () => logger,
} as unknown as Logger;

const namespace = 'stopping';
const record = (n: number) =>
  encodeVehiclePayload({
    vin: `5YJ3STOP${String(n).padStart(9, '0')}`,
    createdAt: new Date(Date.UTC(2026, 11, 5, 12, 0, n)),
    isResend: false,
    data: [{ key: 'BatteryLevel', value: { kind: 'double', value: 50 + n } }],
  });

/**
 * The consumer's offset handling, with the database write stood in for: what a write holds is
 * committed once the write resolved, also when the consumer is stopped while the write runs.
 */
describe('telemetry consumer offsets', () => {
  let kafka: KafkaForTests;
  beforeAll(async () => {
    kafka = await startKafkaMock({ topics: [] });
    for (const kind of ['V', 'connectivity', 'alerts']) await kafka.createTopic(`${namespace}_${kind}`, 4);
  }, 60_000);
  afterAll(() => kafka.close());

  /** An ingest whose writes wait for `release` (and record what they were handed). */
  function gatedIngest() {
    const writes: PreparedRecord[][] = [];
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    const ingest = {
      decode: ({ value }: { value: Uint8Array | null }): PreparedRecord => ({
        kind: 'V',
        vin: String(value?.length ?? 0),
        createdAt: new Date(),
        observation: null,
        billedSignals: 0,
      }),
      ingestDecoded: async (records: PreparedRecord[]): Promise<IngestResult> => {
        writes.push(records);
        await gate;
        return {
          records: records.length,
          undecodable: 0,
          undecodableKinds: [],
          unknownVin: 0,
          folded: 0,
          vehicles: 0,
          rowsWritten: 0,
          positions: 0,
          events: 0,
          createdAtMs: [],
        };
      },
    };
    return {
      ingest: ingest as unknown as TelemetryIngestService,
      writes,
      release: () => {
        open();
      },
    };
  }

  const produce = async (from: number, count: number) => {
    const producer = createKafkaClient({ brokers: kafka.brokers, clientId: 'stop-test' }).producer();
    await producer.send([
      {
        topic: `${namespace}_V`,
        messages: Array.from({ length: count }, (_, i) => ({
          key: `k${from + i}`,
          value: Buffer.from(record(from + i)),
        })),
      },
    ]);
    await producer.close();
  };

  it('commits the records of a write still running when stop is called; the next member reads only newer ones', async () => {
    const first = gatedIngest();
    const consumer = await startTelemetryConsumer({
      brokers: kafka.brokers,
      groupId: 'stop-commit',
      namespace,
      ingest: first.ingest,
      logger,
      fromBeginning: true,
    });
    await produce(0, 20);
    await until(
      'the first write to hold every record',
      () => Promise.resolve(first.writes.flat().length),
      (n) => n === 20,
    );
    // Stopped while the write runs: the write finishes, then its offsets are committed.
    const stopped = consumer.stop();
    first.release();
    await stopped;

    const second = gatedIngest();
    second.release();
    const next = await startTelemetryConsumer({
      brokers: kafka.brokers,
      groupId: 'stop-commit',
      namespace,
      ingest: second.ingest,
      logger,
      fromBeginning: true,
    });
    await produce(20, 3);
    const seen = await until(
      'the second member to write the new records',
      () => Promise.resolve(second.writes.flat().length),
      (n) => n >= 3,
    );
    await next.stop();
    expect(seen).toBe(3);
    expect(warnings).toEqual([]);
  }, 60_000);
});
