import Type, { type Static } from 'typebox';
import { LANGUAGES } from '@cybertacotruck/contracts';

/**
 * The account service's own keys. It sends no SMS itself: invitations and reset codes go out through
 * the notification service (its TWILIO_* keys and dev inbox), which asks account for the link or
 * code when it sends; account keeps them sealed under SECRET_KEYS until then.
 */
export const AccountConfigSchema = Type.Object({
  SECRET_KEYS: Type.Optional(
    Type.String({
      pattern: '^[\\w-]{1,32}:[A-Za-z0-9+/]{43}=(,[\\w-]{1,32}:[A-Za-z0-9+/]{43}=)*$',
      secret: true,
      description:
        'a keyring id:base64key[,id:base64key…] of 32-byte keys, newest first, sealing registration links and reset codes until sent (unset in development = a key generated under DATA_DIR)',
    }),
  ),
  INVITE_DEFAULT_LANGUAGE: Type.Enum(LANGUAGES, {
    default: 'en',
    description:
      'the language of an invitation SMS (and the new account) when the operator picks none: en, es, fr or de',
  }),
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
  PHONE_CHANGE_TTL_MINUTES: Type.Integer({
    minimum: 5,
    maximum: 1440,
    default: 15,
    description: 'minutes the code sent to a new phone number stays valid, 5-1440',
  }),
  ACCOUNT_SWEEP_MS: Type.Integer({
    minimum: 1000,
    maximum: 86_400_000,
    default: 900_000,
    description: 'milliseconds between sweeps of expired sessions, old login attempts and spent codes',
  }),
  LICENCE_PHOTO_BUCKET: Type.Optional(
    Type.String({
      pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
      description:
        'the S3 bucket licence photos are kept in (sealed under SECRET_KEYS); unset = a directory under DATA_DIR (development; production then refuses photo uploads with 503)',
    }),
  ),
  LICENCE_PHOTO_DIR: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1024,
      description:
        'the directory licence photos are kept in (sealed) when LICENCE_PHOTO_BUCKET is unset; unset = DATA_DIR/licence-photos',
    }),
  ),
  LICENCE_PHOTO_IN_DATABASE: Type.Boolean({
    default: false,
    description:
      'true = keep the sealed licence photos in PostgreSQL when LICENCE_PHOTO_BUCKET is unset (a cluster with no object storage, e.g. the local overlay); production otherwise needs the bucket',
  }),
  LICENCE_PHOTO_PREFIX: Type.String({
    pattern: '^([\\w.-]+/)*$',
    maxLength: 200,
    default: 'driver-licences/',
    description: 'the key prefix of licence photos in LICENCE_PHOTO_BUCKET, ending in / (or empty)',
  }),
  LICENCE_PHOTO_S3_ENDPOINT: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^https?://',
      description:
        'an S3-compatible endpoint for LICENCE_PHOTO_BUCKET (MinIO, LocalStack; path-style); unset = AWS S3 in AWS_REGION',
    }),
  ),
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
});
export type AccountConfig = Static<typeof AccountConfigSchema>;
