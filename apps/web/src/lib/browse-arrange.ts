import type { AvailableVehicle } from '@cybertacotruck/contracts';
import { SEATS } from './vehicle-names';

export const SORTS = ['recommended', 'price-asc', 'price-desc', 'range-desc'] as const;
export type SortKey = (typeof SORTS)[number];
export const isSort = (value: string | null): value is SortKey => SORTS.some((s) => s === value);

export interface BrowseFilters {
  /** At most this daily rate, in minor units. */
  maxDailyMinor?: number | undefined;
  /** At least this range when the car is collected, in miles. */
  minRangeMi?: number | undefined;
  minSeats?: number | undefined;
}

/** The inventory's projection for the start of the trip, when the answer carries one (issue 18). */
type WithPickup = AvailableVehicle & { atPickup?: { chargePercent: number; rangeKm: number } | null };

const KM_PER_MI = 1.609344;

/**
 * The charge and range a car will have when it is collected: the projection at the searched start
 * when the service gives one, else what the car reports now (`projected` false).
 */
export function chargeAtPickup(v: AvailableVehicle): {
  percent: number | null;
  rangeMi: number | null;
  projected: boolean;
} {
  const at = (v as WithPickup).atPickup;
  if (at) return { percent: at.chargePercent, rangeMi: at.rangeKm / KM_PER_MI, projected: true };
  return { percent: v.live?.batteryLevel ?? null, rangeMi: v.live?.rangeMi ?? null, projected: false };
}

const daily = (v: AvailableVehicle) => v.price?.dailyRateMinor ?? null;

/** Compares with the unknowns (no price, no range) last whichever the direction. */
function by(value: (v: AvailableVehicle) => number | null, direction: 1 | -1) {
  return (a: AvailableVehicle, b: AvailableVehicle) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x - y) * direction;
  };
}

/** The cars that pass the filters, in the chosen order (the server's order for 'recommended'; a stable sort keeps it among equals). */
export function arrange(
  items: readonly AvailableVehicle[],
  sort: SortKey,
  f: BrowseFilters,
): AvailableVehicle[] {
  const kept = items.filter((v) => {
    if (f.maxDailyMinor !== undefined) {
      const rate = daily(v);
      if (rate === null || rate > f.maxDailyMinor) return false;
    }
    if (f.minRangeMi !== undefined) {
      const range = chargeAtPickup(v).rangeMi;
      if (range === null || range < f.minRangeMi) return false;
    }
    if (f.minSeats !== undefined && (SEATS[v.model] ?? 5) < f.minSeats) return false;
    return true;
  });
  if (sort === 'price-asc') return kept.sort(by(daily, 1));
  if (sort === 'price-desc') return kept.sort(by(daily, -1));
  if (sort === 'range-desc') return kept.sort(by((v) => chargeAtPickup(v).rangeMi, -1));
  return kept;
}
