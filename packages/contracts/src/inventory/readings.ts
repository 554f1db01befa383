import Type, { type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** Pressure per wheel in bar (front left, front right, rear left, rear right); null = not reported. */
export const TyrePressures = Type.Object({
  fl: Nullable(Type.Number()),
  fr: Nullable(Type.Number()),
  rl: Nullable(Type.Number()),
  rr: Nullable(Type.Number()),
});
export type TyrePressures = Static<typeof TyrePressures>;

/**
 * A vehicle's readings as inventory last knew them (streamed telemetry or the last poll; the car is
 * never woken to take them): what the reservation records at pickup and at return. Distances in km
 * (the rental terms charge per km); every value null when the car never reported it.
 */
export const VehicleReadings = Type.Object(
  {
    /** When the readings were taken (the answer's time). */
    at: Type.String({ format: 'date-time' }),
    /** When the car last reported them; null when it never has. */
    dataAsOf: Nullable(Type.String({ format: 'date-time' })),
    odometerKm: Nullable(Type.Number({ minimum: 0 })),
    chargePercent: Nullable(Type.Number({ minimum: 0, maximum: 100 })),
    rangeKm: Nullable(Type.Number({ minimum: 0 })),
    tyrePressureBar: Nullable(TyrePressures),
    position: Nullable(Type.Object({ latitude: Type.Number(), longitude: Type.Number() })),
    locked: Nullable(Type.Boolean()),
    /** driving, charging, parked or unknown: a return is detected only when parked. */
    activity: Type.Enum(['driving', 'charging', 'parked', 'unknown']),
    /**
     * Metres from the vehicle's home location (its pickup location); null without a position or a
     * home location with coordinates.
     */
    distanceFromHomeM: Nullable(Type.Number({ minimum: 0 })),
  },
  {
    description:
      "a car's readings: at, dataAsOf, odometerKm, chargePercent, rangeKm, tyrePressureBar {fl,fr,rl,rr}, position, locked, activity, distanceFromHomeM",
  },
);
export type VehicleReadings = Static<typeof VehicleReadings>;
