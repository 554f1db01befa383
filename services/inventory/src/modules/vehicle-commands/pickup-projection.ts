import type { Kysely } from 'kysely';
import type { InventoryTables } from '../../tables';
import type { VehicleLiveState } from '../live-state/live-state.types';

const KM_PER_MI = 1.609344;
const HOUR_MS = 3_600_000;

export interface ProjectionSettings {
  /** The charge a car should have at pickup, %. */
  targetPercent: number;
  /** % per hour a plugged-in car gains when it is not charging now (its own rate while it charges). */
  ratePercentPerHour: number;
  /** How long before pickup the app raises the limit to the target and starts charging. */
  chargeLeadMs: number;
}

export interface PickupProjection {
  /** Projected state of charge at pickup, %. */
  chargePercent: number;
  /** Projected rated range at pickup, km (null when the car's range per % is unknown). */
  rangeKm: number | null;
  pluggedIn: boolean;
  /** Whether the projection reaches the target (within half a point). */
  reachesTarget: boolean;
}

type ChargeFacts = Pick<
  VehicleLiveState,
  'batteryLevel' | 'rangeMi' | 'chargingState' | 'chargeLimitSoc' | 'minutesToFull'
>;

export const isPluggedIn = (live: Pick<ChargeFacts, 'chargingState'>): boolean =>
  live.chargingState !== null && live.chargingState !== 'Disconnected';

/**
 * The charge a car will have at `pickupAt`, from its live charge state: a car charging now keeps
 * charging toward its limit at its own rate (from minutes to full); a plugged-in car is charged
 * toward max(limit, target) from the charge lead before pickup (the app raises the limit and starts
 * it then); an unplugged car keeps what it has. Null when the battery level is unknown.
 */
export function projectAtPickup(
  live: ChargeFacts | null | undefined,
  pickupAt: Date,
  now: Date,
  s: ProjectionSettings,
): PickupProjection | null {
  if (!live || live.batteryLevel === null) return null;
  const level = live.batteryLevel;
  const untilMs = Math.max(0, pickupAt.getTime() - now.getTime());
  const plugged = isPluggedIn(live);
  const limit = live.chargeLimitSoc ?? s.targetPercent;
  let projected = level;
  if (plugged) {
    const charging = live.chargingState === 'Charging';
    const ownRate =
      charging && live.minutesToFull !== null && live.minutesToFull > 0 && limit > level
        ? (limit - level) / (live.minutesToFull / 60)
        : null;
    const rate = ownRate ?? s.ratePercentPerHour;
    // Charging now: toward its own limit until the lead, then toward the raised one.
    const leadMs = Math.min(untilMs, s.chargeLeadMs);
    const beforeLeadMs = untilMs - leadMs;
    if (charging) projected = Math.min(Math.max(level, limit), level + (rate * beforeLeadMs) / HOUR_MS);
    const ceiling = Math.max(limit, s.targetPercent);
    projected = Math.max(projected, Math.min(ceiling, projected + (rate * leadMs) / HOUR_MS));
  }
  projected = Math.min(100, projected);
  const perPercentMi = live.rangeMi !== null && level > 0 ? live.rangeMi / level : null;
  return {
    chargePercent: Math.round(projected * 10) / 10,
    rangeKm: perPercentMi === null ? null : Math.round(perPercentMi * projected * KM_PER_MI),
    pluggedIn: plugged,
    reachesTarget: projected >= s.targetPercent - 0.5,
  };
}

/**
 * The availability answer's `atPickup` for a page of cars: each one's live charge state, projected
 * to `at` as the ready-at-pickup worker would charge it (null without a battery level or range).
 */
export function atPickupProjector(
  live: { chargeFacts(ids: readonly string[]): Promise<Map<string, ChargeFacts>> },
  settings: ProjectionSettings,
  now: () => Date = () => new Date(),
) {
  return async (
    vehicleIds: readonly string[],
    at: Date,
  ): Promise<Map<string, { chargePercent: number; rangeKm: number } | null>> => {
    const facts = await live.chargeFacts(vehicleIds);
    const out = new Map<string, { chargePercent: number; rangeKm: number } | null>();
    const current = now();
    for (const id of vehicleIds) {
      const p = projectAtPickup(facts.get(id), at, current, settings);
      out.set(id, p && p.rangeKm !== null ? { chargePercent: p.chargePercent, rangeKm: p.rangeKm } : null);
    }
    return out;
  };
}

/** Reads the charge facts of many cars in one query (inventory.vehicle_live_state). */
export function chargeFactsFrom(db: Kysely<InventoryTables>) {
  return {
    async chargeFacts(ids: readonly string[]): Promise<Map<string, ChargeFacts>> {
      if (ids.length === 0) return new Map();
      const rows = await db
        .selectFrom('inventory.vehicle_live_state')
        .select([
          'vehicle_id',
          'battery_level',
          'range_mi',
          'charging_state',
          'charge_limit_soc',
          'minutes_to_full',
        ])
        .where('vehicle_id', 'in', ids)
        .execute();
      return new Map(
        rows.map((r) => [
          r.vehicle_id,
          {
            batteryLevel: r.battery_level,
            rangeMi: r.range_mi,
            chargingState: r.charging_state,
            chargeLimitSoc: r.charge_limit_soc,
            minutesToFull: r.minutes_to_full,
          },
        ]),
      );
    },
  };
}
