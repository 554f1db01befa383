import type { ServiceContext } from '@cybertacotruck/platform';
import type { InventoryConfig } from './config';
import type { TeslaWiring } from './index';
import { kafkaTelemetryFrom } from './modules/telemetry/telemetry-source';
import { teslaFleetApi } from './modules/tesla/tesla-port';
import { teslaSimulatorAt } from './modules/tesla/tesla-simulator-http';
import { chooseTesla } from './tesla-choice';

/**
 * Tesla for the inventory service running alone (one process per service; Kubernetes): Tesla's
 * Fleet API, or a simulator running as its own process at TESLA_SIMULATOR_URL, used over HTTP as
 * Tesla is. Telemetry comes from Kafka when KAFKA_BROKERS is set (fleet-telemetry's topics, or the
 * simulator's publisher writing them); otherwise cars are polled.
 */
export function standaloneTesla(ctx: ServiceContext, config: InventoryConfig): Promise<TeslaWiring> {
  const choice = chooseTesla({ ...config, NODE_ENV: ctx.config.NODE_ENV }, { canStartSimulator: false });
  const telemetry = kafkaTelemetryFrom(ctx.config);
  if (choice.kind === 'tesla') return Promise.resolve({ port: teslaFleetApi(config), telemetry });
  if (choice.kind === 'simulator-url') {
    ctx.logger.warn({ url: choice.url }, 'a Tesla simulator stands in for Tesla (TESLA_SIMULATOR_URL)');
    return Promise.resolve({ port: teslaSimulatorAt(choice.url, config), telemetry });
  }
  return Promise.reject(new Error('the inventory service never starts a simulator itself'));
}
