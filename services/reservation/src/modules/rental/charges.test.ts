import { describe, expect, it } from 'vitest';
import type { ReturnFees, VehicleReadings } from '@cybertacotruck/contracts';
import { returnCharges, totalOf } from './charges';

const fees: ReturnFees = {
  includedKmPerDay: 100,
  perKmFeeMinor: 35,
  chargeFeePerPercentMinor: 50,
  lateGraceMinutes: 30,
  lateFeePerHourMinor: 2_000,
};
const readings = (odometerKm: number | null, chargePercent: number | null): VehicleReadings => ({
  at: '2026-12-05T10:00:00.000Z',
  dataAsOf: '2026-12-05T10:00:00.000Z',
  odometerKm,
  chargePercent,
  rangeKm: null,
  tyrePressureBar: null,
  position: null,
  locked: true,
  activity: 'parked',
  distanceFromHomeM: 0,
});
const endsAt = new Date('2026-12-07T10:00:00.000Z');
const at = (minutesAfterEnd: number, extraMs = 0) =>
  new Date(endsAt.getTime() + minutesAfterEnd * 60_000 + extraMs);
const charge = (pickup: VehicleReadings | null, returned: VehicleReadings, returnedAt = endsAt, f = fees) =>
  returnCharges({ fees: f, days: 2, currency: 'USD', pickup, returned, endsAt, returnedAt });

describe('charges at return', () => {
  it('charges nothing exactly at the allowance, at the pickup charge, at the grace’s end', () => {
    expect(charge(readings(1000, 80), readings(1200, 80), at(30))).toEqual([]);
  });

  it('charges whole km over the allowance; a part km is free', () => {
    expect(charge(readings(1000, 80), readings(1200.9, 80))).toEqual([]);
    const [c] = charge(readings(1000, 80), readings(1201, 80));
    expect(c).toMatchObject({ kind: 'distance', quantity: 1, unit: 'km', amountMinor: 35, currency: 'USD' });
    // Tenths compare exactly: 0.1 + 0.2 style noise never makes 200 km into 200.0000001.
    expect(charge(readings(1609.3, 80), readings(1809.3, 80))).toEqual([]);
    expect(charge(readings(0.1, 80), readings(250.3, 80))[0]).toMatchObject({
      quantity: 50,
      amountMinor: 1_750,
    });
  });

  it('charges each point of charge below the pickup level, none above it', () => {
    expect(charge(readings(1000, 80), readings(1000, 81))).toEqual([]);
    expect(charge(readings(1000, 80), readings(1000, 79))).toEqual([
      expect.objectContaining({ kind: 'charge', quantity: 1, unit: 'percent', amountMinor: 50 }),
    ]);
  });

  it('charges every started hour after the end once past the grace', () => {
    expect(charge(readings(1000, 80), readings(1000, 80), at(30, 1))).toEqual([
      expect.objectContaining({ kind: 'late', quantity: 1, unit: 'hour', amountMinor: 2_000 }),
    ]);
    expect(charge(readings(1000, 80), readings(1000, 80), at(121))[0]).toMatchObject({
      quantity: 3,
      amountMinor: 6_000,
    });
    expect(charge(readings(1000, 80), readings(1000, 80), at(-60))).toEqual([]);
  });

  it('adds the three up, in integer minor units', () => {
    const charges = charge(readings(1000, 80), readings(1210, 70), at(45));
    expect(charges.map((c) => c.kind)).toEqual(['distance', 'charge', 'late']);
    expect(totalOf(charges)).toBe(10 * 35 + 10 * 50 + 2_000);
    for (const c of charges) expect(Number.isInteger(c.amountMinor)).toBe(true);
  });

  it('charges nothing on a reading the car never reported, nor under terms without fees', () => {
    expect(charge(null, readings(5000, 0), at(600))).toEqual([expect.objectContaining({ kind: 'late' })]);
    expect(charge(readings(null, null), readings(5000, 0))).toEqual([]);
    expect(
      returnCharges({
        fees: null,
        days: 2,
        currency: 'USD',
        pickup: readings(0, 100),
        returned: readings(9000, 0),
        endsAt,
        returnedAt: at(600),
      }),
    ).toEqual([]);
  });
});
