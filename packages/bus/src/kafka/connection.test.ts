import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kafkaJsConfig } from './client';
import {
  KafkaConfigError,
  describeKafkaConnection,
  kafkaConnectionFromConfig,
  type KafkaConfigKeys,
} from './connection';

const PASSWORD = 'hunter2-not-for-logs';
const dir = mkdtempSync(join(tmpdir(), 'kafka-ca-'));
const caFile = join(dir, 'ca.pem');
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
writeFileSync(caFile, PEM);
const notPem = join(dir, 'not.pem');
writeFileSync(notPem, 'hello');

const connect = (keys: KafkaConfigKeys) => kafkaConnectionFromConfig(keys, { defaultClientId: 'proc' });
const problemsOf = (keys: KafkaConfigKeys): string[] => {
  try {
    connect(keys);
  } catch (error) {
    if (error instanceof KafkaConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a KafkaConfigError');
};
const brokers = 'b-1.kafka:9098,b-2.kafka:9098';

describe('Kafka configuration → connection → client options', () => {
  it('no KAFKA_BROKERS: no connection (the PostgreSQL event log)', () => {
    expect(connect({})).toBeNull();
  });

  it('brokers alone: plaintext, no SASL, client id from the process, topics auto-created outside production', () => {
    const c = connect({ KAFKA_BROKERS: 'a:9092, b:9092', NODE_ENV: 'development' });
    expect(c).toEqual({ brokers: ['a:9092', 'b:9092'], clientId: 'proc', autoCreateTopics: true });
    const options = kafkaJsConfig(c ?? { brokers: [] });
    expect(options).toMatchObject({ clientId: 'proc', brokers: ['a:9092', 'b:9092'], ssl: false });
    expect(options.sasl).toBeUndefined();
  });

  it('production: topics are checked, not created, unless KAFKA_TOPICS_AUTO_CREATE says so', () => {
    expect(connect({ KAFKA_BROKERS: brokers, NODE_ENV: 'production' })?.autoCreateTopics).toBe(false);
    expect(
      connect({ KAFKA_BROKERS: brokers, NODE_ENV: 'production', KAFKA_TOPICS_AUTO_CREATE: true })
        ?.autoCreateTopics,
    ).toBe(true);
    expect(
      connect({ KAFKA_BROKERS: brokers, NODE_ENV: 'development', KAFKA_TOPICS_AUTO_CREATE: false })
        ?.autoCreateTopics,
    ).toBe(false);
  });

  it('KAFKA_SSL without a CA: TLS with the system CAs; with KAFKA_SSL_CA_FILE: that PEM bundle only', () => {
    expect(kafkaJsConfig(connect({ KAFKA_BROKERS: brokers, KAFKA_SSL: true }) ?? { brokers: [] }).ssl).toBe(
      true,
    );
    const withCa = connect({ KAFKA_BROKERS: brokers, KAFKA_SSL_CA_FILE: caFile });
    expect(withCa?.ssl).toEqual({ ca: PEM });
    expect(kafkaJsConfig(withCa ?? { brokers: [] }).ssl).toEqual({ ca: [PEM] });
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)(
    'SASL %s: the mechanism, user and password go to the client, TLS as configured',
    (mechanism) => {
      const c = connect({
        KAFKA_BROKERS: brokers,
        KAFKA_SSL: true,
        KAFKA_SSL_CA_FILE: caFile,
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: 'inventory',
        KAFKA_SASL_PASSWORD: PASSWORD,
        KAFKA_CLIENT_ID: 'inventory-7',
      });
      expect(kafkaJsConfig(c ?? { brokers: [] })).toMatchObject({
        clientId: 'inventory-7',
        ssl: { ca: [PEM] },
        sasl: { mechanism, username: 'inventory', password: PASSWORD },
      });
      // What is logged about the connection names the user, never the password.
      const described = JSON.stringify(describeKafkaConnection(c ?? { brokers: [] }));
      expect(described).toContain('inventory');
      expect(described).not.toContain(PASSWORD);
    },
  );

  it('aws-msk-iam: SASL/OAUTHBEARER with a token provider, TLS implied', () => {
    const c = connect({
      KAFKA_BROKERS: brokers,
      KAFKA_SASL_MECHANISM: 'aws-msk-iam',
      AWS_REGION: 'eu-west-1',
    });
    expect(c).toMatchObject({ ssl: {}, sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1' } });
    const options = kafkaJsConfig(c ?? { brokers: [] });
    expect(options.ssl).toBe(true);
    expect(options.sasl?.mechanism).toBe('oauthbearer');
    expect(typeof (options.sasl as { oauthBearerProvider?: unknown }).oauthBearerProvider).toBe('function');
  });

  it.each<[string, KafkaConfigKeys, RegExp]>([
    [
      'a SASL mechanism without a username',
      { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_PASSWORD: PASSWORD },
      /^KAFKA_SASL_USERNAME: missing; KAFKA_SASL_MECHANISM=scram-sha-512 needs a username$/,
    ],
    [
      'a SASL mechanism without a password',
      { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u', KAFKA_SSL: true },
      /^KAFKA_SASL_PASSWORD: missing/,
    ],
    [
      'credentials without a mechanism',
      { KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: PASSWORD },
      /^KAFKA_SASL_MECHANISM: missing; .*plain, scram-sha-256 or scram-sha-512/,
    ],
    ['aws-msk-iam without AWS_REGION', { KAFKA_SASL_MECHANISM: 'aws-msk-iam' }, /^AWS_REGION: missing/],
    [
      'aws-msk-iam with TLS turned off',
      { KAFKA_SASL_MECHANISM: 'aws-msk-iam', AWS_REGION: 'eu-west-1', KAFKA_SSL: false },
      /^KAFKA_SSL: false, but MSK's IAM listener \(port 9098\) speaks TLS only/,
    ],
    [
      'aws-msk-iam with a username and password',
      { KAFKA_SASL_MECHANISM: 'aws-msk-iam', AWS_REGION: 'eu-west-1', KAFKA_SASL_PASSWORD: PASSWORD },
      /^KAFKA_SASL_USERNAME\/KAFKA_SASL_PASSWORD: not used with aws-msk-iam/,
    ],
    [
      'a CA file that cannot be read',
      { KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') },
      /^KAFKA_SSL_CA_FILE: cannot read .*missing\.pem \(ENOENT\)/,
    ],
    [
      'a CA file that holds no certificate',
      { KAFKA_SSL_CA_FILE: notPem },
      /^KAFKA_SSL_CA_FILE: .* holds no PEM/,
    ],
    [
      'a CA file with TLS off',
      { KAFKA_SSL_CA_FILE: caFile, KAFKA_SSL: false },
      /^KAFKA_SSL_CA_FILE: set while KAFKA_SSL is false/,
    ],
    [
      'SASL/PLAIN in clear in production',
      {
        NODE_ENV: 'production',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: PASSWORD,
      },
      /^KAFKA_SSL: SASL\/PLAIN sends the password as it is/,
    ],
  ])('refuses %s, naming the key, never the password', (_, keys, expected) => {
    const problems = problemsOf({ KAFKA_BROKERS: brokers, ...keys });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
    expect(problems.join('\n')).not.toContain(PASSWORD);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      KAFKA_BROKERS: brokers,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SSL_CA_FILE: join(dir, 'missing.pem'),
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'KAFKA_SASL_USERNAME',
      'KAFKA_SASL_PASSWORD',
      'KAFKA_SSL_CA_FILE',
    ]);
  });

  it('SASL or CA keys without KAFKA_BROKERS are a mistake, not silently the PostgreSQL log', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'aws-msk-iam', AWS_REGION: 'eu-west-1' })).toEqual([
      expect.stringMatching(/^KAFKA_BROKERS: missing; KAFKA_SASL_MECHANISM is set/),
    ]);
  });
});
