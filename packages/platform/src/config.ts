import Type, { type Static, type TObject, type TSchema } from 'typebox';
import Format from 'typebox/format';
import Value from 'typebox/value';
import {
  KAFKA_SASL_MECHANISMS,
  KafkaConfigError,
  kafkaConnectionFromConfig,
  type KafkaConnection,
} from '@cybertacotruck/bus';
import type { DatabaseTarget } from '@cybertacotruck/db';
import { RateLimitConfigSchema } from './rate-limit';

Format.Set('postgres-url', (value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
});

/** Every key any process reads. `description` is what the key expects: it is the error message. */
const peerUrl = (service: string) =>
  Type.Optional(
    Type.String({
      format: 'uri',
      description: `the ${service} service's base URL, e.g. http://${service}:3000 (distributed topology; unset when it runs in this process)`,
    }),
  );
const peerUrls = {
  INVENTORY_URL: peerUrl('inventory'),
  RESERVATION_URL: peerUrl('reservation'),
  ACCOUNT_URL: peerUrl('account'),
  NOTIFICATION_URL: peerUrl('notification'),
};

/**
 * Kafka (packages/bus reads them through kafkaConnectionFrom): brokers, TLS, SASL or MSK IAM, topic
 * creation. Keys that need each other (a mechanism and its credentials, MSK IAM and its region) and
 * the CA file are checked by the bus's kafkaConnectionFromConfig, at the same time as the schema.
 */
export const KafkaConfigSchema = Type.Object({
  KAFKA_BROKERS: Type.Optional(
    Type.String({
      pattern: '^[^,\\s]+(,[^,\\s]+)*$',
      description:
        'comma-separated host:port of Kafka brokers for events (unset = the PostgreSQL event log, no broker needed)',
    }),
  ),
  KAFKA_CLIENT_ID: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9._-]{1,255}$',
      description: 'the Kafka client id (letters, digits, . _ -; default cybertacotruck-<process name>)',
    }),
  ),
  KAFKA_SSL: Type.Optional(
    Type.Boolean({
      description:
        'true or false: TLS to the brokers (default false; true when KAFKA_SSL_CA_FILE is set or the mechanism is aws-msk-iam)',
    }),
  ),
  KAFKA_SSL_CA_FILE: Type.Optional(
    Type.String({
      minLength: 1,
      description:
        "path to a PEM bundle of the brokers' CA, e.g. Strimzi's cluster CA (unset = the system CAs)",
    }),
  ),
  KAFKA_SASL_MECHANISM: Type.Optional(
    Type.Enum([...KAFKA_SASL_MECHANISMS], {
      description: `one of ${KAFKA_SASL_MECHANISMS.join(', ')} (unset = no SASL)`,
    }),
  ),
  KAFKA_SASL_USERNAME: Type.Optional(
    Type.String({ minLength: 1, description: 'the SASL user (plain, scram-sha-256, scram-sha-512)' }),
  ),
  KAFKA_SASL_PASSWORD: Type.Optional(
    Type.String({
      minLength: 1,
      secret: true,
      description: 'the SASL password (plain, scram-sha-256, scram-sha-512)',
    }),
  ),
  AWS_REGION: Type.Optional(
    Type.String({
      pattern: '^[a-z]{2}(-[a-z]+)+-\\d+$',
      description: 'an AWS region such as eu-west-1 (MSK IAM signs its token for it)',
    }),
  ),
  KAFKA_TOPICS_AUTO_CREATE: Type.Optional(
    Type.Boolean({
      description:
        'true or false: create missing Kafka topics at start (default true, false in production, where start-up fails naming the missing ones)',
    }),
  ),
  KAFKA_SESSION_TIMEOUT_MS: Type.Integer({
    minimum: 6_000,
    maximum: 300_000,
    default: 30_000,
    description:
      'milliseconds a silent consumer keeps its Kafka partitions before the group hands them to another member, 6000-300000',
  }),
});

export const BaseConfigSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], {
    default: 'development',
    description: 'one of development, production, test',
  }),
  HOST: Type.String({
    minLength: 1,
    default: '127.0.0.1',
    description: 'the interface to listen on, e.g. 127.0.0.1 or 0.0.0.0',
  }),
  PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 3000,
    description: 'a TCP port number, 0-65535',
  }),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    default: 'info',
    description: 'one of fatal, error, warn, info, debug, trace, silent',
  }),
  DATABASE_URL: Type.Optional(
    Type.String({
      format: 'postgres-url',
      secret: true,
      description:
        'a PostgreSQL URL such as postgres://user:password@host:5432/database (unset = embedded PGlite)',
    }),
  ),
  DATABASE_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'an integer 1-200' }),
  DATABASE_CONNECT_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 60_000,
    default: 5_000,
    description:
      'milliseconds a query waits for a database connection before the request fails with 503, 100-60000',
  }),
  DATA_DIR: Type.String({
    minLength: 1,
    default: './data',
    description: 'a directory for the embedded database (used when DATABASE_URL is unset)',
  }),
  MIGRATE_ON_START: Type.Boolean({
    default: true,
    description:
      'true or false: apply pending migrations at start (Kubernetes runs them as a Job and sets false)',
  }),
  TRUST_PROXY: Type.Boolean({
    default: false,
    description: 'true or false: trust X-Forwarded-* from the load balancer',
  }),
  INTERNAL_TOKEN: Type.Optional(
    Type.String({
      minLength: 16,
      secret: true,
      description:
        'a shared secret of at least 16 characters services send each other as x-internal-token (unset = a random one per process, enough when one process hosts every service)',
    }),
  ),
  ...peerUrls,
  ...RateLimitConfigSchema.properties,
  ...KafkaConfigSchema.properties,
  BUS_POLL_MS: Type.Integer({
    minimum: 10,
    maximum: 60_000,
    default: 250,
    description: 'milliseconds between looks at an idle outbox or event log, 10-60000',
  }),
  BUS_MAX_ATTEMPTS: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 5,
    description: 'attempts at handling an event before it is parked in the dead letters, 1-100',
  }),
  BUS_RETRY_BASE_MS: Type.Integer({
    minimum: 1,
    maximum: 60_000,
    default: 500,
    description: 'first retry delay of a failed event handler or relay (doubles per attempt), 1-60000',
  }),
  SHUTDOWN_GRACE_MS: Type.Integer({
    minimum: 0,
    maximum: 120_000,
    default: 10_000,
    description: 'milliseconds to finish in-flight work on SIGTERM, 0-120000',
  }),
});
export type BaseConfig = Static<typeof BaseConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every key.`,
    );
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** The base keys plus every mounted service's own: what one process validates at start-up. */
export function processConfigSchema(services: Array<{ configSchema?: TObject }>): TObject {
  return Type.Object(
    Object.assign(
      {},
      BaseConfigSchema.properties,
      ...services.map((s) => s.configSchema?.properties ?? {}),
    ) as Record<string, TSchema>,
  );
}

/**
 * Validates the environment once, at start-up. Every bad key is reported at once, each with
 * what it expects; values of secret keys are never echoed.
 */
export function parseConfig<S extends TObject>(schema: S, env: Env = process.env): Static<S> {
  const properties = schema.properties as Record<
    string,
    TSchema & { description?: string; secret?: boolean }
  >;
  const raw: Record<string, string> = {};
  for (const key of Object.keys(properties)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const converted: unknown = Value.Convert(schema, Value.Default(schema, structuredClone(raw)));
  const badKeys = new Set<string>();
  for (const error of Value.Errors(schema, converted)) {
    const key =
      error.instancePath.split('/')[1] ??
      (error.keyword === 'required'
        ? String((error.params as { requiredProperties?: string[] }).requiredProperties?.[0])
        : '');
    if (key) badKeys.add(key);
  }
  // Convert truncates "3000.5" to 3000; a number must be written as exactly that number.
  for (const [key, text] of Object.entries(raw)) {
    const type = (properties[key] as { type?: unknown } | undefined)?.type;
    if (type === 'integer' && !/^-?\d+$/.test(text)) badKeys.add(key);
    if (type === 'number' && !/^-?\d+(\.\d+)?$/.test(text)) badKeys.add(key);
  }
  const related = 'KAFKA_BROKERS' in properties ? kafkaProblems(converted as KafkaKeys, badKeys) : [];
  if (badKeys.size > 0 || related.length > 0) {
    throw new ConfigError([
      ...[...badKeys].sort().map((key) => {
        const spec = properties[key];
        const got =
          raw[key] === undefined
            ? 'missing'
            : spec?.secret
              ? 'a value that does not parse'
              : JSON.stringify(raw[key]);
        return `${key}: got ${got}; expected ${spec?.description ?? 'a valid value'}`;
      }),
      ...related,
    ]);
  }
  return converted as Static<S>;
}

type KafkaKeys = Static<typeof KafkaConfigSchema> & { NODE_ENV?: string };

/** Kafka keys that do not fit together (or a CA file that cannot be read), once each key parsed. */
function kafkaProblems(keys: KafkaKeys, badKeys: ReadonlySet<string>): string[] {
  if (Object.keys(KafkaConfigSchema.properties).some((k) => badKeys.has(k))) return [];
  try {
    kafkaConnectionFromConfig(keys, { defaultClientId: 'cybertacotruck' });
    return [];
  } catch (error) {
    if (error instanceof KafkaConfigError) return error.problems;
    throw error;
  }
}

/**
 * The Kafka connection the configuration describes (null without KAFKA_BROKERS): what the bus,
 * the telemetry consumer and the simulator's publisher are built from. Pass it to
 * `startTelemetryConsumer({ kafka })` / `publishTelemetryToKafka(…, { kafka })`.
 */
export function kafkaConnectionFrom(config: BaseConfig, defaultClientId: string): KafkaConnection | null {
  try {
    return kafkaConnectionFromConfig(config, { defaultClientId });
  } catch (error) {
    if (error instanceof KafkaConfigError) throw new ConfigError(error.problems);
    throw error;
  }
}

export function databaseTargetFrom(config: BaseConfig, applicationName: string): DatabaseTarget {
  return config.DATABASE_URL
    ? {
        kind: 'postgres',
        url: config.DATABASE_URL,
        poolMax: config.DATABASE_POOL_MAX,
        connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
        applicationName,
      }
    : { kind: 'pglite', dataDir: config.DATA_DIR };
}
