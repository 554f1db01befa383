import type { AlertReason, NotificationTemplate } from '@cybertacotruck/contracts';
import type { NotificationConfig } from '../../config';
import type { Repositories } from '../../deps';
import { OPERATORS } from '../dispatch/outgoing.repository';
import type { AlertRecord, ReservationFacts } from './alerts.repository';

const HOUR_MS = 3_600_000;

const TEMPLATE_OF = {
  low_charge: 'alert_low_charge',
  offline: 'alert_offline',
  telemetry_lost: 'alert_telemetry_lost',
  booking_lost: 'alert_booking_lost',
} as const satisfies Record<AlertReason, NotificationTemplate>;

/** Raises the alert once per reservation × reason and, when it is new, queues the message to every operator. */
async function raise(
  repos: Repositories,
  reason: AlertReason,
  reservation: ReservationFacts,
  batteryLevel: number | null,
  now: Date,
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
