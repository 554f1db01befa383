/**
 * Fleet API response shapes in the app's camelCase, read defensively from Tesla's snake_case:
 * a missing section is undefined, extra fields are ignored, a wrongly typed field is dropped.
 */
export type VehicleOnlineState = 'online' | 'asleep' | 'offline';

export interface FleetVehicle {
  /** Tesla's numeric id; can exceed 2^53, so `idS` is the exact one. */
  id: number;
  idS: string;
  vehicleId: number;
  vin: string;
  displayName: string | null;
  state: VehicleOnlineState;
  inService: boolean;
  accessType?: string;
  color?: string | null;
  apiVersion?: number | null;
}

export interface ChargeStateData {
  batteryLevel?: number;
  usableBatteryLevel?: number;
  batteryRangeMi?: number;
  estBatteryRangeMi?: number;
  idealBatteryRangeMi?: number;
  /** Disconnected | Charging | Complete | Stopped | Starting | NoPower */
  chargingState?: string;
  chargeLimitSoc?: number;
  minutesToFullCharge?: number;
  chargerPowerKw?: number;
  chargePortDoorOpen?: boolean;
  timestamp?: Date;
}

export interface DriveStateData {
  latitude?: number;
  longitude?: number;
  heading?: number;
  /** null while parked. */
  speedMph?: number | null;
  /** P/R/N/D, or null while parked and asleep-ready. */
  shiftState?: string | null;
  powerKw?: number;
  gpsAsOf?: Date;
  timestamp?: Date;
}

export interface VehicleStateData {
  odometerMi?: number;
  locked?: boolean;
  carVersion?: string;
  sentryMode?: boolean;
  valetMode?: boolean;
  isUserPresent?: boolean;
  doorsOpen?: { driverFront: boolean; driverRear: boolean; passengerFront: boolean; passengerRear: boolean };
  frontTrunkOpen?: boolean;
  rearTrunkOpen?: boolean;
  tpmsPressureBar?: { fl?: number; fr?: number; rl?: number; rr?: number };
  timestamp?: Date;
}

export interface ClimateStateData {
  insideTempC?: number;
  outsideTempC?: number;
  isClimateOn?: boolean;
  timestamp?: Date;
}

export interface VehicleConfigData {
  carType?: string;
  exteriorColor?: string;
  trimBadging?: string;
}

export interface GuiSettingsData {
  distanceUnits?: string;
  temperatureUnits?: string;
}

export interface VehicleData extends FleetVehicle {
  chargeState?: ChargeStateData;
  driveState?: DriveStateData;
  vehicleState?: VehicleStateData;
  climateState?: ClimateStateData;
  vehicleConfig?: VehicleConfigData;
  guiSettings?: GuiSettingsData;
}

export interface FleetVehicleInfo {
  firmwareVersion?: string;
  vehicleCommandProtocolRequired?: boolean;
  fleetTelemetryVersion?: string;
  totalNumberOfKeys?: number;
  discountedDeviceData?: boolean;
}

export interface FleetStatus {
  keyPairedVins: string[];
  unpairedVins: string[];
  vehicleInfo: Record<string, FleetVehicleInfo>;
}

/**
 * The `config` of `POST /api/1/vehicles/fleet_telemetry_config`, in Tesla's own (snake_case)
 * names: it is sent as is, through the signing proxy.
 */
export interface FleetTelemetryConfig {
  hostname: string;
  port?: number;
  /** PEM of the CA that signed the fleet-telemetry server's certificate (cars check it). */
  ca?: string;
  /** Seconds since the epoch when the car drops the configuration. */
  exp?: number;
  fields: Record<
    string,
    { interval_seconds?: number; minimum_delta?: number; resend_interval_seconds?: number }
  >;
  alert_types?: string[];
  prefer_typed?: boolean;
}

/** Why Tesla did not send a configuration to a car (other reasons Tesla adds come through as is). */
export type TelemetrySkipReason =
  'missing_key' | 'unsupported_hardware' | 'unsupported_firmware' | 'max_configs' | (string & {});

export interface FleetTelemetryConfigResult {
  updatedVehicles: number;
  /** VIN → reason, for every car Tesla skipped. */
  skippedVehicles: Record<string, TelemetrySkipReason>;
}

export interface FleetTelemetryConfigStatus {
  /** The car has received the configuration (it connected since it was set). */
  synced: boolean;
  config: Record<string, unknown> | null;
  keyPaired?: boolean;
  limitReached?: boolean;
}

/** One error a car reported about its Fleet Telemetry connection (TLS, DNS, config). */
export interface FleetTelemetryError {
  vin: string;
  /** The client that reported it (e.g. the car's telemetry client). */
  name: string;
  error: string;
  createdAt?: Date;
}

type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (o: Obj, k: string) => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? o[k] : undefined);
const str = (o: Obj, k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
const bool = (o: Obj, k: string) => (typeof o[k] === 'boolean' ? o[k] : undefined);
/** Doors and trunks come as 0 (closed) or a non-zero int. */
const open = (o: Obj, k: string) => (typeof o[k] === 'number' ? o[k] !== 0 : undefined);
const fromMs = (o: Obj, k: string) => {
  const ms = num(o, k);
  return ms === undefined ? undefined : new Date(ms);
};
const fromSeconds = (o: Obj, k: string) => {
  const s = num(o, k);
  return s === undefined ? undefined : new Date(s * 1000);
};
const nullable = <T>(o: Obj, k: string, read: (o: Obj, k: string) => T | undefined): T | null | undefined =>
  o[k] === null ? null : read(o, k);

/** Drops undefined keys so `toEqual` and spreads behave. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function section<T extends object>(o: Obj, k: string, read: (s: Obj) => T): T | undefined {
  const s = o[k];
  return isObj(s) ? compact(read(s)) : undefined;
}

function parseState(v: unknown): VehicleOnlineState {
  // Anything Tesla adds later ("waking", …) means "not reachable now" to this app.
  return v === 'online' || v === 'asleep' ? v : 'offline';
}

export function parseFleetVehicle(o: Obj): FleetVehicle {
  const id = num(o, 'id') ?? 0;
  return compact({
    id,
    idS: str(o, 'id_s') ?? String(id),
    vehicleId: num(o, 'vehicle_id') ?? 0,
    vin: str(o, 'vin') ?? '',
    displayName: str(o, 'display_name') ?? null,
    state: parseState(o.state),
    inService: bool(o, 'in_service') ?? false,
    accessType: str(o, 'access_type'),
    color: nullable(o, 'color', str),
    apiVersion: nullable(o, 'api_version', num),
  });
}

export function parseVehicleData(o: Obj): VehicleData {
  return compact({
    ...parseFleetVehicle(o),
    chargeState: section(o, 'charge_state', (s) => ({
      batteryLevel: num(s, 'battery_level'),
      usableBatteryLevel: num(s, 'usable_battery_level'),
      batteryRangeMi: num(s, 'battery_range'),
      estBatteryRangeMi: num(s, 'est_battery_range'),
      idealBatteryRangeMi: num(s, 'ideal_battery_range'),
      chargingState: str(s, 'charging_state'),
      chargeLimitSoc: num(s, 'charge_limit_soc'),
      minutesToFullCharge: num(s, 'minutes_to_full_charge'),
      chargerPowerKw: num(s, 'charger_power'),
      chargePortDoorOpen: bool(s, 'charge_port_door_open'),
      timestamp: fromMs(s, 'timestamp'),
    })),
    driveState: section(o, 'drive_state', (s) => ({
      latitude: num(s, 'latitude'),
      longitude: num(s, 'longitude'),
      heading: num(s, 'heading'),
      speedMph: nullable(s, 'speed', num),
      shiftState: nullable(s, 'shift_state', str),
      powerKw: num(s, 'power'),
      gpsAsOf: fromSeconds(s, 'gps_as_of'),
      timestamp: fromMs(s, 'timestamp'),
    })),
    vehicleState: section(o, 'vehicle_state', (s) => {
      const doors = ['df', 'dr', 'pf', 'pr'].map((k) => open(s, k));
      const [df, dr, pf, pr] = doors;
      const tpms = compact({
        fl: num(s, 'tpms_pressure_fl'),
        fr: num(s, 'tpms_pressure_fr'),
        rl: num(s, 'tpms_pressure_rl'),
        rr: num(s, 'tpms_pressure_rr'),
      });
      return {
        odometerMi: num(s, 'odometer'),
        locked: bool(s, 'locked'),
        carVersion: str(s, 'car_version'),
        sentryMode: bool(s, 'sentry_mode'),
        valetMode: bool(s, 'valet_mode'),
        isUserPresent: bool(s, 'is_user_present'),
        doorsOpen:
          df === undefined || dr === undefined || pf === undefined || pr === undefined
            ? undefined
            : { driverFront: df, driverRear: dr, passengerFront: pf, passengerRear: pr },
        frontTrunkOpen: open(s, 'ft'),
        rearTrunkOpen: open(s, 'rt'),
        tpmsPressureBar: Object.keys(tpms).length > 0 ? tpms : undefined,
        timestamp: fromMs(s, 'timestamp'),
      };
    }),
    climateState: section(o, 'climate_state', (s) => ({
      insideTempC: num(s, 'inside_temp'),
      outsideTempC: num(s, 'outside_temp'),
      isClimateOn: bool(s, 'is_climate_on'),
      timestamp: fromMs(s, 'timestamp'),
    })),
    vehicleConfig: section(o, 'vehicle_config', (s) => ({
      carType: str(s, 'car_type'),
      exteriorColor: str(s, 'exterior_color'),
      trimBadging: str(s, 'trim_badging'),
    })),
    guiSettings: section(o, 'gui_settings', (s) => ({
      distanceUnits: str(s, 'gui_distance_units'),
      temperatureUnits: str(s, 'gui_temperature_units'),
    })),
  });
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

export function parseFleetStatus(o: Obj): FleetStatus {
  const info = isObj(o.vehicle_info) ? o.vehicle_info : {};
  return {
    keyPairedVins: strings(o.key_paired_vins),
    unpairedVins: strings(o.unpaired_vins),
    vehicleInfo: Object.fromEntries(
      Object.entries(info).map(([vin, v]) => {
        const s = isObj(v) ? v : {};
        return [
          vin,
          compact({
            firmwareVersion: str(s, 'firmware_version'),
            vehicleCommandProtocolRequired: bool(s, 'vehicle_command_protocol_required'),
            fleetTelemetryVersion: str(s, 'fleet_telemetry_version'),
            totalNumberOfKeys: num(s, 'total_number_of_keys'),
            discountedDeviceData: bool(s, 'discounted_device_data'),
          }),
        ];
      }),
    ),
  };
}

/** `skipped_vehicles` is `{reason: [vin, …]}`; turned into `{vin: reason}`. */
export function parseSkippedVehicles(v: unknown): Record<string, TelemetrySkipReason> {
  const out: Record<string, TelemetrySkipReason> = {};
  if (!isObj(v)) return out;
  for (const [reason, vins] of Object.entries(v)) for (const vin of strings(vins)) out[vin] = reason;
  return out;
}

export function parseTelemetryErrors(v: unknown): FleetTelemetryError[] {
  const list = isObj(v) ? v.fleet_telemetry_errors : v;
  if (!Array.isArray(list)) return [];
  return list.filter(isObj).flatMap((e) => {
    const error = str(e, 'error');
    if (error === undefined) return [];
    const at = str(e, 'created_at');
    const createdAt = at === undefined ? undefined : new Date(at);
    return [
      compact({
        vin: str(e, 'vin') ?? '',
        name: str(e, 'name') ?? '',
        error,
        createdAt: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : undefined,
      }),
    ];
  });
}
