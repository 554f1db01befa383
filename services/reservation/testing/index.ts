import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import {
  PROBLEM_CONTENT_TYPE,
  type Problem,
  type Reservation,
  type ReservationList,
  type Vehicle,
} from '@cybertacotruck/contracts';
import type { Database } from '@cybertacotruck/db';

const HOUR_MS = 3_600_000;

export type Headers = Record<string, string>;

/** A new customer: the headers the platform's principalStub reads (their own user id). */
export const newCustomer = (): Headers => ({ 'x-test-principal': 'customer', 'x-test-user': randomUUID() });
export const operator: Headers = {
  'x-test-principal': 'operator',
  'x-test-user': '00000000-0000-4000-8000-0000000000f0',
};

/** An ISO instant `hours` from now, on the hour so periods read well in failures. */
export const inHours = (hours: number) =>
  new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + hours * HOUR_MS).toISOString();
export const inDays = (days: number) => inHours(days * 24);

export const newKey = () => `test-${randomUUID()}`;

export function expectProblem(response: LightMyRequestResponse, status: number, type: string): Problem {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toContain(PROBLEM_CONTENT_TYPE);
  const problem = response.json<Problem>();
  expect(problem).toMatchObject({ status, type });
  return problem;
}

let serial = 0;

/** The reservation API (and the inventory calls its tests need) for one app, over HTTP. */
export function reservationApi(app: FastifyInstance) {
  const post = (url: string, headers: Headers, payload?: unknown, key?: string | null) =>
    app.inject({
      method: 'POST',
      url,
      headers: { ...headers, ...(key === null ? {} : { 'idempotency-key': key ?? newKey() }) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return {
    async vehicle(overrides: Partial<Vehicle> = {}): Promise<Vehicle> {
      serial += 1;
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/vehicles',
        headers: operator,
        payload: {
          vin: `7SAYGDEE1PA${String(serial).padStart(6, '0')}`,
          model: 'model_y',
          displayName: `Rental ${String(serial).padStart(4, '0')}`,
          ...overrides,
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json<Vehicle>();
    },
    reserve: (headers: Headers, payload: unknown, key?: string | null) =>
      post('/api/v1/reservations', headers, payload, key),
    /** Reserves and expects 201. */
    async held(
      headers: Headers,
      payload: { vehicleId: string; from: string; to: string; timeZone?: string },
    ) {
      const response = await post('/api/v1/reservations', headers, payload);
      expect(response.statusCode, response.body).toBe(201);
      return response.json<Reservation>();
    },
    confirm: (
      headers: Headers,
      id: string,
      payload: unknown = { termsVersion: 1, acceptTerms: true },
      key?: string,
    ) => post(`/api/v1/reservations/${id}/confirm`, headers, payload, key),
    cancel: (headers: Headers, id: string, payload?: unknown, key?: string) =>
      post(`/api/v1/reservations/${id}/cancel`, headers, payload, key),
    get: (headers: Headers, id: string) => app.inject({ url: `/api/v1/reservations/${id}`, headers }),
    async list(headers: Headers, query = ''): Promise<ReservationList> {
      const response = await app.inject({ url: `/api/v1/reservations${query}`, headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<ReservationList>();
    },
    quote: (headers: Headers, query: Record<string, string>) =>
      app.inject({ url: `/api/v1/quotes?${new URLSearchParams(query).toString()}`, headers }),
  };
}

export interface OutboxRow {
  type: string;
  version: number;
  key: string;
  data: Record<string, unknown>;
}

/** The reservation service's events, oldest first (optionally of one reservation). */
export async function outbox(db: Database, key?: string): Promise<OutboxRow[]> {
  const { rows } = await sql<OutboxRow>`
    select type, version, key, data from reservation.outbox
    where ${key ?? null}::text is null or key = ${key ?? null}::text
    order by occurred_at, id`.execute(db.kysely);
  return rows;
}

/**
 * Every reservation row (id and status), the outbox count, rates and terms: what an accepted
 * request would change. (Idempotency keys are not in it: a refusal is recorded as the key's answer.)
 */
export async function reservationSnapshot(db: Database): Promise<string> {
  const { rows } = await sql<{ snapshot: string }>`
    select concat_ws(' / ',
      (select coalesce(string_agg(concat_ws('|', id, status, claim_id, terms_accepted_at, cancelled_at), ',' order by id), '')
        from reservation.reservation),
      (select count(*) from reservation.outbox),
      (select string_agg(concat_ws('|', model, daily_rate_minor, deposit_minor, updated_at), ',' order by model)
        from reservation.rate),
      (select max(version) from reservation.terms)
    ) as snapshot`.execute(db.kysely);
  return rows[0]?.snapshot ?? '';
}
