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
  ReservationEvents.moved,
] as const;

/**
 * Reservation events → rental access rows, in the handler's transaction with the inbox row (so a
 * redelivered event has no second effect). No Tesla call here: the worker makes them.
 */
export function rentalAccessSubscription(o: {
  leadMinutes: number;
  now: () => Date;
  /** Told when a booking moved to another car after its invitation (the worker revokes it, then invites again). */
  onInvitedCarChanged?: (reservationId: string, invitedVehicleId: string, newVehicleId: string) => void;
}): Subscription {
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
        case ReservationEvents.moved.type: {
          const d = event.data;
          const startsAt = new Date(d.from);
          const row = await repo.moved(
            {
              reservationId: d.reservationId,
              vehicleId: d.vehicleId,
              vehicleName: d.vehicleName,
              startsAt,
              endsAt: new Date(d.to),
              inviteDueAt: new Date(startsAt.getTime() - o.leadMinutes * 60_000),
            },
            o.now(),
          );
          if (row && row.vehicle_id !== d.vehicleId)
            o.onInvitedCarChanged?.(d.reservationId, row.vehicle_id, d.vehicleId);
          return;
        }
      }
    },
  });
}
