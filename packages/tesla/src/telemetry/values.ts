/**
 * The `Value` oneof of Fleet Telemetry's `telemetry.vehicle_data.Value`, its enums and the small
 * messages it carries, as the project's own tables written from Tesla's `protos/vehicle_data.proto`,
 * `vehicle_alert.proto` and `vehicle_connectivity.proto` of teslamotors/fleet-telemetry v0.9.4
 * (commit d64c73a; vehicle_data.proto as last changed in 031553a, 2025-12-12). One row per member,
 * one entry per enum, so the next upstream version is a small diff. `schema.ts` builds the
 * protobuf schema from these tables and the decoder reads values by member number from them.
 */

/** A message type a `Value` member can carry (see `VALUE_MESSAGES`). */
export type ValueMessageType = 'LocationValue' | 'Doors' | 'Time' | 'TireLocation';
export type ValueScalarType = 'string' | 'int32' | 'int64' | 'float' | 'double' | 'bool';

/**
 * Each enum: the prefix its value names carry on the wire (`SentryModeStateArmed`) and its value
 * names without it, in number order (every upstream enum is numbered 0, 1, 2, … without gaps).
 */
export const TELEMETRY_ENUMS = {
  ChargingState: {
    prefix: 'ChargeState',
    names: ['Unknown', 'Disconnected', 'NoPower', 'Starting', 'Charging', 'Complete', 'Stopped'],
  },
  DetailedChargeStateValue: {
    prefix: 'DetailedChargeState',
    names: ['Unknown', 'Disconnected', 'NoPower', 'Starting', 'Charging', 'Complete', 'Stopped'],
  },
  ShiftState: { prefix: 'ShiftState', names: ['Unknown', 'Invalid', 'P', 'R', 'N', 'D', 'SNA'] },
  FollowDistance: { prefix: 'FollowDistance', names: ['Unknown', '1', '2', '3', '4', '5', '6', '7'] },
  ForwardCollisionSensitivity: {
    prefix: 'ForwardCollisionSensitivity',
    names: ['Unknown', 'Off', 'Late', 'Average', 'Early'],
  },
  GuestModeMobileAccess: {
    prefix: 'GuestModeMobileAccess',
    names: [
      'Unknown',
      'Init',
      'NotAuthenticated',
      'Authenticated',
      'AbortedDriving',
      'AbortedUsingRemoteStart',
      'AbortedUsingBLEKeys',
      'AbortedValetMode',
      'AbortedGuestModeOff',
      'AbortedDriveAuthTimeExceeded',
      'AbortedNoDataReceived',
      'RequestingFromMothership',
      'RequestingFromAuthD',
      'AbortedFetchFailed',
      'AbortedBadDataReceived',
      'ShowingQRCode',
      'SwipedAway',
      'DismissedQRCodeExpired',
      'SucceededPairedNewBLEKey',
    ],
  },
  LaneAssistLevel: { prefix: 'LaneAssistLevel', names: ['Unknown', 'None', 'Warning', 'Assist'] },
  ScheduledChargingModeValue: {
    prefix: 'ScheduledChargingMode',
    names: ['Unknown', 'Off', 'StartAt', 'DepartBy'],
  },
  SentryModeState: {
    prefix: 'SentryModeState',
    names: ['Unknown', 'Off', 'Idle', 'Armed', 'Aware', 'Panic', 'Quiet'],
  },
  SpeedAssistLevel: { prefix: 'SpeedAssistLevel', names: ['Unknown', 'None', 'Display', 'Chime'] },
  BMSStateValue: {
    prefix: 'BMSState',
    names: [
      'Unknown',
      'Standby',
      'Drive',
      'Support',
      'Charge',
      'FEIM',
      'ClearFault',
      'Fault',
      'Weld',
      'Test',
      'SNA',
    ],
  },
  BuckleStatus: { prefix: 'BuckleStatus', names: ['Unknown', 'Unlatched', 'Latched', 'Faulted'] },
  CarTypeValue: {
    prefix: 'CarType',
    names: ['Unknown', 'ModelS', 'ModelX', 'Model3', 'ModelY', 'SemiTruck', 'Cybertruck'],
  },
  ChargePortValue: { prefix: 'ChargePort', names: ['Unknown', 'US', 'EU', 'GB', 'CCS'] },
  ChargePortLatchValue: {
    prefix: 'ChargePortLatch',
    names: ['Unknown', 'SNA', 'Disengaged', 'Engaged', 'Blocking'],
  },
  DriveInverterState: {
    prefix: 'DriveInverterState',
    names: ['Unknown', 'Unavailable', 'Standby', 'Fault', 'Abort', 'Enable'],
  },
  HvilStatus: { prefix: 'HvilStatus', names: ['Unknown', 'Fault', 'OK'] },
  WindowState: { prefix: 'WindowState', names: ['Unknown', 'Closed', 'PartiallyOpen', 'Opened'] },
  SeatFoldPosition: {
    prefix: 'SeatFoldPosition',
    names: ['Unknown', 'SNA', 'Faulted', 'NotConfigured', 'Folded', 'Unfolded'],
  },
  TractorAirStatus: {
    prefix: 'TractorAirStatus',
    names: [
      'Unknown',
      'NotAvailable',
      'Error',
      'Charged',
      'BuildingPressureIntermediate',
      'ExhaustingPressureIntermediate',
      'Exhausted',
    ],
  },
  TrailerAirStatus: {
    prefix: 'TrailerAirStatus',
    names: [
      'Unknown',
      'SNA',
      'Invalid',
      'BobtailMode',
      'Charged',
      'BuildingPressureIntermediate',
      'ExhaustingPressureIntermediate',
      'Exhausted',
    ],
  },
  HvacAutoModeState: { prefix: 'HvacAutoModeState', names: ['Unknown', 'On', 'Override'] },
  CabinOverheatProtectionModeState: {
    prefix: 'CabinOverheatProtectionModeState',
    names: ['Unknown', 'Off', 'On', 'FanOnly'],
  },
  ClimateOverheatProtectionTempLimit: {
    prefix: 'ClimateOverheatProtectionTempLimit',
    names: ['Unknown', 'High', 'Medium', 'Low'],
  },
  DefrostModeState: { prefix: 'DefrostModeState', names: ['Unknown', 'Off', 'Normal', 'Max', 'AutoDefog'] },
  ClimateKeeperModeState: {
    prefix: 'ClimateKeeperModeState',
    names: ['Unknown', 'Off', 'On', 'Dog', 'Party'],
  },
  HvacPowerState: {
    prefix: 'HvacPowerState',
    names: ['Unknown', 'Off', 'On', 'Precondition', 'OverheatProtect'],
  },
  FastCharger: {
    prefix: 'FastCharger',
    names: [
      'Unknown',
      'Supercharger',
      'CHAdeMO',
      'GB',
      'ACSingleWireCAN',
      'Combo',
      'MCSingleWireCAN',
      'Other',
      'SNA',
    ],
  },
  CableType: { prefix: 'CableType', names: ['Unknown', 'IEC', 'SAE', 'GB_AC', 'GB_DC', 'SNA'] },
  TonneauTentModeState: {
    prefix: 'TonneauTentModeState',
    names: ['Unknown', 'Inactive', 'Moving', 'Failed', 'Active'],
  },
  TonneauPositionState: {
    prefix: 'TonneauPositionState',
    names: ['Unknown', 'Invalid', 'Closed', 'PartiallyOpen', 'FullyOpen'],
  },
  PowershareState: {
    prefix: 'PowershareState',
    names: ['Unknown', 'Inactive', 'Handshaking', 'Init', 'Enabled', 'EnabledReconnectingSoon', 'Stopped'],
  },
  PowershareStopReasonStatus: {
    prefix: 'PowershareStopReasonStatus',
    names: ['Unknown', 'None', 'SOCTooLow', 'Retry', 'Fault', 'User', 'Reconnecting', 'Authentication'],
  },
  PowershareTypeStatus: { prefix: 'PowershareTypeStatus', names: ['Unknown', 'None', 'Load', 'Home'] },
  DisplayState: {
    prefix: 'DisplayState',
    names: [
      'Unknown',
      'Off',
      'Dim',
      'Accessory',
      'On',
      'Driving',
      'Charging',
      'Lock',
      'Sentry',
      'Dog',
      'Entertainment',
    ],
  },
  DistanceUnit: { prefix: 'DistanceUnit', names: ['Unknown', 'Miles', 'Kilometers'] },
  TemperatureUnit: { prefix: 'TemperatureUnit', names: ['Unknown', 'Fahrenheit', 'Celsius'] },
  PressureUnit: { prefix: 'PressureUnit', names: ['Unknown', 'Psi', 'Bar'] },
  ChargeUnitPreference: { prefix: 'ChargeUnit', names: ['Unknown', 'Distance', 'Percent'] },
  SunroofInstalledState: {
    prefix: 'SunroofInstalledState',
    names: ['Unknown', 'NotInstalled', 'Gen1Installed', 'Gen2Installed'],
  },
  TurnSignalState: { prefix: 'TurnSignalState', names: ['Unknown', 'Off', 'Left', 'Right', 'Both'] },
  MediaStatus: { prefix: 'MediaStatus', names: ['Unknown', 'Stopped', 'Playing', 'Paused'] },
} as const satisfies Record<string, { prefix: string; names: readonly string[] }>;

export type TelemetryEnumType = keyof typeof TELEMETRY_ENUMS;
export type EnumValueName<E extends TelemetryEnumType> = (typeof TELEMETRY_ENUMS)[E]['names'][number];

/** `[proto name, field number, type]` of every member of `Value`'s oneof (20 is unused upstream). */
export const VALUE_MEMBERS = [
  ['string_value', 1, 'string'],
  ['int_value', 2, 'int32'],
  ['long_value', 3, 'int64'],
  ['float_value', 4, 'float'],
  ['double_value', 5, 'double'],
  ['boolean_value', 6, 'bool'],
  ['location_value', 7, 'LocationValue'],
  ['charging_value', 8, 'ChargingState'],
  ['shift_state_value', 9, 'ShiftState'],
  ['invalid', 10, 'bool'],
  ['lane_assist_level_value', 11, 'LaneAssistLevel'],
  ['scheduled_charging_mode_value', 12, 'ScheduledChargingModeValue'],
  ['sentry_mode_state_value', 13, 'SentryModeState'],
  ['speed_assist_level_value', 14, 'SpeedAssistLevel'],
  ['bms_state_value', 15, 'BMSStateValue'],
  ['buckle_status_value', 16, 'BuckleStatus'],
  ['car_type_value', 17, 'CarTypeValue'],
  ['charge_port_value', 18, 'ChargePortValue'],
  ['charge_port_latch_value', 19, 'ChargePortLatchValue'],
  ['door_value', 21, 'Doors'],
  ['drive_inverter_state_value', 22, 'DriveInverterState'],
  ['hvil_status_value', 23, 'HvilStatus'],
  ['window_state_value', 24, 'WindowState'],
  ['seat_fold_position_value', 25, 'SeatFoldPosition'],
  ['tractor_air_status_value', 26, 'TractorAirStatus'],
  ['follow_distance_value', 27, 'FollowDistance'],
  ['forward_collision_sensitivity_value', 28, 'ForwardCollisionSensitivity'],
  ['guest_mode_mobile_access_value', 29, 'GuestModeMobileAccess'],
  ['trailer_air_status_value', 30, 'TrailerAirStatus'],
  ['time_value', 31, 'Time'],
  ['detailed_charge_state_value', 32, 'DetailedChargeStateValue'],
  ['hvac_auto_mode_value', 33, 'HvacAutoModeState'],
  ['cabin_overheat_protection_mode_value', 34, 'CabinOverheatProtectionModeState'],
  ['cabin_overheat_protection_temperature_limit_value', 35, 'ClimateOverheatProtectionTempLimit'],
  ['defrost_mode_value', 36, 'DefrostModeState'],
  ['climate_keeper_mode_value', 37, 'ClimateKeeperModeState'],
  ['hvac_power_value', 38, 'HvacPowerState'],
  ['tire_location_value', 39, 'TireLocation'],
  ['fast_charger_value', 40, 'FastCharger'],
  ['cable_type_value', 41, 'CableType'],
  ['tonneau_tent_mode_value', 42, 'TonneauTentModeState'],
  ['tonneau_position_value', 43, 'TonneauPositionState'],
  ['powershare_type_value', 44, 'PowershareTypeStatus'],
  ['powershare_state_value', 45, 'PowershareState'],
  ['powershare_stop_reason_value', 46, 'PowershareStopReasonStatus'],
  ['display_state_value', 47, 'DisplayState'],
  ['distance_unit_value', 48, 'DistanceUnit'],
  ['temperature_unit_value', 49, 'TemperatureUnit'],
  ['pressure_unit_value', 50, 'PressureUnit'],
  ['charge_unit_preference_value', 51, 'ChargeUnitPreference'],
  ['turn_signal_state_value', 52, 'TurnSignalState'],
  ['media_status_value', 53, 'MediaStatus'],
  ['sunroof_installed_state_value', 54, 'SunroofInstalledState'],
] as const satisfies readonly (readonly [
  string,
  number,
  ValueScalarType | ValueMessageType | TelemetryEnumType,
])[];

export type ValueMemberName = (typeof VALUE_MEMBERS)[number][0];

/** The fields of the messages a `Value` member carries: `[proto name, number, type]`. */
export const VALUE_MESSAGES = {
  LocationValue: [
    ['latitude', 1, 'double'],
    ['longitude', 2, 'double'],
  ],
  Doors: [
    ['DriverFront', 1, 'bool'],
    ['DriverRear', 2, 'bool'],
    ['PassengerFront', 3, 'bool'],
    ['PassengerRear', 4, 'bool'],
    ['TrunkFront', 5, 'bool'],
    ['TrunkRear', 6, 'bool'],
  ],
  TireLocation: [
    ['front_left', 1, 'bool'],
    ['front_right', 2, 'bool'],
    ['rear_left', 3, 'bool'],
    ['rear_right', 4, 'bool'],
    ['semi_middle_axle_left_2', 5, 'bool'],
    ['semi_middle_axle_right_2', 6, 'bool'],
    ['semi_rear_axle_left', 7, 'bool'],
    ['semi_rear_axle_right', 8, 'bool'],
    ['semi_rear_axle_left_2', 9, 'bool'],
    ['semi_rear_axle_right_2', 10, 'bool'],
  ],
  Time: [
    ['hour', 1, 'int32'],
    ['minute', 2, 'int32'],
    ['second', 3, 'int32'],
  ],
} as const satisfies Record<ValueMessageType, readonly (readonly [string, number, ValueScalarType])[]>;

/** `telemetry.vehicle_connectivity.ConnectivityEvent`. */
export const CONNECTIVITY_STATUSES = ['UNKNOWN', 'CONNECTED', 'DISCONNECTED'] as const;
export type ConnectivityStatus = (typeof CONNECTIVITY_STATUSES)[number];

/** `telemetry.vehicle_alerts.Audience`. */
export const ALERT_AUDIENCES = ['Unknown', 'Customer', 'Service', 'ServiceFix'] as const;
export type AlertAudience = (typeof ALERT_AUDIENCES)[number];

export const SHIFT_STATES = TELEMETRY_ENUMS.ShiftState.names;
export type ShiftStateName = (typeof SHIFT_STATES)[number];
export const DETAILED_CHARGE_STATES = TELEMETRY_ENUMS.DetailedChargeStateValue.names;
export type DetailedChargeStateName = (typeof DETAILED_CHARGE_STATES)[number];
export const SENTRY_MODE_STATES = TELEMETRY_ENUMS.SentryModeState.names;
export type SentryModeStateName = (typeof SENTRY_MODE_STATES)[number];
export const CAR_TYPES = TELEMETRY_ENUMS.CarTypeValue.names;
export type CarTypeName = (typeof CAR_TYPES)[number];

/** protojson's name of a proto field (`sentry_mode_state_value` → `sentryModeStateValue`). */
export function jsonNameOf(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
