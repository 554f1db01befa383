import type { ColumnType, Generated } from 'kysely';
import type {
  AlertReason,
  Channel,
  DeliveryStatus,
  Language,
  MessageKind,
  NotificationTemplate,
} from '@cybertacotruck/contracts';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

/**
 * A message to render and turn into deliveries: written in the event handler's transaction (or by
 * the reminder and alert scans), rendered later by the sender once the account service has said who
 * the recipients are and what they prefer. Asking the account service inside the handler's
 * transaction would hold a connection across an HTTP call (and deadlock embedded PGlite, one
 * connection). Unique per (source, template, audience): a redelivered event adds nothing.
 */
export type OutgoingTable = {
  id: string;
  /** The event id, or the reminder's or alert's id. */
  source_id: string;
  template: NotificationTemplate;
  /** A user id, or 'operators' (every operator). */
  audience: string;
  data: Json<Record<string, unknown>>;
  /** When the message became due (the event's time, the reminder's due time). */
  due_at: Date;
  status: 'pending' | 'done' | 'failed';
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: CreatedAt;
};

export type DeliveryTable = {
  id: string;
  event_id: string;
  outgoing_id: string;
  /** Null for someone without an account (an invitation's phone). */
  user_id: string | null;
  template: NotificationTemplate;
  kind: MessageKind;
  channel: Channel;
  recipient: string;
  language: Language;
  subject: string | null;
  /** The short (SMS-length) text, whatever the channel: what the customer's in-app list shows. */
  summary: string;
  /** An invitation's or reset's text has ‹link› / ‹code› where the SMS gets them (see secret_ref). */
  body: string;
  html: string | null;
  /**
   * What the sender asks the account service for at send time to fill the text in
   * (`invitation:<id>:<issue>`, `password_reset:<id>`); the link or code is never stored.
   */
  secret_ref: string | null;
  status: DeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  provider_message_id: string | null;
  last_error: string | null;
  not_before: Date;
  lease_id: string | null;
  lease_until: Date | null;
  created_at: CreatedAt;
  sent_at: Date | null;
};

export type ReminderTable = {
  id: string;
  reservation_id: string;
  customer_id: string;
  kind: '24h' | '1h';
  due_at: Date;
  status: 'pending' | 'fired' | 'cancelled';
  /** The confirmed event's facts, to render the reminder with. */
  data: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: Date;
};

/** The confirmed reservations operators may need alerts about (a projection of reservation events). */
export type ReservationProjectionTable = {
  reservation_id: string;
  customer_id: string;
  vehicle_id: string;
  vehicle_name: string;
  starts_at: Date;
  ends_at: Date;
  status: 'confirmed' | 'cancelled';
  updated_at: Date;
};

/** The latest status of each vehicle (from inventory.vehicle.status_changed; newer `at` wins). */
export type VehicleStatusTable = {
  vehicle_id: string;
  name: string;
  connectivity: 'online' | 'asleep' | 'offline' | 'unknown';
  streaming: boolean;
  battery_level: number | null;
  at: Date;
};

export type AlertTable = {
  id: string;
  reason: AlertReason;
  reservation_id: string;
  vehicle_id: string;
  vehicle_name: string;
  battery_level: number | null;
  starts_at: Date;
  ends_at: Date;
  created_at: CreatedAt;
};

export type DevMessageTable = {
  id: Generated<string>;
  channel: Channel;
  to: string;
  body: string;
  created_at: CreatedAt;
};

/** The notification service's tables, schema-qualified: its code can name no other service's table. */
export type NotificationTables = {
  'notification.outgoing': OutgoingTable;
  'notification.delivery': DeliveryTable;
  'notification.reminder': ReminderTable;
  'notification.reservation': ReservationProjectionTable;
  'notification.vehicle_status': VehicleStatusTable;
  'notification.alert': AlertTable;
  'notification.dev_message': DevMessageTable;
};
