import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '@cybertacotruck/db';
import { expect } from 'vitest';
import {
  AccountEvents,
  type Invitation,
  type InvitationLink,
  type Me,
  type PasswordResetCode,
  type PasswordResetRequestedV1,
} from '@cybertacotruck/contracts';

export const OPERATOR = { phone: '+12025550100', password: 'operator-secret-1' };
export const operatorEnv = { OPERATOR_PHONE: OPERATOR.phone, OPERATOR_PASSWORD: OPERATOR.password };

/** A signed-in browser: its session cookie and CSRF token. */
export interface Browser {
  cookie: string;
  csrf: string;
  me: Me;
}

export function sessionCookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  const pair = value?.split(';')[0];
  if (!pair) throw new Error(`no session cookie in ${response.statusCode} ${response.body}`);
  return pair;
}

export async function signIn(
  app: FastifyInstance,
  phoneOrEmail: string,
  password: string,
  remoteAddress = '127.0.0.1',
): Promise<Browser> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { phoneOrEmail, password },
    remoteAddress,
  });
  expect(response.statusCode, response.body).toBe(200);
  const me = response.json<Me>();
  return { cookie: sessionCookieOf(response), csrf: me.csrfToken, me };
}

/** Headers a signed-in browser sends on a state-changing call. */
export const as = (browser: Browser) => ({ cookie: browser.cookie, 'x-csrf-token': browser.csrf });

/**
 * What the notification service's sender gets when it sends an invitation's SMS: the link and code
 * of the invitation's current issue, from account's internal API (through peers, as in one process).
 */
export async function invitationSecrets(
  app: FastifyInstance,
  invitation: Pick<Invitation, 'id' | 'sentCount'>,
): Promise<{ state: string; link: string | undefined; token: string | undefined; code: string | undefined }> {
  const { body } = await app.peers.call<InvitationLink>('account', {
    method: 'GET',
    path: `/internal/invitations/${invitation.id}/link?issue=${invitation.sentCount}`,
  });
  return {
    state: body.state,
    link: body.link ?? undefined,
    token: /token=([\w-]{43})$/.exec(body.link ?? '')?.[1],
    code: body.code ?? undefined,
  };
}

/** The events the account outbox holds, oldest first (optionally of one type). */
export async function outboxEvents(
  db: Database,
  type?: string,
): Promise<Array<{ type: string; key: string; data: Record<string, unknown> }>> {
  const { rows } = await sql<{ type: string; key: string; data: Record<string, unknown> }>`
    select type, key, data from account.outbox
    where ${type === undefined ? sql`true` : sql`type = ${type}`}
    order by occurred_at, id`.execute(db.kysely);
  return rows;
}

/**
 * The code of the newest password reset of a user, as the notification service's sender gets it:
 * the reset id from the `account.password_reset.requested` event, the code from the internal API.
 */
export async function resetCode(app: FastifyInstance, db: Database, userId: string): Promise<string> {
  const events = await outboxEvents(db, AccountEvents.passwordResetRequested.type);
  const event = events
    .map((e) => ({ ...e, data: e.data as PasswordResetRequestedV1 }))
    .filter((e) => e.data.userId === userId)
    .at(-1);
  if (!event) throw new Error(`no password reset requested for ${userId}`);
  const { body } = await app.peers.call<PasswordResetCode>('account', {
    method: 'GET',
    path: `/internal/password-resets/${event.data.resetId}/code`,
  });
  if (!body.code) throw new Error(`reset ${event.data.resetId} is ${body.state}`);
  return body.code;
}

export async function invite(
  app: FastifyInstance,
  operator: Browser,
  phone: string,
  name?: string,
): Promise<{ invitation: Invitation; token: string; code: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/invitations',
    headers: as(operator),
    payload: name ? { phone, name } : { phone },
  });
  expect(response.statusCode, response.body).toBe(201);
  const invitation = response.json<Invitation>();
  const sms = await invitationSecrets(app, invitation);
  if (!sms.token || !sms.code)
    throw new Error(`no token or code for invitation ${invitation.id}: ${sms.state}`);
  return { invitation, token: sms.token, code: sms.code };
}

/** Invites and registers a customer; returns their signed-in browser. */
export async function registerCustomer(
  app: FastifyInstance,
  operator: Browser,
  who: { phone: string; email: string; name: string; password: string },
): Promise<Browser> {
  const { token, code } = await invite(app, operator, who.phone);
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/registration',
    payload: { token, code, name: who.name, email: who.email, password: who.password },
  });
  expect(response.statusCode, response.body).toBe(201);
  const me = response.json<Me>();
  return { cookie: sessionCookieOf(response), csrf: me.csrfToken, me };
}

const TABLES = ['user', 'invitation', 'session', 'preferences', 'password_reset', 'outbox'] as const;

/** Row counts of the account tables that an accepted request would change. */
export async function rowCounts(db: Database): Promise<Record<(typeof TABLES)[number], number>> {
  const counts = Object.fromEntries(TABLES.map((t) => [t, 0])) as Record<(typeof TABLES)[number], number>;
  for (const table of TABLES) {
    const result = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(`account.${table}`)}`.execute(db.kysely);
    counts[table] = result.rows[0]?.n ?? -1;
  }
  return counts;
}
