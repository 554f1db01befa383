import type { SimVehicle } from './vehicle-model';

/**
 * Virtual keys and Fleet Telemetry eligibility, as Tesla's developer docs state them: a car streams
 * only with the app's key paired and firmware 2024.26 or later; it holds a limited number of
 * telemetry configurations (apps). The limit is not published: this is the simulator's figure.
 */
export const MIN_TELEMETRY_FIRMWARE: readonly [number, number] = [2024, 26];
export const MAX_TELEMETRY_CONFIGS = 3;
/** The `fleet_telemetry_version` a capable car reports. */
export const FLEET_TELEMETRY_VERSION = '1.0.2';

export type TelemetrySkip = 'missing_key' | 'unsupported_firmware' | 'max_configs';

/** The firmware's version number (`2024.44.25.3`) without the build hash. */
export const firmwareOf = (v: SimVehicle): string => v.softwareVersion.split(' ')[0] ?? v.softwareVersion;

export function firmwareCanStream(version: string): boolean {
  const [year = 0, week = 0] = version.split('.').map(Number);
  const [minYear, minWeek] = MIN_TELEMETRY_FIRMWARE;
  return year > minYear || (year === minYear && week >= minWeek);
}

/** Why Tesla would skip this car for a telemetry configuration, or null when it takes one. */
export function telemetrySkip(v: SimVehicle, alreadyConfigured: boolean): TelemetrySkip | null {
  if (!v.keyPaired) return 'missing_key';
  if (!firmwareCanStream(firmwareOf(v))) return 'unsupported_firmware';
  if (!alreadyConfigured && v.otherTelemetryConfigs >= MAX_TELEMETRY_CONFIGS) return 'max_configs';
  return null;
}

/** Who has the app's key, in the demo fleet: 'paired' = every car (tests), 'mixed' = the demo's mix. */
export type VirtualKeyMix = 'paired' | 'mixed';

/**
 * The demo's mix, by the car's place in the fleet (every eighth car the same): most cars paired
 * and streaming; two in eight waiting for the owner to pair the key (one of them an older Model S
 * that does not need signed commands); one on firmware too old to stream (2024.8).
 */
export function applyKeyMix(v: SimVehicle, mix: VirtualKeyMix): void {
  v.keyPaired = true;
  v.commandProtocolRequired = true;
  v.otherTelemetryConfigs = 0;
  v.telemetryErrors = [];
  if (mix === 'paired') return;
  const slot = v.index % 8;
  if (slot === 2) {
    v.keyPaired = false;
    v.commandProtocolRequired = false;
  } else if (slot === 6) {
    v.keyPaired = false;
  } else if (slot === 5) {
    v.softwareVersion = '2024.8.9 5a3c4f6e9b21';
  }
}
