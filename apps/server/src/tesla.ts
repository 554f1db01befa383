import { join, resolve } from 'node:path';
import Type, { type Static } from 'typebox';
import {
  chooseTesla,
  inProcessTelemetry,
  kafkaTelemetryFrom,
  simulatedTesla,
  teslaFleetApi,
  teslaSimulatorAt,
  type InventoryConfig,
  type TeslaWiring,
} from '@cybertacotruck/inventory';
import { parseConfig, type ServiceContext } from '@cybertacotruck/platform';
import { publishTelemetryToKafka, startTeslaSim } from '@cybertacotruck/tesla-sim';

/** The keys of the simulator this host runs in its own process (the inventory service has none). */
export const EmbeddedTeslaConfigSchema = Type.Object({
  TESLA_SIM_PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 0,
    description:
      'port of the built-in Tesla simulator, 0-65535 (0 = the port it had last time, else any free one)',
  }),
  TESLA_SIM_SPEED: Type.Number({
    minimum: 0.1,
    maximum: 1000,
    default: 1,
    description: 'simulated seconds per real second for the built-in simulator, 0.1-1000',
  }),
  TESLA_SIM_KAFKA_ENCODING: Type.Enum(['protobuf', 'json'], {
    default: 'protobuf',
    description:
      'protobuf or json: how the built-in simulator writes telemetry to Kafka when KAFKA_BROKERS is set (json = transmit_decoded_records)',
  }),
});
export type EmbeddedTeslaConfig = Static<typeof EmbeddedTeslaConfigSchema>;

/**
 * Tesla for the embedded process (`npm start`): Tesla's Fleet API when TESLA_CLIENT_ID is set; a
 * simulator at TESLA_SIMULATOR_URL when that is set; otherwise the simulator started here, on its
 * own port (its sign-in page must open in the operator's browser), keeping its keys and tokens in
 * DATA_DIR/tesla-sim.json outside tests. Its telemetry reaches inventory in-process or, with
 * KAFKA_BROKERS, through Kafka as Tesla's fleet-telemetry would write it.
 */
export async function embeddedTesla(ctx: ServiceContext, config: InventoryConfig): Promise<TeslaWiring> {
  const choice = chooseTesla({ ...config, NODE_ENV: ctx.config.NODE_ENV }, { canStartSimulator: true });
  const kafka = kafkaTelemetryFrom(ctx.config);
  if (choice.kind === 'tesla') return { port: teslaFleetApi(config), telemetry: kafka };
  if (choice.kind === 'simulator-url')
    return { port: teslaSimulatorAt(choice.url, config), telemetry: kafka };

  const own = parseConfig(EmbeddedTeslaConfigSchema, ctx.env);
  const sim = await startTeslaSim({
    ...(own.TESLA_SIM_PORT === 0 ? {} : { port: own.TESLA_SIM_PORT }),
    speed: own.TESLA_SIM_SPEED,
    // The demo's fleet: some cars wait for the owner to pair the app's virtual key, one runs
    // firmware too old to stream (the operator's Tesla page shows both).
    virtualKeys: 'mixed',
    // Tests get a fresh simulator each; a laptop's survives restarts with the data.
    ...(ctx.config.NODE_ENV === 'test'
      ? {}
      : { statePath: join(resolve(ctx.config.DATA_DIR), 'tesla-sim.json') }),
  });
  ctx.logger.info({ url: sim.url }, 'Tesla simulator started (no TESLA_CLIENT_ID configured)');
  const port = simulatedTesla(sim.oauth, config);
  if (kafka.kind !== 'kafka')
    return { port, telemetry: inProcessTelemetry(sim.telemetry), close: () => sim.close() };
  // As fleet-telemetry does: the simulator writes the topics, inventory's consumer reads them back.
  try {
    const publisher = await publishTelemetryToKafka(sim.telemetry, {
      kafka: { ...kafka.connection, clientId: 'cybertacotruck-tesla-sim' },
      namespace: config.TELEMETRY_KAFKA_NAMESPACE,
      encoding: own.TESLA_SIM_KAFKA_ENCODING,
      onError: (error) => {
        ctx.logger.warn({ err: error }, 'simulator telemetry not published to Kafka');
      },
    });
    return {
      port,
      telemetry: kafka,
      close: async () => {
        await publisher.close();
        await sim.close();
      },
    };
  } catch (error) {
    await sim.close();
    throw error;
  }
}
