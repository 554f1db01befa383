import type { Logger } from '@cybertacotruck/platform';
import { TelemetryBatcher } from './telemetry-batcher';
import type { TelemetryKind } from './telemetry-decode';
import type { PreparedRecord, TelemetryIngestService } from './telemetry-ingest.service';

/** A Fleet Telemetry record handed over in-process, protobuf-encoded as fleet-telemetry writes it. */
export interface InProcessTelemetryRecord {
  topic: TelemetryKind;
  vin: string;
  protobuf: Uint8Array;
}

/** Something in this process that emits records (the embedded host's simulator). */
export interface InProcessTelemetry {
  onRecord(cb: (record: InProcessTelemetryRecord) => void): () => void;
}

/**
 * Records handed over in-process, through the same batched fold as Kafka's: buffered for a few
 * milliseconds and folded as one batch. Returns the function that stops the feed and waits for
 * what it buffered.
 */
export function startInProcessTelemetryFeed(
  telemetry: InProcessTelemetry,
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
