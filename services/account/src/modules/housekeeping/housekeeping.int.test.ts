import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { accountService } from '../../index';
import type { AccountTables } from '../../tables';
import { OPERATOR, operatorEnv, signIn } from '../../../testing';
import { HousekeepingRepository } from './housekeeping.repository';
import { sweepOnce } from './housekeeping.worker';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const settings = {
  LOGIN_WINDOW_MINUTES: 15,
  LOGIN_ACCOUNT_WINDOW_HOURS: 24,
  ACCOUNT_SWEEP_MS: 60_000,
};

describe.each(TEST_ENGINES)('account housekeeping on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(engine, [accountService], operatorEnv);
  });
  afterAll(() => t.dispose());

  it('deletes long-expired sessions, stale login attempts, spent reset codes and long-expired sealed links, and nothing live', async () => {
    const db = t.db.kysely.withTables<AccountTables>();
    const live = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const userId = live.me.user.id;
    await db
      .insertInto('account.session')
      .values([
        {
          id_hash: 'expired-long-ago',
          user_id: userId,
          last_seen_at: ago(9 * DAY_MS),
          expires_at: ago(2 * DAY_MS),
        },
        {
          id_hash: 'expired-an-hour-ago',
          user_id: userId,
          last_seen_at: ago(DAY_MS),
          expires_at: ago(HOUR_MS),
        },
      ])
      .execute();
    await db
      .insertInto('account.login_attempt')
      .values([
        // Past the longest window (the per-account one, 24 h) and within it.
        { key: 'ip:203.0.113.9', at: ago(25 * HOUR_MS) },
        { key: 'ip:203.0.113.9', at: ago(HOUR_MS) },
      ])
      .execute();
    await db
      .insertInto('account.password_reset')
      .values([
        { user_id: userId, code_hash: 'old', expires_at: ago(2 * DAY_MS) },
        { user_id: userId, code_hash: 'fresh', expires_at: new Date(now.getTime() + 600_000) },
      ])
      .execute();
    const invitation = (phone: string, expiresAt: Date) => ({
      phone_e164: phone,
      name: null,
      invited_by: userId,
      token_hash: `hash-${phone}`,
      code_hash: 'code',
      secret_sealed: `sealed-${phone}`,
      expires_at: expiresAt,
      last_sent_at: ago(3 * DAY_MS),
      delivery: 'queued' as const,
    });
    await db
      .insertInto('account.invitation')
      .values([invitation('+12025550198', ago(2 * DAY_MS)), invitation('+12025550199', ago(HOUR_MS))])
      .execute();

    const deleted = await sweepOnce(new HousekeepingRepository(db), settings, now);
    expect(deleted).toEqual({ sessions: 1, loginAttempts: 1, passwordResets: 1, expiredLinks: 1 });

    const left = await sql<{ sessions: string[]; attempts: number; resets: string[]; links: string[] }>`
      select (select array_agg(id_hash order by id_hash) from account.session where id_hash like 'expired-%') as sessions,
             (select count(*)::int from account.login_attempt where key = 'ip:203.0.113.9') as attempts,
             (select array_agg(code_hash) from account.password_reset where code_hash in ('old', 'fresh')) as resets,
             (select array_agg(secret_sealed) from account.invitation where secret_sealed is not null) as links`.execute(
      db,
    );
    expect(left.rows[0]).toEqual({
      sessions: ['expired-an-hour-ago'],
      attempts: 1,
      resets: ['fresh'],
      links: ['sealed-+12025550199'],
    });
    // The signed-in session is untouched.
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: live.cookie } })).statusCode).toBe(
      200,
    );
    // A second sweep finds nothing more.
    expect(await sweepOnce(new HousekeepingRepository(db), settings, now)).toEqual({
      sessions: 0,
      loginAttempts: 0,
      passwordResets: 0,
      expiredLinks: 0,
    });
  });
});
