import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Database } from '@cybertacotruck/db';
import { expect } from 'vitest';
import type { DevMessageList, Invitation, Me } from '@cybertacotruck/contracts';

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
 * The newest dev-inbox message to a phone, with the link token and the 6-digit code parsed out,
 * read as an operator (the dev inbox is operator-only).
 */
export async function lastSms(
  app: FastifyInstance,
  to: string,
  operator: Browser,
): Promise<{ body: string; token: string | undefined; code: string | undefined; link: string | undefined }> {
  const response = await app.inject({
    url: `/api/v1/dev-inbox?to=${encodeURIComponent(to)}`,
    headers: { cookie: operator.cookie },
  });
  expect(response.statusCode).toBe(200);
  const [message] = response.json<DevMessageList>().items;
  if (!message) throw new Error(`no SMS to ${to}`);
  return {
    body: message.body,
    link: /(https?:\/\/\S+\/register\?token=[\w-]+)/.exec(message.body)?.[1],
    token: /token=([\w-]{43})/.exec(message.body)?.[1],
    code: /\b(\d{6})\b/.exec(message.body)?.[1],
  };
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
  const sms = await lastSms(app, invitation.phone, operator);
  if (!sms.token || !sms.code) throw new Error(`no token or code in: ${sms.body}`);
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
