import Type, { type Static } from 'typebox';

/**
 * What an operator can ask of a car from the app. Each maps to one Tesla command (sent signed,
 * through tesla-http-proxy), except `wake`, which is Tesla's wake_up (billed as a wake: about $0.02).
 */
export const OPERATOR_VEHICLE_COMMANDS = [
  'lock',
  'unlock',
  'flash',
  'honk',
  'wake',
  'charge_start',
  'charge_stop',
  'set_charge_limit',
  'climate_on',
  'climate_off',
] as const;
export type OperatorVehicleCommand = (typeof OPERATOR_VEHICLE_COMMANDS)[number];

/** What a renter can ask of their car during their rental (a subset of the operator's). */
export const RENTER_VEHICLE_COMMANDS = [
  'lock',
  'unlock',
  'flash',
  'honk',
  'climate_on',
  'climate_off',
] as const;
export type RenterVehicleCommand = (typeof RENTER_VEHICLE_COMMANDS)[number];

/** Every command the app sends: the operator's and the system's own (speed limit mode at pickup). */
export const VEHICLE_COMMANDS = [
  ...OPERATOR_VEHICLE_COMMANDS,
  'speed_limit_set_limit',
  'speed_limit_activate',
  'speed_limit_deactivate',
  'speed_limit_clear_pin',
] as const;
export type VehicleCommandName = (typeof VEHICLE_COMMANDS)[number];

export const VehicleCommandRequest = Type.Object(
  {
    command: Type.Enum(OPERATOR_VEHICLE_COMMANDS, {
      description:
        'lock, unlock, flash, honk, wake (costs a wake), charge_start, charge_stop, set_charge_limit, climate_on, climate_off',
    }),
    /** For set_charge_limit: 50-100. */
    percent: Type.Optional(
      Type.Integer({ minimum: 50, maximum: 100, description: 'for set_charge_limit, 50-100' }),
    ),
  },
  { additionalProperties: false },
);
export type VehicleCommandRequest = Static<typeof VehicleCommandRequest>;

export const CommandActor = Type.Object({
  kind: Type.Enum(['operator', 'renter', 'system']),
  id: Type.String(),
  reservationId: Type.Optional(Type.String()),
});
export type CommandActor = Static<typeof CommandActor>;

/** One line of a car's command log. */
export const VehicleCommandEntry = Type.Object({
  id: Type.String({ format: 'uuid' }),
  vehicleId: Type.String({ format: 'uuid' }),
  command: Type.String(),
  params: Type.Record(Type.String(), Type.Unknown()),
  actor: CommandActor,
  result: Type.Enum(['ok', 'refused', 'failed'], {
    description:
      'ok: the car did it; refused: the car or the app turned it down (see reason); failed: Tesla could not be reached',
  }),
  reason: Type.String(),
  woke: Type.Boolean({ description: 'the car was asleep and was woken once (billed as a wake)' }),
  costUsd: Type.Number({ minimum: 0, description: "what the calls cost at Tesla's list prices" }),
  at: Type.String({ format: 'date-time' }),
});
export type VehicleCommandEntry = Static<typeof VehicleCommandEntry>;

export const VehicleCommandLog = Type.Object({
  items: Type.Array(VehicleCommandEntry),
  /** What a wake costs, for the confirmation before one. */
  wakeCostUsd: Type.Number(),
});
export type VehicleCommandLog = Static<typeof VehicleCommandLog>;

export const VehicleCommandLogQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
export type VehicleCommandLogQuery = Static<typeof VehicleCommandLogQuery>;
