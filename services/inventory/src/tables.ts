import type { ColumnType, Generated } from 'kysely';
import type { OutboxTable } from '@cybertacotruck/bus';
import type { Address, OpeningHours, SentryState, VehicleModel } from '@cybertacotruck/contracts';

type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

export type VehicleTable = {
  id: Generated<string>;
  vin: string;
  model: VehicleModel;
  display_name: string;
  color: string | null;
  trim: string | null;
  model_year: number | null;
  in_service: Generated<boolean>;
  tesla_connection_id: ColumnType<string | null, string | null | undefined, string | null>;
  tesla_vehicle_id: ColumnType<string | null, string | null | undefined, string | null>;
  home_location_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

/** A pickup location; `address` and `opening_hours` are JSON (contracts' Address and OpeningHours). */
export type LocationTable = {
  id: Generated<string>;
  name: string;
  address: ColumnType<Address, string, string>;
  latitude: number;
  longitude: number;
  time_zone: string;
  opening_hours: ColumnType<OpeningHours, string, string>;
  instructions: string | null;
  phone: string | null;
  archived_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type TeslaRegionCode = 'na' | 'eu' | 'cn';
export type ConnectionStatus = 'connected' | 'needs_reconsent' | 'disconnected';

export type TeslaConnectionTable = {
  id: Generated<string>;
  subject: string;
  label: string;
  region: TeslaRegionCode;
  fleet_api_base_url: string;
  status: ConnectionStatus;
  status_reason: string | null;
  scopes: string[];
  access_token_sealed: string;
  refresh_token_sealed: string;
  refresh_token_hash: string;
  access_token_expires_at: Date;
  last_synced_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type TeslaOAuthStateTable = {
  state_hash: string;
  code_verifier_sealed: string | null;
  redirect_uri: string;
  expires_at: Date;
  created_at: CreatedAt;
};

export type Connectivity = 'online' | 'asleep' | 'offline' | 'unknown';
export type Activity = 'driving' | 'charging' | 'parked' | 'unknown';

export type VehicleLiveStateTable = {
  vehicle_id: string;
  connectivity: Connectivity;
  activity: Activity;
  latitude: number | null;
  longitude: number | null;
  heading: number | null;
  speed_mph: number | null;
  battery_level: number | null;
  range_mi: number | null;
  charging_state: string | null;
  charge_limit_soc: number | null;
  minutes_to_full: number | null;
  locked: boolean | null;
  sentry_mode: boolean | null;
  /** SentryModeState in lower case; null when only a poll's "on" is known. */
  sentry_state: SentryState | null;
  odometer_mi: number | null;
  /** Tyre pressures in bar (front left, front right, rear left, rear right), each as last reported. */
  tpms_fl_bar: number | null;
  tpms_fr_bar: number | null;
  tpms_rl_bar: number | null;
  tpms_rr_bar: number | null;
  software_version: string | null;
  streaming: Generated<boolean>;
  last_seen_at: Date | null;
  activity_since: Date | null;
  data_as_of: Date | null;
  last_polled_at: Date | null;
  /** When the newest streamed record folded in was created (vehicle time). */
  last_telemetry_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** A streaming vehicle went silent and `telemetry_lost` was emitted; cleared by its next record. */
  telemetry_lost: Generated<boolean>;
  updated_at: Generated<Date>;
};

export type VehiclePositionTable = {
  vehicle_id: string;
  at: Date;
  latitude: number;
  longitude: number;
  speed_mph: number | null;
  heading: number | null;
  battery_level: number | null;
};

export type TeslaUsageTable = {
  connection_id: string;
  vin: string;
  day: string;
  category: 'data' | 'command' | 'wake' | 'signal';
  count: number;
};

export type StreamingState = 'not_configured' | 'pending' | 'synced' | 'skipped';

export type VehicleTeslaAccessTable = {
  vehicle_id: string;
  key_paired: boolean | null;
  command_protocol_required: boolean | null;
  firmware_version: string | null;
  telemetry_version: string | null;
  status_checked_at: Date | null;
  streaming_state: StreamingState;
  skip_reason: string | null;
  skipped_at: Date | null;
  skipped_firmware: string | null;
  config_hash: string | null;
  config_expires_at: Date | null;
  configured_at: Date | null;
  config_checked_at: Date | null;
  /** `[{name, error, createdAt}]` as the car last reported them. */
  telemetry_errors: ColumnType<
    { name: string; error: string; createdAt: string | null }[],
    string | undefined,
    string
  >;
  errors_checked_at: Date | null;
  updated_at: Generated<Date>;
};

export type ClaimKind = 'hold' | 'booking' | 'maintenance';
export type ClaimStatus = 'active' | 'released' | 'expired';

export type VehicleClaimTable = {
  id: Generated<string>;
  vehicle_id: string;
  kind: ClaimKind;
  /** A `tstzrange`, always `[from, to)`; written and read through SQL range functions. */
  period: string;
  status: Generated<ClaimStatus>;
  reference: string | null;
  expires_at: Date | null;
  note: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

export type VehicleCommandTable = {
  id: Generated<string>;
  vehicle_id: string;
  command: string;
  params: ColumnType<Record<string, unknown>, string | undefined, string>;
  actor_kind: 'operator' | 'renter' | 'system';
  actor_id: string;
  reservation_id: string | null;
  result: 'ok' | 'refused' | 'failed';
  reason: string;
  woke: boolean;
  cost_microusd: number;
  at: Generated<Date>;
};

export type PickupReadinessTable = {
  claim_id: string;
  vehicle_id: string;
  pickup_at: Date;
  projected_percent: number | null;
  target_percent: number;
  limit_raised_at: Date | null;
  charge_started_at: Date | null;
  preconditioned_at: Date | null;
  alerted_at: Date | null;
  checked_at: Generated<Date>;
};

/** The inventory service's tables, schema-qualified: its code can name no other service's table. */
export type InventoryTables = {
  'inventory.vehicle': VehicleTable;
  'inventory.location': LocationTable;
  'inventory.tesla_connection': TeslaConnectionTable;
  'inventory.tesla_oauth_state': TeslaOAuthStateTable;
  'inventory.vehicle_live_state': VehicleLiveStateTable;
  'inventory.vehicle_position': VehiclePositionTable;
  'inventory.tesla_usage': TeslaUsageTable;
  'inventory.vehicle_claim': VehicleClaimTable;
  'inventory.vehicle_tesla_access': VehicleTeslaAccessTable;
  'inventory.outbox': OutboxTable;
  'inventory.vehicle_commands': VehicleCommandTable;
  'inventory.pickup_readiness': PickupReadinessTable;
};
