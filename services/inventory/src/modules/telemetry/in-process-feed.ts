import type { Logger } from '@cybertacotruck/platform';
import { TelemetryBatcher, TelemetryNotWrittenError } from './telemetry-batcher';
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
 * milliseconds and folded as one batch. Returns the function that stops the feed and writes what
 * it buffered for at most `stopBudgetMs`. Records still queued then are dropped (counted in the
 * log): they exist nowhere else, but their source is the simulator of this same process, which
 * stops with it; after a restart its cars stream their changes again, and the sync's fallback read
 * covers a car that stays silent.
 */
export function startInProcessTelemetryFeed(
  telemetry: InProcessTelemetry,
  ingest: TelemetryIngestService,
  logger: Logger,
  o: { lingerMs?: number; stopBudgetMs: number },
): () => Promise<void> {
  const lingerMs = o.lingerMs ?? 5;
  const batcher = new TelemetryBatcher<PreparedRecord>((records) => ingest.ingestDecoded(records), {
    lingerMs,
  });
  const stop = telemetry.onRecord((record) => {
    batcher
      .add([ingest.decode({ kind: record.topic, value: record.protobuf, encoding: 'protobuf' })])
      .catch((error: unknown) => {
        if (error instanceof TelemetryNotWrittenError) return;
        logger.error({ err: error, vin: record.vin }, 'telemetry records not ingested');
      });
  });
  return async () => {
    stop();
    const { notWritten } = await batcher.close(o.stopBudgetMs);
    if (notWritten > 0)
      logger.warn({ notWritten }, 'stopping: in-process telemetry records dropped (the simulator stops too)');
  };
}
