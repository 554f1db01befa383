import Type, { type Static } from 'typebox';

/**
 * The notification service's own keys. With no SMTP_URL e-mail goes to the dev inbox
 * (`GET /api/v1/notifications/dev-inbox`); with no TWILIO_* keys SMS do too. Every SMS of the
 * product goes through here (account's registration links and reset codes included), so only this
 * service reads the TWILIO_* keys.
 */
export const NotificationConfigSchema = Type.Object({
  SMTP_URL: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^smtps?://',
      secret: true,
      description:
        'the SMTP server as smtp://user:password@host:587 (STARTTLS when offered) or smtps://…:465 (unset = e-mail goes to the dev inbox)',
    }),
  ),
  SMTP_FROM: Type.String({
    minLength: 3,
    maxLength: 254,
    default: 'cybertacotruck <no-reply@cybertacotruck.local>',
    description: 'the From of every e-mail, e.g. "Rentals <rentals@example.com>"',
  }),
  PUBLIC_URL: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^https?://',
      description:
        'the address customers open the app at, e.g. https://rent.example.com (e-mails link to it when set)',
    }),
  ),
  TWILIO_ACCOUNT_SID: Type.Optional(
    Type.String({ pattern: '^AC[0-9a-fA-F]{32}$', description: 'a Twilio Account SID, AC + 32 hex digits' }),
  ),
  TWILIO_AUTH_TOKEN: Type.Optional(
    Type.String({ minLength: 16, secret: true, description: 'the Twilio auth token' }),
  ),
  TWILIO_FROM: Type.Optional(
    Type.String({
      pattern: '^(\\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32})$',
      description: 'the sending number in E.164 (+15551234567) or a Messaging Service SID (MG…)',
    }),
  ),
  NOTIFICATION_SEND_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 1_000,
    description:
      'milliseconds between looks for due messages and deliveries when the sender is idle (it drains while there is work and is woken by new messages), 100-600000',
  }),
  NOTIFICATION_SEND_BATCH: Type.Integer({
    minimum: 1,
    maximum: 1_000,
    default: 100,
    description:
      'messages rendered, and deliveries claimed, per pass; a full batch is followed at once by another, 1-1000',
  }),
  NOTIFICATION_SMS_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 8,
    description: 'SMS handed to the provider at the same time, 1-100',
  }),
  NOTIFICATION_EMAIL_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 50,
    default: 4,
    description: 'e-mails sent at the same time (SMTP connections kept open), 1-50',
  }),
  NOTIFICATION_DISPATCH_CONCURRENCY: Type.Integer({
    minimum: 1,
    maximum: 50,
    default: 8,
    description:
      'messages rendered at the same time (each asks the account service for contact and preferences), 1-50',
  }),
  NOTIFICATION_SCHEDULE_MS: Type.Integer({
    minimum: 1_000,
    maximum: 3_600_000,
    default: 30_000,
    description: 'milliseconds between scans for due reminders and low-charge pickups, 1000-3600000',
  }),
  NOTIFICATION_MAX_ATTEMPTS: Type.Integer({
    minimum: 1,
    maximum: 50,
    default: 6,
    description: 'send attempts per delivery before it is marked failed, 1-50',
  }),
  NOTIFICATION_RETRY_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 3_600,
    default: 30,
    description: 'the first retry delay in seconds; it doubles per attempt (at most one hour), 1-3600',
  }),
  NOTIFICATION_LOW_CHARGE_PERCENT: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 50,
    description: 'operators are alerted when a vehicle with a pickup soon is below this battery level, 1-100',
  }),
  NOTIFICATION_LOW_CHARGE_LOOKAHEAD_HOURS: Type.Integer({
    minimum: 1,
    maximum: 168,
    default: 24,
    description: 'how many hours ahead a pickup counts as soon for the low-charge alert, 1-168',
  }),
  NOTIFICATION_RETENTION_DAYS: Type.Integer({
    minimum: 1,
    maximum: 3_650,
    default: 180,
    description:
      'days sent, failed and skipped deliveries, their rendered messages, past reminders and reservations, and operator alerts are kept, 1-3650',
  }),
  DEV_INBOX_RETENTION_DAYS: Type.Integer({
    minimum: 1,
    maximum: 365,
    default: 7,
    description: 'days the development inboxes (SMS and e-mail) keep a message, 1-365',
  }),
  NOTIFICATION_HOUSEKEEPING_MS: Type.Integer({
    minimum: 60_000,
    maximum: 86_400_000,
    default: 3_600_000,
    description: 'milliseconds between sweeps deleting notification rows past retention, 60000-86400000',
  }),
});
export type NotificationConfig = Static<typeof NotificationConfigSchema>;
