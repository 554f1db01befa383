import Type, { type Static } from 'typebox';
import { RentalAccessConfigSchema } from './modules/rental-access/rental-access.config';
import { VehicleCommandsConfigSchema } from './modules/vehicle-commands/vehicle-commands.config';

/**
 * The inventory service's own keys. Which Tesla it talks to is the host's choice (tesla-choice.ts):
 * Tesla's Fleet API when TESLA_CLIENT_ID is set, else a simulator: the one `npm start` runs in its
 * process, or one running on its own at TESLA_SIMULATOR_URL. Production uses a simulator only
 * when TESLA_SIMULATOR=true says so.
 */
export const InventoryConfigSchema = Type.Object({
  ...RentalAccessConfigSchema.properties,
  SECRET_KEYS: Type.Optional(
    Type.String({
      pattern: '^[\\w-]{1,32}:[A-Za-z0-9+/]{43}=(,[\\w-]{1,32}:[A-Za-z0-9+/]{43}=)*$',
      secret: true,
      description:
        'a keyring id:base64key[,id:base64key…] of 32-byte keys, newest first (unset in development = a key generated under DATA_DIR)',
    }),
  ),
  TESLA_CLIENT_ID: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        'your Tesla developer app client id (unset = a Tesla simulator, where the host allows one)',
    }),
  ),
  TESLA_CLIENT_SECRET: Type.Optional(
    Type.String({
      minLength: 1,
      secret: true,
      description: 'the Tesla app client secret (unset = PKCE only)',
    }),
  ),
  TESLA_REDIRECT_URI: Type.Optional(
    Type.String({
      format: 'uri',
      description: 'the redirect URI registered with Tesla, ending in /api/v1/tesla/callback',
    }),
  ),
  TESLA_AUTHORIZE_URL: Type.String({
    format: 'uri',
    default: 'https://auth.tesla.com/oauth2/v3/authorize',
    description: "Tesla's OAuth authorize URL",
  }),
  TESLA_TOKEN_URL: Type.String({
    format: 'uri',
    default: 'https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token',
    description: "Tesla's OAuth token URL",
  }),
  TESLA_AUDIENCE: Type.String({
    format: 'uri',
    default: 'https://fleet-api.prd.na.vn.cloud.tesla.com',
    description: 'the Fleet API base URL requested as the token audience',
  }),
  TESLA_SCOPES: Type.String({
    minLength: 1,
    default:
      'openid offline_access user_data vehicle_device_data vehicle_location vehicle_cmds vehicle_charging_cmds',
    description: 'space-separated OAuth scopes',
  }),
  TESLA_PROXY_URL: Type.Optional(
    Type.String({ format: 'uri', description: 'the tesla-http-proxy URL that signs vehicle commands' }),
  ),
  TESLA_PROXY_CA_FILE: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        "path to the PEM certificate (or its CA) that tesla-http-proxy serves TLS with, trusted for calls to TESLA_PROXY_URL (unset = the system's CAs)",
    }),
  ),
  TESLA_PUBLIC_KEY_FILE: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        "path to the app's EC P-256 public key (PEM) served at /.well-known/appspecific/com.tesla.3p.public-key.pem (or set TESLA_PUBLIC_KEY)",
    }),
  ),
  TESLA_PUBLIC_KEY: Type.Optional(
    Type.String({
      pattern: '-----BEGIN PUBLIC KEY-----',
      description:
        "the app's EC P-256 public key itself (PEM, -----BEGIN PUBLIC KEY-----…), served at /.well-known/appspecific/com.tesla.3p.public-key.pem",
    }),
  ),
  TESLA_PARTNER_DOMAIN: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$',
      description:
        'the domain registered with Tesla as partner, e.g. fleet.example.com: the virtual-key pairing link is https://tesla.com/_ak/<domain> (unset = the host of PUBLIC_URL)',
    }),
  ),
  TESLA_TELEMETRY_HOSTNAME: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9.-]+$',
      description:
        'the host name of your own fleet-telemetry server that paired cars stream to, e.g. telemetry.example.com (unset = cars are polled, not configured to stream; a simulator streams without it)',
    }),
  ),
  TESLA_TELEMETRY_PORT: Type.Integer({
    minimum: 1,
    maximum: 65535,
    default: 443,
    description: 'the port cars connect to on TESLA_TELEMETRY_HOSTNAME, 1-65535',
  }),
  TESLA_TELEMETRY_CA_FILE: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        "path to the PEM CA certificate that signed the fleet-telemetry server's certificate, sent to cars in their config (or set TESLA_TELEMETRY_CA)",
    }),
  ),
  TESLA_TELEMETRY_CA: Type.Optional(
    Type.String({
      pattern: '-----BEGIN CERTIFICATE-----',
      description: "the fleet-telemetry server's CA certificate itself (PEM, -----BEGIN CERTIFICATE-----…)",
    }),
  ),
  TESLA_SIMULATOR: Type.Boolean({
    default: false,
    description:
      'true or false: use a Tesla simulator instead of Tesla (required in production to use one; a simulator is the default elsewhere)',
  }),
  TESLA_SIMULATOR_URL: Type.Optional(
    Type.String({
      format: 'uri',
      description:
        'the URL of a Tesla simulator running as its own process, e.g. http://tesla-sim:4400 (used instead of Tesla; its OAuth app is read from its /sim/client)',
    }),
  ),
  TESLA_SYNC: Type.Boolean({ default: true, description: 'true or false: run the Tesla sync worker' }),
  TESLA_SYNC_TICK_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 5_000,
    description: 'milliseconds between sync-policy checks, 100-600000',
  }),
  TESLA_READ_NOW_WAKE_TIMEOUT_MS: Type.Integer({
    minimum: 1_000,
    maximum: 300_000,
    default: 60_000,
    description:
      'milliseconds an operator\'s "Read now" waits for a woken car to come online before giving up, 1000-300000',
  }),
  TESLA_READ_NOW_POLL_MS: Type.Integer({
    minimum: 100,
    maximum: 60_000,
    default: 5_000,
    description:
      'milliseconds between checks (GET vehicle, a data call that does not wake) while a woken car comes online, 100-60000',
  }),
  ...VehicleCommandsConfigSchema.properties,
  TESLA_READ_NOW_MIN_INTERVAL_MS: Type.Integer({
    minimum: 0,
    maximum: 86_400_000,
    default: 600_000,
    description:
      'fewest milliseconds between two "Read now" of the same vehicle (each wakes it: $0.02 and battery), 0-86400000',
  }),
  DEFAULT_PHONE_REGION: Type.String({
    pattern: '^[A-Z]{2}$',
    default: 'US',
    description: 'the ISO 3166 country assumed for phone numbers typed without +country code, e.g. US',
  }),
  POSITION_HISTORY_DAYS: Type.Integer({
    minimum: 1,
    maximum: 3650,
    default: 30,
    description:
      'days of position history (where customers drove) kept for trips and support, then deleted, 1-3650',
  }),
  POSITION_HISTORY_PRUNE_BATCH: Type.Integer({
    minimum: 100,
    maximum: 1_000_000,
    default: 5_000,
    description: 'positions past retention deleted per statement by the hourly retention worker, 100-1000000',
  }),
  TELEMETRY_KAFKA_GROUP: Type.String({
    minLength: 1,
    default: 'inventory-telemetry',
    description: 'Kafka consumer group reading Fleet Telemetry (used when KAFKA_BROKERS is set)',
  }),
  TELEMETRY_KAFKA_NAMESPACE: Type.String({
    pattern: '^[A-Za-z0-9._-]+$',
    default: 'tesla',
    description:
      "fleet-telemetry's Kafka namespace: topics <namespace>_V, <namespace>_connectivity, <namespace>_alerts",
  }),
  TELEMETRY_BATCH_MAX_RECORDS: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    default: 20_000,
    description:
      'most telemetry records folded into live state per database write (rows written are bounded by the fleet, so bigger writes cost less per record), 1-100000',
  }),
  TELEMETRY_LOST_AFTER_MS: Type.Integer({
    minimum: 10_000,
    maximum: 86_400_000,
    default: 600_000,
    description:
      'milliseconds of silence after which a streaming online vehicle is reported as having lost telemetry, 10000-86400000',
  }),
  HOLD_TTL_SECONDS: Type.Integer({
    minimum: 10,
    maximum: 3600,
    default: 600,
    description: 'seconds a vehicle hold lasts unless confirmed, 10-3600',
  }),
  HOLD_SWEEP_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 5_000,
    description: 'milliseconds between sweeps that mark lapsed holds expired, 100-600000',
  }),
  CALENDAR_MAX_DAYS: Type.Integer({
    minimum: 1,
    maximum: 3650,
    default: 60,
    description:
      'the longest period, in days, a hold, booking, block or availability search may span, 1-3650',
  }),
  INSIGHTS_TIME_ZONE: Type.String({
    minLength: 1,
    maxLength: 64,
    default: 'UTC',
    description:
      "the operator's IANA time zone, where the business numbers' days begin (e.g. America/Chicago)",
  }),
  INSIGHTS_SEARCH_FLUSH_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 5_000,
    description:
      'milliseconds between writes of the availability search counters (counted in memory in between), 100-600000',
  }),
});
export type InventoryConfig = Static<typeof InventoryConfigSchema>;
