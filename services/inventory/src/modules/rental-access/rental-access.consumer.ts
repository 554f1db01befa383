import { ReservationEvents } from '@cybertacotruck/contracts';
import type { Subscription } from '@cybertacotruck/bus';
import { eventSubscription } from '@cybertacotruck/platform';
import { RentalAccessRepository } from './rental-access.repository';
import { RentalAccessService } from './rental-access.service';

export const RENTAL_ACCESS_GROUP = 'inventory-rental-access';

export const RENTAL_ACCESS_EVENTS = [
  ReservationEvents.confirmed,
  ReservationEvents.cancelled,
  ReservationEvents.pickedUp,
  ReservationEvents.returned,
  ReservationEvents.noShow,
] as const;

/**
 * Reservation events → rental access rows, in the handler's transaction with the inbox row (so a
 * redelivered event has no second effect). No Tesla call here: the worker makes them.
 */
export function rentalAccessSubscription(o: { leadMinutes: number; now: () => Date }): Subscription {
  return eventSubscription({
    group: RENTAL_ACCESS_GROUP,
    schema: 'inventory',
    events: RENTAL_ACCESS_EVENTS,
    handle: async (event, trx) => {
      const repo = RentalAccessRepository.over(trx);
      switch (event.type) {
        case ReservationEvents.confirmed.type: {
          const d = event.data;
          await RentalAccessService.scheduled(
            repo,
            {
              reservationId: d.reservationId,
              vehicleId: d.vehicleId,
              customerId: d.customerId,
              vehicleName: d.vehicleName,
              startsAt: new Date(d.from),
              endsAt: new Date(d.to),
              timeZone: d.timeZone,
            },
            o.leadMinutes,
          );
          return;
        }
        case ReservationEvents.pickedUp.type:
          await repo.markPickedUp(event.data.reservationId, new Date(event.data.at));
          return;
        case ReservationEvents.cancelled.type:
          await repo.end(event.data.reservationId, 'cancelled', o.now());
          return;
        case ReservationEvents.returned.type:
          await repo.end(event.data.reservationId, 'returned', o.now());
          return;
        case ReservationEvents.noShow.type:
          await repo.end(event.data.reservationId, 'no_show', o.now());
          return;
      }
    },
  });
}
