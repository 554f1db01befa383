import { minutesToFull, ratedRangeMi, type SimVehicle } from '../fleet/vehicle-model';

export type VehicleState = 'online' | 'asleep' | 'offline';

export const ALL_ENDPOINTS = [
  'charge_state',
  'climate_state',
  'closures_state',
  'drive_state',
  'gui_settings',
  'location_data',
  'vehicle_config',
  'vehicle_state',
] as const;

const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** The object `GET /api/1/vehicles` lists and `GET /api/1/vehicles/{tag}` returns. */
export function vehicleSummary(v: SimVehicle, state: VehicleState): Record<string, unknown> {
  return {
    id: v.id,
    vehicle_id: v.vehicleId,
    vin: v.vin,
    color: null,
    access_type: 'OWNER',
    display_name: v.displayName,
    option_codes: null,
    granular_access: { hide_private: false },
    tokens: [],
    state,
    in_service: false,
    id_s: String(v.id),
    calendar_enabled: true,
    api_version: 81,
    backseat_token: null,
    backseat_token_updated_at: null,
    ble_autopair_enrolled: false,
  };
}

/**
 * `vehicle_data`: the summary plus the requested sections. Location fields appear only when
 * `location_data` was requested (and the token may see location).
 */
export function vehicleData(
  v: SimVehicle,
  state: VehicleState,
  endpoints: ReadonlySet<string>,
  canSeeLocation: boolean,
): Record<string, unknown> {
  const ts = v.updatedAtMs;
  const data: Record<string, unknown> = { ...vehicleSummary(v, state), user_id: 800_001 + v.index };
  const withLocation = endpoints.has('location_data') && canSeeLocation;
  if (endpoints.has('charge_state')) data.charge_state = chargeState(v, ts);
  if (endpoints.has('climate_state')) data.climate_state = climateState(v, ts);
  if (endpoints.has('drive_state') || withLocation) data.drive_state = driveState(v, ts, withLocation);
  if (endpoints.has('gui_settings')) data.gui_settings = guiSettings(v, ts);
  if (endpoints.has('vehicle_config')) data.vehicle_config = vehicleConfig(v, ts);
  if (endpoints.has('vehicle_state') || endpoints.has('closures_state'))
    data.vehicle_state = vehicleState(v, ts);
  return data;
}

function chargeState(v: SimVehicle, ts: number): Record<string, unknown> {
  const charging = v.chargingState === 'Charging';
  const rated = ratedRangeMi(v);
  const amps = charging ? Math.round((v.chargerKw * 1000) / 240) : 0;
  return {
    battery_heater_on: false,
    battery_level: Math.round(v.batteryLevel),
    battery_range: round(rated),
    charge_amps: 48,
    charge_current_request: 48,
    charge_current_request_max: 48,
    charge_enable_request: charging,
    charge_energy_added: round(v.chargeEnergyAddedKwh),
    charge_limit_soc: v.chargeLimitSoc,
    charge_limit_soc_max: 100,
    charge_limit_soc_min: 50,
    charge_limit_soc_std: 80,
    charge_miles_added_ideal: round(
      (v.chargeEnergyAddedKwh / v.spec.packKwh) * v.spec.ratedRangeMi * 1.04,
      1,
    ),
    charge_miles_added_rated: round((v.chargeEnergyAddedKwh / v.spec.packKwh) * v.spec.ratedRangeMi, 1),
    charge_port_cold_weather_mode: false,
    charge_port_color: charging ? 'FlashingGreen' : v.pluggedIn ? 'Green' : 'Off',
    charge_port_door_open: v.pluggedIn,
    charge_port_latch: v.pluggedIn ? 'Engaged' : 'Disengaged',
    charge_rate: charging ? round((v.chargerKw / v.spec.packKwh) * v.spec.ratedRangeMi, 1) : 0,
    charger_actual_current: amps,
    charger_phases: charging ? 1 : null,
    charger_pilot_current: 48,
    charger_power: charging ? Math.round(v.chargerKw) : 0,
    charger_voltage: charging ? 240 : 0,
    charging_state: v.chargingState,
    conn_charge_cable: v.pluggedIn ? (v.metricGui ? 'IEC' : 'SAE') : '<invalid>',
    est_battery_range: round(rated * 0.92),
    fast_charger_brand: '<invalid>',
    fast_charger_present: false,
    fast_charger_type: v.pluggedIn ? 'ACSingleWireCAN' : '<invalid>',
    ideal_battery_range: round(rated * 1.04),
    managed_charging_active: false,
    minutes_to_full_charge: minutesToFull(v),
    not_enough_power_to_heat: null,
    off_peak_charging_enabled: false,
    preconditioning_enabled: false,
    scheduled_charging_mode: 'Off',
    scheduled_charging_pending: false,
    scheduled_charging_start_time: null,
    supercharger_session_trip_planner: false,
    time_to_full_charge: round(minutesToFull(v) / 60),
    timestamp: ts,
    trip_charging: false,
    usable_battery_level: Math.max(0, Math.round(v.batteryLevel) - 1),
    user_charge_enable_request: null,
  };
}

function climateState(v: SimVehicle, ts: number): Record<string, unknown> {
  return {
    allow_cabin_overheat_protection: true,
    battery_heater: false,
    battery_heater_no_power: null,
    cabin_overheat_protection: 'On',
    defrost_mode: 0,
    driver_temp_setting: v.driverTempC,
    fan_status: v.climateOn ? 4 : 0,
    inside_temp: round(v.insideTempC, 1),
    is_auto_conditioning_on: v.climateOn,
    is_climate_on: v.climateOn,
    is_front_defroster_on: false,
    is_preconditioning: false,
    is_rear_defroster_on: false,
    max_avail_temp: 28,
    min_avail_temp: 15,
    outside_temp: round(v.outsideTempC, 1),
    passenger_temp_setting: v.passengerTempC,
    remote_heater_control_enabled: v.climateOn,
    seat_heater_left: 0,
    seat_heater_right: 0,
    side_mirror_heaters: false,
    steering_wheel_heater: false,
    timestamp: ts,
    wiper_blade_heater: false,
  };
}

function driveState(v: SimVehicle, ts: number, withLocation: boolean): Record<string, unknown> {
  const moving = v.activity === 'driving';
  const base: Record<string, unknown> = {
    active_route_destination: null,
    active_route_minutes_to_arrival: null,
    power: moving ? Math.round(v.speedMph * 0.35) : 0,
    shift_state: moving ? 'D' : v.shift === 'P' ? 'P' : v.shift,
    speed: moving ? Math.round(v.speedMph) : null,
    timestamp: ts,
  };
  if (!withLocation) return base;
  return {
    ...base,
    gps_as_of: Math.floor(ts / 1000),
    heading: Math.round(v.heading),
    latitude: round(v.lat, 6),
    longitude: round(v.lon, 6),
    native_latitude: round(v.lat, 6),
    native_location_supported: 1,
    native_longitude: round(v.lon, 6),
    native_type: 'wgs',
  };
}

function guiSettings(v: SimVehicle, ts: number): Record<string, unknown> {
  return {
    gui_24_hour_time: v.metricGui,
    gui_charge_rate_units: v.metricGui ? 'kW' : 'mi/hr',
    gui_distance_units: v.metricGui ? 'km/hr' : 'mi/hr',
    gui_range_display: 'Rated',
    gui_temperature_units: v.metricGui ? 'C' : 'F',
    gui_tirepressure_units: v.metricGui ? 'Bar' : 'Psi',
    show_range_units: false,
    timestamp: ts,
  };
}

function vehicleConfig(v: SimVehicle, ts: number): Record<string, unknown> {
  const t = v.spec.carType;
  return {
    can_accept_navigation_requests: true,
    can_actuate_trunks: true,
    car_special_type: 'base',
    car_type: t,
    charge_port_type: v.metricGui ? 'CCS' : 'US',
    cop_user_set_temp_supported: true,
    dashcam_clip_save_supported: true,
    default_charge_to_max: false,
    driver_assist: 'TeslaAP3',
    ece_restrictions: v.metricGui,
    efficiency_package: t === 'cybertruck' ? 'Default' : 'M3_2021',
    eu_vehicle: v.metricGui,
    exterior_color: v.color,
    exterior_trim: t === 'cybertruck' ? 'Stainless' : 'Black',
    has_air_suspension: t === 'models' || t === 'modelx' || t === 'cybertruck',
    has_ludicrous_mode: false,
    has_seat_cooling: t !== 'model3',
    motorized_charge_port: true,
    plg: true,
    pws: true,
    rear_drive_unit: 'PM216MOSFET',
    rear_seat_heaters: 1,
    rhd: false,
    roof_color: 'RoofColorGlass',
    seat_type: null,
    spoiler_type: v.trim.startsWith('p') ? 'Passive' : 'None',
    sun_roof_installed: null,
    supports_qr_pairing: false,
    third_row_seats: t === 'modelx' ? 'FuturisAndWide' : 'None',
    timestamp: ts,
    trim_badging: v.trim,
    use_range_badging: true,
    utc_offset: v.utcOffsetHours * 3600,
    webcam_supported: true,
    wheel_type: v.wheels,
  };
}

function vehicleState(v: SimVehicle, ts: number): Record<string, unknown> {
  // Tesla reports tyre pressures in bar whatever the GUI units.
  const bar = (n: number): number => round(n, 3);
  return {
    api_version: 81,
    autopark_state_v3: 'standby',
    calendar_supported: true,
    car_version: v.softwareVersion,
    center_display_state: v.activity === 'driving' ? 2 : 0,
    dashcam_state: v.activity === 'driving' ? 'Recording' : 'Unavailable',
    df: v.doors.df,
    dr: v.doors.dr,
    fd_window: v.windowsVented ? 1 : 0,
    fp_window: v.windowsVented ? 1 : 0,
    ft: v.doors.ft,
    is_user_present: v.activity === 'driving',
    locked: v.locked,
    media_info: { media_playback_status: 'Stopped', now_playing_source: 'Spotify' },
    notifications_supported: true,
    odometer: round(v.odometerMi, 6),
    parsed_calendar_supported: true,
    pf: v.doors.pf,
    pr: v.doors.pr,
    rd_window: v.windowsVented ? 1 : 0,
    remote_start: v.remoteStart,
    remote_start_enabled: true,
    remote_start_supported: true,
    rp_window: v.windowsVented ? 1 : 0,
    rt: v.doors.rt,
    santa_mode: 0,
    sentry_mode: v.sentry,
    sentry_mode_available: true,
    service_mode: false,
    service_mode_plus: false,
    software_update: {
      download_perc: 0,
      expected_duration_sec: 2700,
      install_perc: 1,
      status: '',
      version: ' ',
    },
    speed_limit_mode: {
      active: v.speedLimit.active,
      current_limit_mph: v.speedLimit.limitMph,
      max_limit_mph: 120,
      min_limit_mph: 50,
      pin_code_set: v.speedLimit.pinSet,
    },
    timestamp: ts,
    tpms_pressure_fl: bar(v.spec.tyreBar),
    tpms_pressure_fr: bar(v.spec.tyreBar),
    tpms_pressure_rl: bar(v.spec.tyreBar + 0.05),
    tpms_pressure_rr: bar(v.spec.tyreBar + 0.05),
    tpms_rcp_front_value: bar(v.spec.tyreBar),
    tpms_rcp_rear_value: bar(v.spec.tyreBar + 0.05),
    valet_mode: v.valet,
    valet_pin_needed: false,
    vehicle_name: v.displayName,
    vehicle_self_test_progress: 0,
    vehicle_self_test_requested: false,
    webcam_available: true,
  };
}
