import type { KafkaConnection } from '@cybertacotruck/bus';
import { kafkaConnectionFrom, type BaseConfig, type ServiceContext } from '@cybertacotruck/platform';
import type { InventoryConfig } from '../../config';
import { startInProcessTelemetryFeed, type InProcessTelemetry } from './in-process-feed';
import type { TelemetryIngestService } from './telemetry-ingest.service';
import { startTelemetryConsumer } from './telemetry.consumer';

/**
 * Where streamed Fleet Telemetry reaches this process, chosen by the composition root:
 * - `kafka`: fleet-telemetry's topics (`<TELEMETRY_KAFKA_NAMESPACE>_V|connectivity|alerts`), written
 *   by Tesla's fleet-telemetry server or by a simulator's Kafka publisher;
 * - `in-process`: handed over by something in this process (the embedded host's simulator);
 * - `none`: nothing streams here; live state comes from polling alone.
 */
export type TelemetrySource =
  | { kind: 'kafka'; connection: KafkaConnection }
  | { kind: 'in-process'; records: InProcessTelemetry }
  | { kind: 'none' };

export const inProcessTelemetry = (records: InProcessTelemetry): TelemetrySource => ({
  kind: 'in-process',
  records,
});
export const noTelemetry: TelemetrySource = { kind: 'none' };

/**
 * fleet-telemetry's topics on the Kafka the KAFKA_* keys describe (TLS, SASL, MSK IAM as the bus
 * uses them), or no streamed telemetry without KAFKA_BROKERS.
 */
export const kafkaTelemetryFrom = (config: BaseConfig): TelemetrySource => {
  const connection = kafkaConnectionFrom(config, 'cybertacotruck-inventory-telemetry');
  return connection ? { kind: 'kafka', connection } : noTelemetry;
};

/**
 * Feeds the source into the batched fold; returns the function that stops it and waits, writing
 * what is queued for a fifth of the shutdown grace at most (a backlog must not outlast the grace
 * period; see each source for what happens to the rest).
 */
export async function startTelemetrySource(
  source: TelemetrySource,
  o: { ingest: TelemetryIngestService; config: InventoryConfig; ctx: ServiceContext },
): Promise<() => Promise<void>> {
  const stopBudgetMs = Math.round(o.ctx.config.SHUTDOWN_GRACE_MS / 5);
  switch (source.kind) {
    case 'none':
      return () => Promise.resolve();
    case 'in-process':
      return startInProcessTelemetryFeed(source.records, o.ingest, o.ctx.logger, { stopBudgetMs });
    case 'kafka': {
      const consumer = await startTelemetryConsumer({
        kafka: source.connection,
        groupId: o.config.TELEMETRY_KAFKA_GROUP,
        namespace: o.config.TELEMETRY_KAFKA_NAMESPACE,
        maxBatchRecords: o.config.TELEMETRY_BATCH_MAX_RECORDS,
        ingest: o.ingest,
        logger: o.ctx.logger,
        registry: o.ctx.metrics,
        stopBudgetMs,
      });
      return () => consumer.stop();
    }
  }
}
