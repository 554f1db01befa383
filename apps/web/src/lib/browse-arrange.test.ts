import { describe, expect, it } from 'vitest';
import type { AvailableVehicle } from '@cybertacotruck/contracts';
import { arrange, chargeAtPickup } from './browse-arrange';

let serial = 0;
function car(
  name: string,
  o: { model?: AvailableVehicle['model']; rate?: number | null; range?: number | null; atPickupKm?: number },
): AvailableVehicle {
  serial += 1;
  const rate = o.rate === undefined ? 10_000 : o.rate;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`,
    model: o.model ?? 'model_3',
    displayName: name,
    color: null,
    trim: null,
    modelYear: null,
    live:
      o.range === null
        ? null
        : {
            connectivity: 'online',
            batteryLevel: 80,
            rangeMi: o.range ?? 200,
            latitude: null,
            longitude: null,
            dataAsOf: null,
          },
    distanceMi: null,
    price:
      rate === null
        ? null
        : {
            days: 2,
            dailyRateMinor: rate,
            subtotalMinor: rate * 2,
            depositMinor: 0,
            totalDueMinor: rate * 2,
            currency: 'USD',
          },
    ...(o.atPickupKm === undefined ? {} : { atPickup: { chargePercent: 90, rangeKm: o.atPickupKm } }),
  };
}

const names = (list: AvailableVehicle[]) => list.map((v) => v.displayName);

describe('arranging the cars found', () => {
  const cheap = car('Cheap', { rate: 8_000, range: 150 });
  const dear = car('Dear', { model: 'model_x', rate: 20_000, range: 300 });
  const mid = car('Mid', { model: 'model_y', rate: 12_000, range: 250 });
  const unpriced = car('Unpriced', { rate: null, range: null });
  const all = [mid, unpriced, dear, cheap];

  it('keeps the server order when recommended, and sorts by price either way with unknowns last', () => {
    expect(names(arrange(all, 'recommended', {}))).toEqual(['Mid', 'Unpriced', 'Dear', 'Cheap']);
    expect(names(arrange(all, 'price-asc', {}))).toEqual(['Cheap', 'Mid', 'Dear', 'Unpriced']);
    expect(names(arrange(all, 'price-desc', {}))).toEqual(['Dear', 'Mid', 'Cheap', 'Unpriced']);
    expect(names(arrange(all, 'range-desc', {}))).toEqual(['Dear', 'Mid', 'Cheap', 'Unpriced']);
    // The list given is left as it was.
    expect(names(all)).toEqual(['Mid', 'Unpriced', 'Dear', 'Cheap']);
  });

  it('filters by the daily rate, the range at pick-up and the seats', () => {
    expect(names(arrange(all, 'recommended', { maxDailyMinor: 12_000 }))).toEqual(['Mid', 'Cheap']);
    expect(names(arrange(all, 'recommended', { minRangeMi: 200 }))).toEqual(['Mid', 'Dear']);
    expect(names(arrange(all, 'recommended', { minSeats: 7 }))).toEqual(['Dear']);
    expect(arrange(all, 'recommended', { maxDailyMinor: 5_000 })).toEqual([]);
  });

  it('reads the range at pick-up from the projection when the answer has one', () => {
    const projected = car('Projected', { range: 40, atPickupKm: 400 });
    expect(chargeAtPickup(projected)).toMatchObject({ percent: 90, projected: true });
    expect(chargeAtPickup(projected).rangeMi).toBeCloseTo(248.5, 1);
    expect(chargeAtPickup(cheap)).toEqual({ percent: 80, rangeMi: 150, projected: false });
    expect(names(arrange([cheap, projected], 'range-desc', { minRangeMi: 100 }))).toEqual([
      'Projected',
      'Cheap',
    ]);
  });
});
