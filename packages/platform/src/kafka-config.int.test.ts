import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaMock, type KafkaForTests } from '@cybertacotruck/bus/testing';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, ConfigError, kafkaConnectionFrom, parseConfig } from './config';
import { createServer } from './server';

const PASSWORD = 'scram-secret-never-echoed';

describe('Kafka configuration keys', () => {
  it('are checked together with every other key at start-up, naming each mistake once', () => {
    let error: unknown;
    try {
      parseConfig(BaseConfigSchema, {
        PORT: 'eighty',
        KAFKA_BROKERS: 'b-1:9096',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_PASSWORD: PASSWORD,
        KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'PORT',
      'KAFKA_SASL_USERNAME',
      'KAFKA_SSL_CA_FILE',
    ]);
    expect(message).toContain(
      'KAFKA_SASL_USERNAME: missing; KAFKA_SASL_MECHANISM=scram-sha-512 needs a username',
    );
    expect(message).toMatch(/KAFKA_SSL_CA_FILE: cannot read \/nonexistent\/ca\.pem \(ENOENT\)/);
    expect(message).not.toContain(PASSWORD);
  });

  it('refuse an unknown mechanism and a malformed region by what they expect; a password is never echoed', () => {
    expect(() => parseConfig(BaseConfigSchema, { KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(
      /KAFKA_SASL_MECHANISM: got "gssapi"; expected one of plain, scram-sha-256, scram-sha-512, aws-msk-iam/,
    );
    expect(() => parseConfig(BaseConfigSchema, { AWS_REGION: 'Ireland' })).toThrow(
      /AWS_REGION: got "Ireland"/,
    );
  });

  it('aws-msk-iam without AWS_REGION is refused at parse time', () => {
    expect(() =>
      parseConfig(BaseConfigSchema, { KAFKA_BROKERS: 'b-1:9098', KAFKA_SASL_MECHANISM: 'aws-msk-iam' }),
    ).toThrow(/AWS_REGION: missing; KAFKA_SASL_MECHANISM=aws-msk-iam/);
  });

  it('map to the connection: topics auto-created by default outside production, checked in production', () => {
    const dev = parseConfig(BaseConfigSchema, { KAFKA_BROKERS: 'k:9092' });
    expect(kafkaConnectionFrom(dev, 'cybertacotruck-inventory')).toEqual({
      brokers: ['k:9092'],
      clientId: 'cybertacotruck-inventory',
      autoCreateTopics: true,
    });
    const prod = parseConfig(BaseConfigSchema, {
      NODE_ENV: 'production',
      KAFKA_BROKERS: 'b-1:9098,b-2:9098',
      KAFKA_SASL_MECHANISM: 'aws-msk-iam',
      AWS_REGION: 'eu-west-1',
      KAFKA_CLIENT_ID: 'inventory',
    });
    expect(kafkaConnectionFrom(prod, 'x')).toEqual({
      brokers: ['b-1:9098', 'b-2:9098'],
      clientId: 'inventory',
      ssl: {},
      sasl: { mechanism: 'aws-msk-iam', region: 'eu-west-1' },
      autoCreateTopics: false,
    });
    expect(kafkaConnectionFrom(parseConfig(BaseConfigSchema, {}), 'x')).toBeNull();
  });
});

describe('start-up with KAFKA_TOPICS_AUTO_CREATE=false', () => {
  let kafka: KafkaForTests;
  let test: TestDatabase;
  beforeAll(async () => {
    // A cluster on which nobody declared the app's topics.
    [kafka, test] = await Promise.all([startKafkaMock({ topics: [] }), createTestDatabase('pglite')]);
  });
  afterAll(async () => {
    await kafka.close();
    await test.dispose();
  });

  it('fails, naming every missing bus topic', async () => {
    const config = parseConfig(BaseConfigSchema, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      KAFKA_BROKERS: kafka.brokers.join(','),
      KAFKA_TOPICS_AUTO_CREATE: 'false',
    });
    await expect(createServer({ config, db: test.db, services: [], processName: 'topics' })).rejects.toThrow(
      /^Kafka topics missing: cybertacotruck\.account, cybertacotruck\.inventory, cybertacotruck\.reservation\./,
    );
  });
});
