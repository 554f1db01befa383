// Plain constants (no schema library) so the web bundle can import them without TypeBox.

/**
 * queued: waiting to be sent (maybe after a failed attempt, at `notBefore`); held: waiting for the
 * end of the recipient's quiet hours; sending: a sender holds it (a lease); sent; failed: given up
 * after the last attempt (an operator may retry); skipped: never to be sent (e.g. a reminder that
 * quiet hours would push past the pickup).
 */
export const DELIVERY_STATUSES = ['queued', 'held', 'sending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What a message is about; `alert` messages go to operators. */
export const NOTIFICATION_TEMPLATES = [
  'reservation_confirmed',
  'reservation_cancelled',
  'reservation_expired',
  // An operator moved the booking (other dates or another car of the model): the renter is told.
  'reservation_moved',
  // At return: the readings and each charge (issue 17 item 4).
  'rental_receipt',
  'reminder_24h',
  'reminder_1h',
  'welcome',
  // The operator's decision on a renter's driver's licence (issue 17 item 3).
  'licence_approved',
  'licence_rejected',
  'alert_low_charge',
  'alert_offline',
  'alert_telemetry_lost',
  'alert_booking_lost',
  // The renter's car key (Tesla share link, SMS filled in at send time) and the operators' alerts of it (issue 16).
  'rental_access',
  'alert_driver_limit',
  'alert_geofence_exit',
  // A booked car projected to miss its charge target at pickup (inventory's ready-at-pickup worker).
  'alert_charge_at_risk',
  // For the account service: SMS only, their link or code fetched from it when sent (never stored here).
  'invitation',
  'password_reset',
  // The signed-in user's own account (issue 18 item 4): a code to the new phone (SMS only, filled in
  // when sent), the previous phone told it changed, and a password changed (by their channels).
  'phone_change_code',
  'phone_changed',
  'password_changed',
] as const;
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

export const ALERT_REASONS = [
  'low_charge',
  'offline',
  'telemetry_lost',
  'booking_lost',
  'charge_at_risk',
  'driver_limit',
  'geofence_exit',
] as const;
export type AlertReason = (typeof ALERT_REASONS)[number];
