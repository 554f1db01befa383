import type { ReturnCharge, ReturnFees, VehicleReadings } from '@cybertacotruck/contracts';

const MINUTE_MS = 60_000;

export interface ChargeInput {
  /** The fees of the terms the reservation was confirmed under; null: nothing is charged. */
  fees: ReturnFees | null;
  /** Rental days of the reservation's quote: the distance allowance is per day. */
  days: number;
  currency: string;
  pickup: VehicleReadings | null;
  returned: VehicleReadings;
  /** The end of the rental period and when the car came back. */
  endsAt: Date;
  returnedAt: Date;
}

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;

/**
 * The charges at return, each in integer minor units: distance over the allowance (whole km over, a
 * part km is free), charge below the level at pickup (whole percentage points), and a return past the
 * grace (every started hour after the end). A reading the car never reported charges nothing: the
 * renter is not charged on a guess. Exactly at the allowance, at the pickup level or at the grace's
 * last minute charges nothing.
 */
export function returnCharges(input: ChargeInput): ReturnCharge[] {
  const { fees, currency, pickup, returned } = input;
  if (!fees) return [];
  const charges: ReturnCharge[] = [];

  if (pickup?.odometerKm != null && returned.odometerKm != null) {
    const allowanceKm = fees.includedKmPerDay * input.days;
    // Odometers are kept to a tenth of a km: compare in tenths so no float noise reaches the count.
    const drivenTenths = Math.round(returned.odometerKm * 10) - Math.round(pickup.odometerKm * 10);
    const overKm = Math.floor(Math.max(0, drivenTenths - allowanceKm * 10) / 10);
    if (overKm > 0 && fees.perKmFeeMinor > 0) {
      const amountMinor = overKm * fees.perKmFeeMinor;
      charges.push({
        kind: 'distance',
        amountMinor,
        currency,
        detail: `${String(drivenTenths / 10)} km driven, ${String(allowanceKm)} km included: ${String(overKm)} km over at ${money(fees.perKmFeeMinor, currency)}/km`,
        quantity: overKm,
        unit: 'km',
        rateMinor: fees.perKmFeeMinor,
      });
    }
  }

  if (pickup?.chargePercent != null && returned.chargePercent != null) {
    const points = Math.floor(pickup.chargePercent - returned.chargePercent);
    if (points > 0 && fees.chargeFeePerPercentMinor > 0) {
      charges.push({
        kind: 'charge',
        amountMinor: points * fees.chargeFeePerPercentMinor,
        currency,
        detail: `Returned at ${String(returned.chargePercent)}%, picked up at ${String(pickup.chargePercent)}%: ${String(points)} points at ${money(fees.chargeFeePerPercentMinor, currency)} each`,
        quantity: points,
        unit: 'percent',
        rateMinor: fees.chargeFeePerPercentMinor,
      });
    }
  }

  const lateMs = input.returnedAt.getTime() - input.endsAt.getTime();
  if (lateMs > fees.lateGraceMinutes * MINUTE_MS && fees.lateFeePerHourMinor > 0) {
    const hours = Math.ceil(lateMs / (60 * MINUTE_MS));
    charges.push({
      kind: 'late',
      amountMinor: hours * fees.lateFeePerHourMinor,
      currency,
      detail: `Returned ${String(Math.ceil(lateMs / MINUTE_MS))} minutes after the end (grace ${String(fees.lateGraceMinutes)} minutes): ${String(hours)} started hours at ${money(fees.lateFeePerHourMinor, currency)}`,
      quantity: hours,
      unit: 'hour',
      rateMinor: fees.lateFeePerHourMinor,
    });
  }
  return charges;
}

export const totalOf = (charges: readonly ReturnCharge[]): number =>
  charges.reduce((sum, c) => sum + c.amountMinor, 0);
