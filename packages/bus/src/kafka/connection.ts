import { readFileSync } from 'node:fs';

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512', 'aws-msk-iam'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

export type KafkaSasl =
  | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
  /** Amazon MSK's IAM listener: SASL/OAUTHBEARER with a token signed by the process's AWS credentials. */
  | { mechanism: 'aws-msk-iam'; region: string };

/** How to reach Kafka: what every producer, consumer and admin client of the app is built from. */
export interface KafkaConnection {
  brokers: string[];
  /** Default: the name the caller gives (the process's name). */
  clientId?: string;
  /** TLS to the brokers; `ca` is a PEM bundle (unset = the system's CAs). Absent = plaintext. */
  ssl?: { ca?: string };
  sasl?: KafkaSasl;
  /**
   * KAFKA_TOPICS_AUTO_CREATE: create missing topics through the admin API (true, the default
   * outside production) or only check that they exist and fail naming the missing ones (false).
   */
  autoCreateTopics?: boolean;
}

/** The configuration keys (parsed: booleans are booleans), as the platform's base config holds them. */
export interface KafkaConfigKeys {
  NODE_ENV?: string | undefined;
  KAFKA_BROKERS?: string | undefined;
  KAFKA_CLIENT_ID?: string | undefined;
  KAFKA_SSL?: boolean | undefined;
  KAFKA_SSL_CA_FILE?: string | undefined;
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
  AWS_REGION?: string | undefined;
  KAFKA_TOPICS_AUTO_CREATE?: boolean | undefined;
}

/** Keys that do not fit together; each problem starts with the key to change. Values of secrets never appear. */
export class KafkaConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid Kafka configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KafkaConfigError';
  }
}

const PASSWORD_MECHANISMS = new Set<KafkaSaslMechanism>(['plain', 'scram-sha-256', 'scram-sha-512']);

const readCa = (path: string, readFile: (path: string) => string): { ca?: string; problem?: string } => {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code =
      (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error));
    return { problem: `KAFKA_SSL_CA_FILE: cannot read ${path} (${code}); expected a readable PEM bundle` };
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----'))
    return { problem: `KAFKA_SSL_CA_FILE: ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)` };
  return { ca: text };
};

/**
 * The connection the keys describe, or null without KAFKA_BROKERS (the PostgreSQL event log).
 * Checks what a schema cannot: keys that need each other (a SASL mechanism and its credentials,
 * MSK IAM and its region and TLS), and a CA file that can be read. Throws KafkaConfigError with
 * every problem at once.
 */
export function kafkaConnectionFromConfig(
  keys: KafkaConfigKeys,
  o: { defaultClientId: string; readFile?: (path: string) => string },
): KafkaConnection | null {
  const readFile = o.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const problems: string[] = [];
  const brokers = (keys.KAFKA_BROKERS ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const mechanism = keys.KAFKA_SASL_MECHANISM;
  const { KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = keys;
  if (brokers.length === 0) {
    const orphans = (
      ['KAFKA_SSL_CA_FILE', 'KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const
    ).filter((k) => keys[k] !== undefined);
    if (orphans.length > 0)
      throw new KafkaConfigError([
        `KAFKA_BROKERS: missing; ${orphans.join(', ')} ${orphans.length > 1 ? 'are' : 'is'} set, which only Kafka uses (unset = the PostgreSQL event log)`,
      ]);
    return null;
  }

  let sasl: KafkaSasl | undefined;
  if (mechanism === undefined) {
    if (username !== undefined || password !== undefined)
      problems.push(
        'KAFKA_SASL_MECHANISM: missing; KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD are set, so name their mechanism: plain, scram-sha-256 or scram-sha-512',
      );
  } else if (PASSWORD_MECHANISMS.has(mechanism)) {
    if (username === undefined)
      problems.push(`KAFKA_SASL_USERNAME: missing; KAFKA_SASL_MECHANISM=${mechanism} needs a username`);
    if (password === undefined)
      problems.push(`KAFKA_SASL_PASSWORD: missing; KAFKA_SASL_MECHANISM=${mechanism} needs a password`);
    if (username !== undefined && password !== undefined)
      sasl = { mechanism: mechanism as 'plain' | 'scram-sha-256' | 'scram-sha-512', username, password };
  } else {
    if (keys.AWS_REGION === undefined)
      problems.push(
        "AWS_REGION: missing; KAFKA_SASL_MECHANISM=aws-msk-iam signs its token for the cluster's region, e.g. eu-west-1",
      );
    else sasl = { mechanism: 'aws-msk-iam', region: keys.AWS_REGION };
    if (username !== undefined || password !== undefined)
      problems.push(
        "KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD: not used with aws-msk-iam (the token is signed with the process's AWS credentials); unset them",
      );
    if (keys.KAFKA_SSL === false)
      problems.push(
        "KAFKA_SSL: false, but MSK's IAM listener (port 9098) speaks TLS only; set true or unset it",
      );
  }

  // TLS is implied by a CA bundle and by MSK IAM; an explicit false that contradicts them is an error.
  const wantsSsl = keys.KAFKA_SSL ?? (mechanism === 'aws-msk-iam' || keys.KAFKA_SSL_CA_FILE !== undefined);
  let ssl: { ca?: string } | undefined;
  if (keys.KAFKA_SSL_CA_FILE !== undefined && keys.KAFKA_SSL === false)
    problems.push('KAFKA_SSL_CA_FILE: set while KAFKA_SSL is false; set KAFKA_SSL=true or unset the CA file');
  else if (wantsSsl) {
    ssl = {};
    if (keys.KAFKA_SSL_CA_FILE !== undefined) {
      const read = readCa(keys.KAFKA_SSL_CA_FILE, readFile);
      if (read.problem) problems.push(read.problem);
      else if (read.ca) ssl.ca = read.ca;
    }
  }
  if (mechanism === 'plain' && !wantsSsl && keys.NODE_ENV === 'production')
    problems.push('KAFKA_SSL: SASL/PLAIN sends the password as it is; in production set KAFKA_SSL=true');

  if (problems.length > 0) throw new KafkaConfigError(problems);
  return {
    brokers,
    clientId: keys.KAFKA_CLIENT_ID ?? o.defaultClientId,
    ...(ssl ? { ssl } : {}),
    ...(sasl ? { sasl } : {}),
    autoCreateTopics: keys.KAFKA_TOPICS_AUTO_CREATE ?? keys.NODE_ENV !== 'production',
  };
}

/** The connection for logs: brokers, TLS, mechanism and user; never a password or a token. */
export function describeKafkaConnection(c: KafkaConnection): Record<string, unknown> {
  return {
    brokers: c.brokers,
    clientId: c.clientId,
    ssl: c.ssl ? (c.ssl.ca ? 'custom CA' : 'system CAs') : false,
    sasl: c.sasl
      ? c.sasl.mechanism === 'aws-msk-iam'
        ? { mechanism: c.sasl.mechanism, region: c.sasl.region }
        : { mechanism: c.sasl.mechanism, username: c.sasl.username }
      : false,
    autoCreateTopics: c.autoCreateTopics ?? true,
  };
}
