import type { Kysely } from 'kysely';
import {
  AccountEvents,
  InventoryEvents,
  ReservationEvents,
  type CustomerRegisteredV1,
  type DriverVerificationDecidedV1,
  type DeclaredEnvelope,
  type InvitationResentV1,
  type PasswordResetRequestedV1,
  type PasswordChangedV1,
  type PhoneChangedV1,
  type PhoneChangeRequestedV1,
  type EventEnvelope,
  type ReservationBookingLostV1,
  type ReservationCancelledV1,
  type ReservationConfirmedV1,
  type ReservationExpiredV1,
  type ReservationMovedV1,
  type ReservationReturnedV1,
  type VehicleStatusChangedV1,
} from '@cybertacotruck/contracts';
import type { EventHandler } from '@cybertacotruck/bus';
import { validatedHandler, type HandlerTransaction } from '@cybertacotruck/platform';
import type { NotificationConfig } from '../../config';
import { repositories, type Repositories } from '../../deps';
import type { NotificationTables } from '../../tables';
import {
  bookingLost,
  chargeAtRisk,
  checkLowCharge,
  checkOnRental,
  rentalAccessAlert,
} from '../alerts/alerts.service';
import type { ReservationFacts } from '../alerts/alerts.repository';
import { PHONE_AUDIENCE } from '../dispatch/outgoing.repository';

const HOUR_MS = 3_600_000;

// From the event's own times, so every rendering of the message says the same (a retry's text must
// match the first attempt's for the provider lookup).
const minutesBetween = (from: string, to: string) =>
  Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

/**
 * The events this service consumes (`held` needs no message), as declared in contracts: the bus
 * subscription validates each payload against its declared schema before `handle` sees it, and
 * parks one that does not match in the dead letters.
 */
export const CONSUMED_EVENTS = [
  ReservationEvents.confirmed,
  ReservationEvents.cancelled,
  ReservationEvents.expired,
  ReservationEvents.returned,
  ReservationEvents.bookingLost,
  ReservationEvents.moved,
  AccountEvents.customerRegistered,
  AccountEvents.customerInvited,
  AccountEvents.invitationResent,
  AccountEvents.passwordResetRequested,
  AccountEvents.driverVerificationDecided,
  AccountEvents.phoneChangeRequested,
  AccountEvents.phoneChanged,
  AccountEvents.passwordChanged,
  InventoryEvents.vehicleStatusChanged,
  InventoryEvents.rentalAccessInvited,
  InventoryEvents.rentalAccessAlert,
  InventoryEvents.pickupChargeAtRisk,
] as const;

/** A consumed event, its payload typed by its declaration. */
export type ConsumedEvent = DeclaredEnvelope<(typeof CONSUMED_EVENTS)[number]>;

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

  /**
   * What the bus runs: the payload is validated against its declared schema (a mismatch is thrown
   * as InvalidEventPayload, which the bus parks at once), then handled by type.
   */
  readonly handle: EventHandler = validatedHandler(CONSUMED_EVENTS, (event, trx) =>
    this.dispatch(event, trx),
  );

  private readonly dispatch = async (event: ConsumedEvent, trx: HandlerTransaction): Promise<void> => {
    const repos = repositories(trx as unknown as Kysely<NotificationTables>);
    switch (event.type) {
      case ReservationEvents.confirmed.type:
        return this.confirmed(repos, event, event.data);
      case ReservationEvents.cancelled.type:
        return this.cancelled(repos, event, event.data);
      case ReservationEvents.returned.type:
        return this.returned(repos, event, event.data);
      case ReservationEvents.expired.type:
        return this.expired(repos, event, event.data);
      case ReservationEvents.bookingLost.type:
        await bookingLost(repos, factsOf(event.data), this.deps.now());
        return;
      case ReservationEvents.moved.type:
        return this.moved(repos, event, event.data);
      case AccountEvents.customerRegistered.type:
        return this.registered(repos, event, event.data);
      case AccountEvents.customerInvited.type:
        // Events from before the language and issue were added: English, the first link.
        return this.invited(repos, event, {
          ...event.data,
          language: event.data.language ?? 'en',
          issue: event.data.issue ?? 1,
        });
      case AccountEvents.invitationResent.type:
        return this.invited(repos, event, event.data);
      case AccountEvents.passwordResetRequested.type:
        return this.resetRequested(repos, event, event.data);
      case AccountEvents.driverVerificationDecided.type:
        return this.licenceDecided(repos, event, event.data);
      case AccountEvents.phoneChangeRequested.type:
        return this.phoneChangeRequested(repos, event, event.data);
      case AccountEvents.phoneChanged.type:
        return this.phoneChanged(repos, event, event.data);
      case AccountEvents.passwordChanged.type:
        return this.passwordChanged(repos, event, event.data);
      case InventoryEvents.vehicleStatusChanged.type:
        return this.statusChanged(repos, event.data);
      case InventoryEvents.rentalAccessInvited.type:
        // The renter's car key: the message holds ids, never the link (fetched from inventory when sent).
        await repos.outgoing.add({
          sourceId: event.id,
          template: 'rental_access',
          audience: event.data.customerId,
          data: {
            reservationId: event.data.reservationId,
            vehicleId: event.data.vehicleId,
            vehicleName: event.data.vehicleName,
            from: event.data.from,
            to: event.data.to,
          },
          dueAt: this.deps.now(),
        });
        return;
      case InventoryEvents.pickupChargeAtRisk.type:
        await chargeAtRisk(repos, event.id, event.data, this.deps.now());
        return;
      case InventoryEvents.rentalAccessAlert.type:
        await rentalAccessAlert(repos, event.id, event.data, this.deps.now());
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

  /**
   * An operator moved the booking: the renter is told by their channels, and the pickup reminders
   * follow the new pickup (one already sent comes again if the new pickup is later; one whose time
   * has passed is dropped).
   */
  private async moved(repos: Repositories, event: EventEnvelope<unknown>, d: ReservationMovedV1) {
    const now = this.deps.now();
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'reservation_moved',
      audience: d.customerId,
      data: d,
      dueAt: now,
    });
    const pickup = new Date(d.from).getTime();
    for (const [kind, before] of [
      ['24h', 24 * HOUR_MS],
      ['1h', HOUR_MS],
    ] as const)
      await repos.reminders.move({
        reservationId: d.reservationId,
        customerId: d.customerId,
        kind,
        dueAt: new Date(pickup - before),
        data: d,
        now,
      });
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

  /** The car is back: the renter's receipt (readings, each charge, the total). */
  private async returned(repos: Repositories, event: EventEnvelope<unknown>, d: ReservationReturnedV1) {
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'rental_receipt',
      audience: d.customerId,
      data: {
        reservationId: d.reservationId,
        vehicleName: d.vehicleName,
        from: d.from,
        to: d.to,
        timeZone: d.timeZone,
        currency: d.currency,
        receipt: {
          charges: d.charges,
          totalMinor: d.totalMinor,
          currency: d.currency,
          readings: d.readings,
          pickupReadings: d.pickupReadings,
        },
      },
      dueAt: this.deps.now(),
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

  /** The operator's decision on a renter's licence: approved, or rejected with the reason given. */
  private async licenceDecided(
    repos: Repositories,
    event: EventEnvelope<unknown>,
    d: DriverVerificationDecidedV1,
  ) {
    await repos.outgoing.add({
      sourceId: event.id,
      template: d.decision === 'approved' ? 'licence_approved' : 'licence_rejected',
      audience: d.userId,
      data: { reason: d.reason },
      dueAt: this.deps.now(),
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

  /**
   * An invitation (or a resend: a new event, so a new message and delivery). The message holds ids,
   * never the link: the sender asks account for it when it sends, and only while it is pending.
   */
  private async invited(
    repos: Repositories,
    event: EventEnvelope<unknown>,
    d: Pick<InvitationResentV1, 'invitationId' | 'phone' | 'name' | 'expiresAt' | 'language' | 'issue'>,
  ) {
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'invitation',
      audience: `${PHONE_AUDIENCE}${d.phone}`,
      data: {
        invitationId: d.invitationId,
        issue: d.issue,
        name: d.name ?? '',
        language: d.language,
        validMinutes: minutesBetween(event.occurredAt, d.expiresAt),
      },
      dueAt: this.deps.now(),
    });
  }

  private async resetRequested(
    repos: Repositories,
    event: EventEnvelope<unknown>,
    d: PasswordResetRequestedV1,
  ) {
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'password_reset',
      audience: d.userId,
      data: { resetId: d.resetId, validMinutes: minutesBetween(event.occurredAt, d.expiresAt) },
      dueAt: this.deps.now(),
    });
  }

  /**
   * The code that confirms a new phone number goes to that number (`toPhone`), not to the account's
   * current one; like a reset's, it is fetched from account when the SMS is sent.
   */
  private async phoneChangeRequested(
    repos: Repositories,
    event: EventEnvelope<unknown>,
    d: PhoneChangeRequestedV1,
  ) {
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'phone_change_code',
      audience: d.userId,
      data: {
        changeId: d.changeId,
        toPhone: d.phone,
        validMinutes: minutesBetween(event.occurredAt, d.expiresAt),
      },
      dueAt: this.deps.now(),
    });
  }

  /** The previous number is told it no longer belongs to the account (the owner may not know). */
  private async phoneChanged(repos: Repositories, event: EventEnvelope<unknown>, d: PhoneChangedV1) {
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'phone_changed',
      audience: d.userId,
      data: { toPhone: d.previousPhone, phoneEnd: d.phone.slice(-4) },
      dueAt: this.deps.now(),
    });
  }

  /** By the user's own channels: whoever changed it, the owner hears of it. */
  private async passwordChanged(repos: Repositories, event: EventEnvelope<unknown>, d: PasswordChangedV1) {
    await repos.outgoing.add({
      sourceId: event.id,
      template: 'password_changed',
      audience: d.userId,
      data: { otherSessionsEnded: d.otherSessionsEnded },
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
