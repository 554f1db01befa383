import { describe, expect, it } from 'vitest';
import { serializeError } from './log-serializers';

describe('the err log serializer', () => {
  it('logs text, numbers, null and plain objects passed as err as they are (it must never throw)', () => {
    // The bus logs `err: errorText(error)`; kafkajs errors arrived as text at start-up and the
    // serializer's `'severity' in …` threw, which took the process down with its log line.
    for (const value of ['KafkaJSBrokerNotFound: Broker 0 not found', 42, null, undefined, { reason: 'x' }])
      expect(serializeError(value as unknown as Error)).toEqual(value);
  });

  it('drops the bound values of a failed statement and keeps what finds the bug', () => {
    const error = Object.assign(
      new Error('duplicate key value violates unique constraint "user_email_key"'),
      {
        code: '23505',
        severity: 'ERROR',
        detail: 'Key (email)=(ana@example.com) already exists.',
        params: ['$argon2id$v=19$m=19456,t=2,p=1$secret', '+12025550143'],
        constraint: 'user_email_key',
      },
    );
    const out = serializeError(error) as Record<string, unknown>;
    expect(out).toMatchObject({ code: '23505', constraint: 'user_email_key', message: error.message });
    expect(JSON.stringify(out)).not.toMatch(/ana@example\.com|argon2id|\+12025550143/);
  });
});
