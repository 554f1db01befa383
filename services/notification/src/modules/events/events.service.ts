import type { Kysely } from 'kysely';
import type { Static, TSchema } from 'typebox';
import Value from 'typebox/value';
import {
  AccountEvents,
  CustomerRegisteredV1,
  InventoryEvents,
  ReservationBookingLostV1,
  ReservationCancelledV1,
  ReservationConfirmedV1,
  ReservationEvents,
  ReservationExpiredV1,
  VehicleStatusChangedV1,
  type EventEnvelope,
} from '@cybertacotruck/contracts';
import type { EventHandler } from '@cybertacotruck/bus';
import type { NotificationConfig } from '../../config';
import { repositories, type Repositories } from '../../deps';
import type { NotificationTables } from '../../tables';
import { bookingLost, checkLowCharge, checkOnRental } from '../alerts/alerts.service';
import type { ReservationFacts } from '../alerts/alerts.repository';

const HOUR_MS = 3_600_000;

/** The event types this service consumes (`held` needs no message). */
export const CONSUMED_EVENTS = [
  ReservationEvents.confirmed.type,
  ReservationEvents.cancelled.type,
  ReservationEvents.expired.type,
  ReservationEvents.bookingLost.type,
  AccountEvents.customerRegistered.type,
  InventoryEvents.vehicleStatusChanged.type,
] as const;

/** A payload that does not match its contract: thrown so the bus retries and then parks it. */
export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

function dataOf<S extends TSchema>(schema: S, event: EventEnvelope<unknown>): Static<S> {
  if (!Value.Check(schema, event.data)) {
    const first = [...Value.Errors(schema, event.data)][0];
    throw new InvalidEventError(
      `${event.type} ${event.id}: payload does not match its contract (${first?.instancePath ?? ''} ${first?.message ?? ''})`,
    );
  }
  return event.data;
}

const factsOf = (
  d: ReservationConfirmedV1 | ReservationCancelledV1 | ReservationExpiredV1 | ReservationBookingLostV1,
): ReservationFacts => ({
  reservationId: d.reservationId,
  customerId: d.customerId,
  vehicleId: d.vehicleId,
  vehicleName: d.vehicleName,
  startsAt: new Date(d.from),
  endsAt: new Date(d.to),
});

/**
 * The consumer's handlers: plain functions of (event, transaction). Everything they write shares
 * the bus's transaction with its inbox row; each write is also idempotent on its own (unique keys,
 * ON CONFLICT DO NOTHING), so even a replayed dead letter adds nothing twice. They never call
 * another service: the messages they queue are rendered by the dispatcher once the account service
 * has said who gets them and how.
 */
export class NotificationEvents {
  constructor(
    private readonly deps: {
      config: Pick<
        NotificationConfig,
        'NOTIFICATION_LOW_CHARGE_PERCENT' | 'NOTIFICATION_LOW_CHARGE_LOOKAHEAD_HOURS'
      >;
      now: () => Date;
    },
  ) {}

  readonly handle: EventHandler = async (event, trx) => {
    const repos = repositories(trx as unknown as Kysely<NotificationTables>);
    switch (event.type) {
      case ReservationEvents.confirmed.type:
        return this.confirmed(repos, event, dataOf(ReservationConfirmedV1, event));
      case ReservationEvents.cancelled.type:
        return this.cancelled(repos, event, dataOf(ReservationCancelledV1, event));
      case ReservationEvents.expired.type:
        return this.expired(repos, event, dataOf(ReservationExpiredV1, event));
      case ReservationEvents.bookingLost.type:
        await bookingLost(repos, factsOf(dataOf(ReservationBookingLostV1, event)), this.deps.now());
        return;
      case AccountEvents.customerRegistered.type:
        return this.registered(repos, event, dataOf(CustomerRegisteredV1, event));
      case InventoryEvents.vehicleStatusChanged.type:
        return this.statusChanged(repos, dataOf(VehicleStatusChangedV1, event));
      default:
        return;
    }
  };

  private async confirmed(repos: Repositories, event: EventEnvelope<unknown>, d: ReservationConfirmedV1) {
    const now = this.deps.now();
    const facts = factsOf(d);
    await repos.alerts.upsertConfirmed(facts, now);
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'reservation_confirmed',
      audience: d.customerId,
      data: d,
      dueAt: now,
    });
    // Reminders whose time already passed are not created: confirmed 5 hours before pickup, the
    // customer gets the 1-hour reminder only; confirmed 30 minutes before, none (the confirmation says it all).
    const pickup = facts.startsAt.getTime();
    for (const [kind, before] of [
      ['24h', 24 * HOUR_MS],
      ['1h', HOUR_MS],
    ] as const) {
      const dueAt = new Date(pickup - before);
      if (dueAt.getTime() > now.getTime())
        await repos.reminders.add({
          reservationId: d.reservationId,
          customerId: d.customerId,
          kind,
          dueAt,
          data: d,
          now,
        });
    }
    await checkLowCharge(repos, this.deps.config, now, d.vehicleId);
  }

  private async cancelled(repos: Repositories, event: EventEnvelope<unknown>, d: ReservationCancelledV1) {
    const now = this.deps.now();
    await repos.alerts.markCancelled(factsOf(d), now);
    await repos.reminders.cancelFor(d.reservationId, now);
    // A customer abandoning their own hold while reading the terms needs no message about it.
    if (!d.wasConfirmed && d.cancelledBy === 'customer') return;
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'reservation_cancelled',
      audience: d.customerId,
      data: d,
      dueAt: now,
    });
  }

  private async expired(repos: Repositories, event: EventEnvelope<unknown>, d: ReservationExpiredV1) {
    const now = this.deps.now();
    await repos.reminders.cancelFor(d.reservationId, now);
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'reservation_expired',
      audience: d.customerId,
      data: d,
      dueAt: now,
    });
  }

  private async registered(repos: Repositories, event: EventEnvelope<unknown>, d: CustomerRegisteredV1) {
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'welcome',
      audience: d.userId,
      data: { name: d.name },
      dueAt: this.deps.now(),
    });
  }

  private async statusChanged(repos: Repositories, d: VehicleStatusChangedV1) {
    const now = this.deps.now();
    const at = new Date(d.at);
    const newest = await repos.alerts.recordVehicleStatus({
      vehicle_id: d.vehicleId,
      name: d.name,
      connectivity: d.connectivity,
      streaming: d.streaming,
      battery_level: d.batteryLevel,
      at,
    });
    if (!newest) return; // an older status than the one we have: nothing to act on
    const reasons: Array<'offline' | 'telemetry_lost'> = [];
    if (d.connectivity === 'offline') reasons.push('offline');
    if (d.reasons.includes('telemetry_lost')) reasons.push('telemetry_lost');
    await checkOnRental(repos, d.vehicleId, reasons, d.batteryLevel, at, now);
    await checkLowCharge(repos, this.deps.config, now, d.vehicleId);
  }
}
