import { describe, expect, it } from 'vitest';
import { BaseConfigSchema, ConfigError, databaseTargetFrom, parseConfig } from './config';

describe('parseConfig', () => {
  it('applies defaults when nothing is configured', () => {
    const config = parseConfig(BaseConfigSchema, {});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(databaseTargetFrom(config, 'x')).toEqual({ kind: 'pglite', dataDir: './data' });
  });

  it('converts text to typed values and selects the server when DATABASE_URL is set', () => {
    const config = parseConfig(BaseConfigSchema, {
      PORT: '8080',
      MIGRATE_ON_START: 'false',
      DATABASE_URL: 'postgres://app:pw@db.internal:5432/rental',
    });
    expect(config).toMatchObject({ PORT: 8080, MIGRATE_ON_START: false });
    expect(databaseTargetFrom(config, 'inventory')).toMatchObject({
      kind: 'postgres',
      applicationName: 'inventory',
    });
  });

  it('names every bad key with what it expects, and never echoes a secret', () => {
    let error: unknown;
    try {
      parseConfig(BaseConfigSchema, {
        PORT: 'eighty',
        DATABASE_URL: 'mysql://root:hunter2@localhost/db',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(3);
    expect(message).toContain('PORT: got "eighty"; expected a TCP port number, 0-65535');
    expect(message).toContain('LOG_LEVEL: got "loud"; expected one of fatal');
    expect(message).toMatch(/DATABASE_URL: got a value that does not parse; expected a PostgreSQL URL/);
    expect(message).not.toContain('hunter2');
  });

  it.each([['70000'], ['-1'], ['3000.5']])('refuses PORT=%s', (port) => {
    expect(() => parseConfig(BaseConfigSchema, { PORT: port })).toThrow(/PORT: got/);
  });

  it.each([['postgres://'], ['not a url'], ['http://localhost/db']])('refuses DATABASE_URL=%s', (url) => {
    expect(() => parseConfig(BaseConfigSchema, { DATABASE_URL: url })).toThrow(/DATABASE_URL/);
  });
});
