import type { AlertReason, DeliveryStatus, NotificationTemplate } from '@cybertacotruck/contracts';

export type Tone = 'ok' | 'muted' | 'warn' | 'info' | 'error';

export const TEMPLATE_LABELS: Record<NotificationTemplate, string> = {
  reservation_confirmed: 'Reservation confirmed',
  reservation_cancelled: 'Reservation cancelled',
  reservation_expired: 'Hold lapsed',
  reservation_moved: 'Booking moved',
  rental_receipt: 'Receipt at return',
  reminder_24h: 'Reminder: pick-up tomorrow',
  reminder_1h: 'Reminder: pick-up in an hour',
  welcome: 'Welcome',
  licence_approved: 'Driver’s licence approved',
  licence_rejected: 'Driver’s licence not approved',
  alert_low_charge: 'Alert: low charge',
  alert_offline: 'Alert: offline',
  alert_telemetry_lost: 'Alert: telemetry lost',
  alert_booking_lost: 'Alert: booking lost',
  rental_access: 'Car key (Tesla app)',
  alert_driver_limit: 'Alert: five drivers, no key',
  alert_geofence_exit: 'Alert: left its geofence',
  alert_charge_at_risk: 'Alert: not charged for pick-up',
  invitation: 'Invitation',
  password_reset: 'Password reset code',
  phone_change_code: 'Code for a new phone number',
  phone_changed: 'Phone number changed',
  password_changed: 'Password changed',
};

export const CHANNEL_LABELS = { sms: 'SMS', email: 'E-mail' } as const;

/** How a delivery's status reads to the customer on their own messages. */
export const CUSTOMER_STATUS: Record<DeliveryStatus, { label: string; tone: Tone }> = {
  queued: { label: 'queued', tone: 'info' },
  sending: { label: 'sending', tone: 'info' },
  held: { label: 'held until quiet hours end', tone: 'muted' },
  sent: { label: 'sent', tone: 'ok' },
  failed: { label: 'failed', tone: 'error' },
  skipped: { label: 'not sent', tone: 'muted' },
};

/** The same statuses in the operator's delivery log. */
export const DELIVERY_STATUS: Record<DeliveryStatus, { label: string; tone: Tone }> = {
  queued: { label: 'Queued', tone: 'info' },
  sending: { label: 'Sending', tone: 'info' },
  held: { label: 'Held (quiet hours)', tone: 'muted' },
  sent: { label: 'Sent', tone: 'ok' },
  failed: { label: 'Failed', tone: 'error' },
  skipped: { label: 'Skipped', tone: 'muted' },
};

export const ALERT_LABELS: Record<AlertReason, { label: string; hint: string }> = {
  low_charge: { label: 'Low charge', hint: 'before pick-up' },
  offline: { label: 'Offline', hint: 'during a rental' },
  telemetry_lost: { label: 'Telemetry lost', hint: 'during a rental' },
  booking_lost: { label: 'Booking lost', hint: 'confirmed, but the car is not held for it' },
  charge_at_risk: { label: 'Charge at risk', hint: 'will miss its charge target at pick-up' },
  driver_limit: { label: 'No key for the renter', hint: 'the car already has five drivers' },
  geofence_exit: { label: 'Left its area', hint: 'during a rental' },
};
