import Type, { type Static } from 'typebox';

/**
 * The account service's own keys. With no TWILIO_* keys, SMS go to the dev inbox
 * (`GET /api/v1/dev-inbox`), so onboarding works offline.
 */
export const AccountConfigSchema = Type.Object({
  PUBLIC_URL: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^https?://',
      description:
        'the address customers open the app at, e.g. https://rent.example.com (unset = the address of the request)',
    }),
  ),
  DEFAULT_PHONE_REGION: Type.String({
    pattern: '^[A-Z]{2}$',
    default: 'US',
    description: 'the ISO 3166 country assumed for phone numbers typed without +country code, e.g. US',
  }),
  INVITE_TTL_HOURS: Type.Integer({
    minimum: 1,
    maximum: 720,
    default: 48,
    description: 'hours a registration link stays valid, 1-720',
  }),
  INVITE_MAX_CODE_ATTEMPTS: Type.Integer({
    minimum: 1,
    maximum: 20,
    default: 5,
    description: 'wrong SMS codes after which a registration link is dead, 1-20',
  }),
  SESSION_IDLE_HOURS: Type.Integer({
    minimum: 1,
    maximum: 8760,
    default: 336,
    description: 'hours without a request after which a session ends (sliding), 1-8760',
  }),
  SESSION_MAX_AGE_DAYS: Type.Integer({
    minimum: 1,
    maximum: 90,
    default: 30,
    description: 'days after which a session ends however active (the cookie lives as long), 1-90',
  }),
  LOGIN_MAX_FAILURES: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: 5,
    description:
      'failed sign-ins per account from one client address within LOGIN_WINDOW_MINUTES before that address waits (429), 1-1000',
  }),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: Type.Integer({
    minimum: 1,
    maximum: 10000,
    default: 50,
    description:
      'failed sign-ins per account from all addresses together within LOGIN_ACCOUNT_WINDOW_HOURS before every address waits (429; a password reset lifts it), 1-10000',
  }),
  LOGIN_ACCOUNT_WINDOW_HOURS: Type.Integer({
    minimum: 1,
    maximum: 168,
    default: 24,
    description: 'the window LOGIN_MAX_FAILURES_PER_ACCOUNT is counted in, in hours, 1-168',
  }),
  LOGIN_MAX_FAILURES_PER_IP: Type.Integer({
    minimum: 1,
    maximum: 10000,
    default: 20,
    description: 'failed sign-ins per client address within LOGIN_WINDOW_MINUTES before 429, 1-10000',
  }),
  LOGIN_WINDOW_MINUTES: Type.Integer({
    minimum: 1,
    maximum: 1440,
    default: 15,
    description: 'the window failed sign-ins are counted in, in minutes, 1-1440',
  }),
  PASSWORD_RESET_TTL_MINUTES: Type.Integer({
    minimum: 5,
    maximum: 1440,
    default: 15,
    description: 'minutes a password-reset code stays valid, 5-1440',
  }),
  DEV_INBOX_RETENTION_DAYS: Type.Integer({
    minimum: 1,
    maximum: 365,
    default: 7,
    description:
      'days the development inboxes (account SMS; notification SMS and e-mail) keep a message, 1-365',
  }),
  ACCOUNT_SWEEP_MS: Type.Integer({
    minimum: 1000,
    maximum: 86_400_000,
    default: 900_000,
    description: 'milliseconds between sweeps of expired sessions, old login attempts and spent codes',
  }),
  OPERATOR_PHONE: Type.Optional(
    Type.String({
      minLength: 3,
      maxLength: 32,
      description:
        'the first operator’s phone, created at start when no operator exists (needs OPERATOR_PASSWORD)',
    }),
  ),
  OPERATOR_PASSWORD: Type.Optional(
    Type.String({
      minLength: 10,
      maxLength: 256,
      secret: true,
      description:
        'the first operator’s password: at least 10 characters and not a common or easily guessed one',
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
});
export type AccountConfig = Static<typeof AccountConfigSchema>;
