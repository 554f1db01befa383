import { afterEach, describe, expect, it } from 'vitest';
import type { Me, Problem } from '@cybertacotruck/contracts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import {
  BaseConfigSchema,
  ConfigError,
  createServer,
  migrateAll,
  parseConfig,
  SecretBox,
  type Env,
} from '@cybertacotruck/platform';
import type { AccountTables } from '../../tables';
import { accountService } from '../../index';
import { DEMO_OPERATOR } from './users.service';

// A keyring of the test's own: development would otherwise make one under ./data.
const SECRET_KEYS = `test:${SecretBox.generateKey()}`;

/** A server as `npm start` builds it (NODE_ENV=development unless told), its log lines captured. */
async function start(testDb: TestDatabase, base: Env, env: Env = {}) {
  const lines: string[] = [];
  const app = await createServer({
    config: parseConfig(BaseConfigSchema, { LOG_LEVEL: 'info', ...base }),
    db: testDb.db,
    services: [accountService],
    env: { SECRET_KEYS, ...env },
    processName: 'bootstrap-test',
    logStream: { write: (line) => void lines.push(line) },
  });
  await app.ready();
  return { app, lines };
}

const signIn = (app: Awaited<ReturnType<typeof start>>['app'], phoneOrEmail: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { phoneOrEmail, password } });

describe.each(TEST_ENGINES)('the first operator on %s', (engine) => {
  let testDb: TestDatabase | undefined;
  afterEach(async () => {
    await testDb?.dispose();
  });

  it('creates the demo operator in embedded development, announces it once, and not again', async () => {
    testDb = await createTestDatabase(engine);
    await migrateAll(testDb.db, [accountService]);
    const first = await start(testDb, { NODE_ENV: 'development' });
    const announced = first.lines.filter((l) => l.includes('demo operator created'));
    expect(announced).toHaveLength(1);
    expect(announced[0]).toContain(`${DEMO_OPERATOR.phone} and password ${DEMO_OPERATOR.password}`);
    const response = await signIn(first.app, DEMO_OPERATOR.phone, DEMO_OPERATOR.password);
    expect(response.statusCode).toBe(200);
    expect(response.json<Me>().user.role).toBe('operator');
    await first.app.close();

    const second = await start(testDb, { NODE_ENV: 'development' });
    expect(second.lines.some((l) => l.includes('demo operator created'))).toBe(false);
    await second.app.close();
  });

  it('creates OPERATOR_PHONE/OPERATOR_PASSWORD instead, and no demo operator outside embedded development', async () => {
    testDb = await createTestDatabase(engine);
    await migrateAll(testDb.db, [accountService]);
    const prod = await start(testDb, { NODE_ENV: 'production' }, { PUBLIC_URL: 'http://localhost' });
    expect((await signIn(prod.app, DEMO_OPERATOR.phone, DEMO_OPERATOR.password)).json<Problem>().status).toBe(
      401,
    );
    await prod.app.close();

    const configured = await start(
      testDb,
      { NODE_ENV: 'production' },
      {
        OPERATOR_PHONE: '+33 6 12 34 56 78',
        OPERATOR_PASSWORD: 'fleet-owner-passphrase',
        PUBLIC_URL: 'http://localhost',
      },
    );
    expect(configured.lines.some((l) => l.includes('first operator created'))).toBe(true);
    const response = await signIn(configured.app, '+33612345678', 'fleet-owner-passphrase');
    expect(response.statusCode).toBe(200);
    // Production: the session cookie is Secure even over plain http behind a proxy.
    expect(String(response.headers['set-cookie'])).toContain('Secure');
    expect(configured.lines.join('')).not.toContain('fleet-owner-passphrase');
    await configured.app.close();
  });

  it('refuses a weak OPERATOR_PASSWORD, and production without PUBLIC_URL, with a clear config error', async () => {
    testDb = await createTestDatabase(engine);
    await migrateAll(testDb.db, [accountService]);
    for (const [base, env, expected] of [
      [
        { NODE_ENV: 'production' },
        {
          OPERATOR_PHONE: '+12025550100',
          OPERATOR_PASSWORD: 'password123',
          PUBLIC_URL: 'https://rent.example.com',
        },
        /OPERATOR_PASSWORD: got a password that is too easy to guess/,
      ],
      [
        { NODE_ENV: 'development' },
        { OPERATOR_PHONE: '+12025550100', OPERATOR_PASSWORD: 'Summer2024!' },
        /OPERATOR_PASSWORD: got a password that is too similar to a common password/,
      ],
      [{ NODE_ENV: 'production' }, {}, /PUBLIC_URL: got missing; expected .*required in production/],
      // Links and reset codes are sealed until notification sends them: production brings its keys.
      [
        { NODE_ENV: 'production' },
        { PUBLIC_URL: 'https://rent.example.com', SECRET_KEYS: '' },
        /SECRET_KEYS: got missing; expected a keyring/,
      ],
    ] as const) {
      const failed = start(testDb, base, env);
      await expect(failed).rejects.toBeInstanceOf(ConfigError);
      await expect(failed).rejects.toThrow(expected);
    }
    // Nothing was created from a refused configuration.
    const rows = await testDb.db.kysely
      .withTables<AccountTables>()
      .selectFrom('account.user')
      .select('id')
      .execute();
    expect(rows).toEqual([]);
  });
});
