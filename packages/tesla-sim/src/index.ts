export { startTeslaSim } from './sim';
export { createTeslaSimApp } from './app';
export type { TeslaSim, TeslaSimOptions, SimVehicleSnapshot, SimAccountInfo } from './types';
export type { BillingSnapshot, Bill, Counts, BillingCategory } from './billing';
export { UNITS_PER_USD, usdFor } from './billing';
export type { FaultKind, FaultSpec } from './faults';
export type { TelemetryRecord, TelemetryConfig } from './telemetry';
export type { CarType } from './fleet/catalog';
export { isValidVin } from './fleet/vin';
export type { RateLimits } from './rate-limits';
export {
  startKafkaPublisher,
  publishTelemetryToKafka,
  telemetryMessage,
  type KafkaPublisher,
  type KafkaPublisherOptions,
  type TelemetryEncoding,
} from './kafka-publisher';
