import Type, { type Static, type TSchema } from 'typebox';
import { LanguageSchema } from '../account/api';
import { ALERT_REASONS, DELIVERY_STATUSES, NOTIFICATION_TEMPLATES } from './constants';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const ChannelSchema = Type.Enum(['sms', 'email']);
const DeliveryStatusSchema = Type.Enum(DELIVERY_STATUSES);
const Limit = (max: number, byDefault: number) =>
  Type.Optional(Type.Integer({ minimum: 1, maximum: max, default: byDefault }));

// ----- deliveries (operator) ------------------------------------------------------------------

export const Delivery = Type.Object({
  id: Uuid,
  /** The event (or reminder, or alert) the message is for: one delivery per source × channel × recipient. */
  eventId: Uuid,
  userId: Nullable(Uuid),
  template: Type.Enum(NOTIFICATION_TEMPLATES),
  kind: Type.Enum(['reservation', 'reminder', 'account', 'marketing']),
  channel: ChannelSchema,
  recipient: Type.String({ description: 'E.164 phone or e-mail address' }),
  language: LanguageSchema,
  subject: Nullable(Type.String()),
  /** An invitation's or reset's text shows ‹link› and ‹code› where the SMS had them (never stored). */
  body: Type.String({ description: 'the SMS text, or the plain-text part of the e-mail' }),
  status: DeliveryStatusSchema,
  attempts: Type.Integer({ minimum: 0 }),
  providerMessageId: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  notBefore: DateTime,
  createdAt: DateTime,
  sentAt: Nullable(DateTime),
});
export type Delivery = Static<typeof Delivery>;

export const DeliveryListQuery = Type.Object({
  status: Type.Optional(DeliveryStatusSchema),
  channel: Type.Optional(ChannelSchema),
  userId: Type.Optional(Uuid),
  eventId: Type.Optional(Uuid),
  limit: Limit(500, 50),
});
export type DeliveryListQuery = Static<typeof DeliveryListQuery>;

export const DeliveryList = Type.Object({ items: Type.Array(Delivery) });
export type DeliveryList = Static<typeof DeliveryList>;

export const DeliveryIdParams = Type.Object({ id: Uuid });

// ----- the customer's own messages --------------------------------------------------------------

export const MyNotification = Type.Object({
  /** The event (or reminder) this message is for. */
  id: Uuid,
  template: Type.Enum(NOTIFICATION_TEMPLATES),
  kind: Type.Enum(['reservation', 'reminder', 'account', 'marketing']),
  subject: Nullable(Type.String()),
  text: Type.String({ description: 'the short (SMS-length) text' }),
  createdAt: DateTime,
  channels: Type.Array(Type.Object({ channel: ChannelSchema, status: DeliveryStatusSchema })),
});
export type MyNotification = Static<typeof MyNotification>;

export const MyNotificationsQuery = Type.Object({
  limit: Limit(100, 20),
  cursor: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_-]{1,200}$',
      description: 'nextCursor of the previous page',
    }),
  ),
});
export type MyNotificationsQuery = Static<typeof MyNotificationsQuery>;

export const MyNotificationList = Type.Object({
  items: Type.Array(MyNotification),
  nextCursor: Nullable(Type.String({ description: 'pass as cursor for older messages; null at the end' })),
});
export type MyNotificationList = Static<typeof MyNotificationList>;

// ----- operator alerts ------------------------------------------------------------------------

export const OperatorAlert = Type.Object({
  id: Uuid,
  reason: Type.Enum(ALERT_REASONS),
  reservationId: Uuid,
  vehicleId: Uuid,
  vehicleName: Type.String(),
  batteryLevel: Nullable(Type.Integer()),
  pickupAt: DateTime,
  returnAt: DateTime,
  createdAt: DateTime,
});
export type OperatorAlert = Static<typeof OperatorAlert>;

export const AlertListQuery = Type.Object({
  reason: Type.Optional(Type.Enum(ALERT_REASONS)),
  vehicleId: Type.Optional(Uuid),
  limit: Limit(500, 50),
});
export type AlertListQuery = Static<typeof AlertListQuery>;

export const AlertList = Type.Object({ items: Type.Array(OperatorAlert) });
export type AlertList = Static<typeof AlertList>;

// ----- dead letters (operator) ----------------------------------------------------------------

export const DeadLetterView = Type.Object({
  id: Type.String(),
  group: Type.String(),
  eventId: Nullable(Type.String()),
  type: Nullable(Type.String()),
  key: Nullable(Type.String()),
  topic: Type.String(),
  payload: Type.String({ description: 'the event as received' }),
  error: Type.String(),
  attempts: Type.Integer(),
  failedAt: DateTime,
  replayedAt: Nullable(DateTime),
  discardedAt: Nullable(DateTime),
});
export type DeadLetterView = Static<typeof DeadLetterView>;

export const DeadLetterQuery = Type.Object({
  open: Type.Optional(Type.Boolean({ description: 'only those neither replayed nor discarded' })),
  limit: Limit(500, 100),
});
export type DeadLetterQuery = Static<typeof DeadLetterQuery>;

export const DeadLetterList = Type.Object({ items: Type.Array(DeadLetterView) });
export type DeadLetterList = Static<typeof DeadLetterList>;

export const DeadLetterIdParams = Type.Object({ id: Uuid });
