import type {
  AlertReason,
  NotificationTemplate,
  PickupChargeAtRiskV1,
  RentalAccessAlertV1,
} from '@cybertacotruck/contracts';
import type { NotificationConfig } from '../../config';
import type { Repositories } from '../../deps';
import type { MessageData } from '../messages/render';
import { OPERATORS } from '../dispatch/outgoing.repository';
import type { AlertRecord, ReservationFacts } from './alerts.repository';

const HOUR_MS = 3_600_000;

const TEMPLATE_OF = {
  low_charge: 'alert_low_charge',
  offline: 'alert_offline',
  telemetry_lost: 'alert_telemetry_lost',
  booking_lost: 'alert_booking_lost',
  charge_at_risk: 'alert_charge_at_risk',
  driver_limit: 'alert_driver_limit',
  geofence_exit: 'alert_geofence_exit',
} as const satisfies Record<AlertReason, NotificationTemplate>;

/** Raises the alert once per reservation × reason and, when it is new, queues the message to every operator. */
async function raise(
  repos: Repositories,
  reason: AlertReason,
  reservation: ReservationFacts,
  batteryLevel: number | null,
  now: Date,
  more: Pick<MessageData, 'projectedPercent' | 'targetPercent' | 'pluggedIn'> = {},
): Promise<AlertRecord | null> {
  const alert = await repos.alerts.raise(reason, reservation, batteryLevel, now);
  if (!alert) return null;
  await repos.outgoing.add({
    sourceId: alert.id,
    template: TEMPLATE_OF[reason],
    audience: OPERATORS,
    data: {
      reservationId: alert.reservationId,
      vehicleName: alert.vehicleName,
      batteryLevel: alert.batteryLevel,
      from: alert.startsAt.toISOString(),
      to: alert.endsAt.toISOString(),
      ...more,
    },
    dueAt: now,
  });
  return alert;
}

/**
 * Pickups within the lookahead whose vehicle last reported a battery below the threshold: one
 * alert per reservation. Run on every confirmation and vehicle status, and by the schedule worker
 * (a pickup enters the lookahead window without any event saying so).
 */
export async function checkLowCharge(
  repos: Repositories,
  config: Pick<
    NotificationConfig,
    'NOTIFICATION_LOW_CHARGE_PERCENT' | 'NOTIFICATION_LOW_CHARGE_LOOKAHEAD_HOURS'
  >,
  now: Date,
  vehicleId?: string,
): Promise<AlertRecord[]> {
  const pickups = await repos.alerts.lowChargePickups(
    now,
    config.NOTIFICATION_LOW_CHARGE_LOOKAHEAD_HOURS * HOUR_MS,
    config.NOTIFICATION_LOW_CHARGE_PERCENT,
    vehicleId,
  );
  const raised: AlertRecord[] = [];
  for (const pickup of pickups) {
    const alert = await raise(repos, 'low_charge', pickup, pickup.batteryLevel, now);
    if (alert) raised.push(alert);
  }
  return raised;
}

/** A vehicle went offline or silent at `at`: one alert per reservation on rental then × reason. */
export async function checkOnRental(
  repos: Repositories,
  vehicleId: string,
  reasons: Array<'offline' | 'telemetry_lost'>,
  batteryLevel: number | null,
  at: Date,
  now: Date,
): Promise<AlertRecord[]> {
  if (reasons.length === 0) return [];
  const raised: AlertRecord[] = [];
  for (const reservation of await repos.alerts.onRental(vehicleId, at))
    for (const reason of reasons) {
      const alert = await raise(repos, reason, reservation, batteryLevel, now);
      if (alert) raised.push(alert);
    }
  return raised;
}

/**
 * The reservation service found a confirmed reservation whose calendar booking is gone and could not
 * be restored (`reservation.reservation.booking_lost`): one alert per reservation, to every operator.
 */
export function bookingLost(
  repos: Repositories,
  reservation: ReservationFacts,
  now: Date,
): Promise<AlertRecord | null> {
  return raise(repos, 'booking_lost', reservation, null, now);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Inventory projects that a booked car will miss its charge target at pickup
 * (`inventory.vehicle.pickup_charge_at_risk`, once per booking): one alert per reservation, to every
 * operator, with the projection. The rental's end comes from this service's own projection of the
 * reservation (when its confirmation has not arrived yet, the pickup stands for both ends); a booking
 * of a reservation since cancelled raises nothing. A booking without a reservation id (none is made
 * today) cannot be an alert row: operators still get the message, once per event.
 */
export async function chargeAtRisk(
  repos: Repositories,
  eventId: string,
  d: PickupChargeAtRiskV1,
  now: Date,
): Promise<AlertRecord | null> {
  const battery = d.batteryLevel === null ? null : Math.round(d.batteryLevel);
  const more = {
    projectedPercent: d.projectedPercent === null ? null : Math.round(d.projectedPercent),
    targetPercent: d.targetPercent,
    pluggedIn: d.pluggedIn,
  };
  const pickup = new Date(d.pickupAt);
  if (!d.reservationId || !UUID.test(d.reservationId)) {
    await repos.outgoing.add({
      sourceId: eventId,
      template: 'alert_charge_at_risk',
      audience: OPERATORS,
      data: { vehicleName: d.name, batteryLevel: battery, from: d.pickupAt, to: d.pickupAt, ...more },
      dueAt: now,
    });
    return null;
  }
  const known = await repos.alerts.reservation(d.reservationId);
  if (known?.status === 'cancelled') return null;
  const facts: ReservationFacts = known ?? {
    reservationId: d.reservationId,
    customerId: '',
    vehicleId: d.vehicleId,
    vehicleName: d.name,
    startsAt: pickup,
    endsAt: pickup,
  };
  return raise(
    repos,
    'charge_at_risk',
    { ...facts, vehicleId: d.vehicleId, vehicleName: d.name, startsAt: pickup },
    battery,
    now,
    more,
  );
}

/**
 * A rented car needs an operator (`inventory.rental_access.alert`): it has Tesla's five drivers, so
 * the renter cannot get a key, or it left its geofence. Every such event is a message to the
 * operators, with its detail (a car may leave its area more than once); the Alerts page keeps one
 * row per reservation × reason, so the problem can be found after the message is gone. The
 * rental's times come from this service's projection of the reservation (the event's time stands
 * for both ends until its confirmation has arrived).
 */
export async function rentalAccessAlert(
  repos: Repositories,
  eventId: string,
  d: RentalAccessAlertV1,
  now: Date,
): Promise<AlertRecord | null> {
  await repos.outgoing.add({
    sourceId: eventId,
    template: TEMPLATE_OF[d.reason],
    audience: OPERATORS,
    data: { reservationId: d.reservationId, vehicleName: d.vehicleName, reason: d.detail },
    dueAt: now,
  });
  const known = await repos.alerts.reservation(d.reservationId);
  const at = new Date(d.at);
  return repos.alerts.raise(
    d.reason,
    {
      reservationId: d.reservationId,
      customerId: known?.customerId ?? '',
      vehicleId: d.vehicleId,
      vehicleName: d.vehicleName,
      startsAt: known?.startsAt ?? at,
      endsAt: known?.endsAt ?? at,
    },
    null,
    now,
  );
}
