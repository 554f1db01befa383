import { repeatEvery, type Logger } from '@cybertacotruck/platform';
import type { TelemetryIngestService } from './telemetry-ingest.service';

/**
 * Every minute (or half the threshold, if shorter), reports streaming online vehicles silent for
 * `lostAfterMs` as having lost telemetry: once each, until their next record reports them resumed.
 */
export function startTelemetryLostWorker(
  ingest: TelemetryIngestService,
  lostAfterMs: number,
  logger: Logger,
): () => Promise<void> {
  return repeatEvery(
    {
      intervalMs: Math.min(60_000, Math.max(1_000, Math.floor(lostAfterMs / 2))),
      logger,
      failure: 'telemetry-lost sweep failed',
    },
    async () => {
      await ingest.markTelemetryLost(new Date(), lostAfterMs);
    },
  );
}
