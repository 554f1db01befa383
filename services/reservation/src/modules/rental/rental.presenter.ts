import type {
  Dispute,
  Rental,
  ReservationNoShowV1,
  ReservationPickedUpV1,
  ReservationReturnedV1,
} from '@cybertacotruck/contracts';
import { facts } from '../reservations/reservation.presenter';
import type { DisputeRecord, RentalRecord } from './rental.repository';

const must = <T>(value: T | null, what: string): T => {
  if (value === null) throw new Error(`a rental's ${what} is missing`);
  return value;
};

export const pickedUpEvent = (r: RentalRecord): ReservationPickedUpV1 => ({
  ...facts(r),
  at: must(r.pickedUpAt, 'pickup time').toISOString(),
  readings: must(r.pickupReadings, 'pickup readings'),
  by: r.pickedUpBy ?? 'operator',
});

export const returnedEvent = (r: RentalRecord): ReservationReturnedV1 => ({
  ...facts(r),
  at: must(r.returnedAt, 'return time').toISOString(),
  readings: must(r.returnReadings, 'return readings'),
  pickupReadings: r.pickupReadings,
  pickedUpAt: must(r.pickedUpAt, 'pickup time').toISOString(),
  charges: r.returnCharges ?? [],
  totalMinor: r.returnTotalMinor ?? 0,
  termsVersion: r.termsVersion,
  by: r.returnedBy ?? 'operator',
});

export const noShowEvent = (r: RentalRecord): ReservationNoShowV1 => ({
  ...facts(r),
  at: must(r.noShowAt, 'no-show time').toISOString(),
});

export const presentDispute = (d: DisputeRecord): Dispute => ({
  id: d.id,
  reservationId: d.reservationId,
  customerId: d.customerId,
  vehicleName: d.vehicleName,
  message: d.message,
  createdAt: d.createdAt.toISOString(),
});

export function presentRental(r: RentalRecord, disputes: readonly DisputeRecord[]): Rental {
  return {
    reservationId: r.id,
    status: r.status,
    termsVersion: r.termsVersion,
    pickup:
      r.pickedUpAt && r.pickupReadings
        ? { at: r.pickedUpAt.toISOString(), by: r.pickedUpBy ?? 'operator', readings: r.pickupReadings }
        : null,
    return:
      r.returnedAt && r.returnReadings
        ? {
            at: r.returnedAt.toISOString(),
            by: r.returnedBy ?? 'operator',
            readings: r.returnReadings,
            charges: r.returnCharges ?? [],
            totalMinor: r.returnTotalMinor ?? 0,
            currency: r.quote.currency,
          }
        : null,
    noShowAt: r.noShowAt ? r.noShowAt.toISOString() : null,
    disputes: disputes.map(presentDispute),
  };
}
