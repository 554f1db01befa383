import { AccountEvents, ReservationEvents } from '@cybertacotruck/contracts';
import type { Subscription } from '@cybertacotruck/bus';
import { eventSubscription } from '@cybertacotruck/platform';
import { InsightsRepository, type ReservationFact, type ReservationStep } from './insights.repository';

export const INSIGHTS_GROUP = 'inventory-insights';

export const INSIGHTS_EVENTS = [
  AccountEvents.customerInvited,
  AccountEvents.customerRegistered,
  ReservationEvents.held,
  ReservationEvents.confirmed,
  ReservationEvents.cancelled,
  ReservationEvents.expired,
  ReservationEvents.pickedUp,
  ReservationEvents.returned,
  ReservationEvents.noShow,
  ReservationEvents.bookingLost,
] as const;

const STEP_OF: Record<string, ReservationStep> = {
  [ReservationEvents.held.type]: 'held',
  [ReservationEvents.confirmed.type]: 'confirmed',
  [ReservationEvents.cancelled.type]: 'cancelled',
  [ReservationEvents.expired.type]: 'expired',
  [ReservationEvents.pickedUp.type]: 'picked_up',
  [ReservationEvents.returned.type]: 'returned',
  [ReservationEvents.noShow.type]: 'no_show',
  [ReservationEvents.bookingLost.type]: 'booking_lost',
};

/**
 * Account and reservation events → the business numbers' projection, in the handler's transaction
 * with the inbox row. The rows are commutative (insights.repository.ts), so a redelivered or
 * out-of-order event leaves them as the right order would.
 */
export function insightsSubscription(): Subscription {
  return eventSubscription({
    group: INSIGHTS_GROUP,
    schema: 'inventory',
    events: INSIGHTS_EVENTS,
    handle: async (event, trx) => {
      const repo = InsightsRepository.over(trx);
      const occurredAt = new Date(event.occurredAt);
      switch (event.type) {
        case AccountEvents.customerInvited.type:
          return repo.recordPerson('invited', event.data.invitationId, occurredAt);
        case AccountEvents.customerRegistered.type:
          return repo.recordPerson('registered', event.data.userId, occurredAt);
        default: {
          const d = event.data;
          const step = STEP_OF[event.type];
          if (!step) return;
          const fact: ReservationFact = {
            reservationId: d.reservationId,
            customerId: d.customerId,
            vehicleId: d.vehicleId,
            vehicleName: d.vehicleName,
            model: d.model,
            startsAt: new Date(d.from),
            endsAt: new Date(d.to),
            currency: d.currency,
            rentalMinor: d.rentalMinor ?? null,
            occurredAt,
            step,
            at: 'at' in d ? new Date(d.at) : occurredAt,
          };
          if ('cancelledBy' in d)
            fact.cancellation = { by: d.cancelledBy, reason: d.reason, wasConfirmed: d.wasConfirmed };
          if ('totalMinor' in d) fact.chargesMinor = d.totalMinor;
          return repo.recordReservation(fact);
        }
      }
    },
  });
}
