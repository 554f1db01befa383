import type { Logger } from '@cybertacotruck/platform';
import type { TelemetryRecord } from '@cybertacotruck/tesla-sim';
import { TelemetryBatcher } from './telemetry-batcher';
import type { PreparedRecord, TelemetryIngestService } from './telemetry-ingest.service';

/**
 * The built-in simulator's records, handed over in-process, through the same batched fold as Kafka's:
 * buffered for a few milliseconds and folded as one batch. Returns the function that stops the feed
 * and waits for what it buffered.
 */
export function startSimTelemetryFeed(
  telemetry: { onRecord(cb: (r: TelemetryRecord) => void): () => void },
  ingest: TelemetryIngestService,
  logger: Logger,
  lingerMs = 5,
): () => Promise<void> {
  const batcher = new TelemetryBatcher<PreparedRecord>((records) => ingest.ingestDecoded(records), {
    lingerMs,
  });
  const stop = telemetry.onRecord((record) => {
    batcher
      .add([ingest.decode({ kind: record.topic, value: record.protobuf, encoding: 'protobuf' })])
      .catch((error: unknown) => {
        logger.error({ err: error, vin: record.vin }, 'telemetry records not ingested');
      });
  });
  return async () => {
    stop();
    await batcher.drain();
  };
}
