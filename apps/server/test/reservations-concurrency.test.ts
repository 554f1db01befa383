import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Reservation } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { TestApp } from '@cybertacotruck/platform/testing';
import {
  expectProblem,
  inHours,
  newCustomer,
  outbox,
  reservationApi,
} from '@cybertacotruck/reservation/testing';
import { claimsOf, composeReservations } from './support/reservation-modules';

const REQUESTS = 200;

// On the PostgreSQL server these run in parallel on a pool of 20 connections; PGlite serialises them.
describe.each(TEST_ENGINES)('concurrent reservations of one vehicle on %s', (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;

  beforeAll(async () => {
    t = await composeReservations(engine);
    api = reservationApi(t.app);
  });
  afterAll(() => t.dispose());

  it(`lets exactly one of ${REQUESTS} customers reserve overlapping periods; the rest get 409`, async () => {
    const car = await api.vehicle();
    // Different customers, different periods, all sharing the hours [24, 28): every pair overlaps.
    const responses = await Promise.all(
      Array.from({ length: REQUESTS }, (_, i) =>
        api.reserve(newCustomer(), {
          vehicleId: car.id,
          from: inHours(4 + (i % 20)),
          to: inHours(28 + (i % 13)),
        }),
      ),
    );
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created).toHaveLength(1);
    const refused = responses.filter((r) => r.statusCode !== 201);
    expect(refused).toHaveLength(REQUESTS - 1);
    for (const response of refused) expectProblem(response, 409, ProblemTypes.vehicleUnavailable);

    const winner = created[0]?.json<Reservation>();
    const { rows } = await sql<{ id: string }>`
      select id from reservation.reservation where vehicle_id = ${car.id}`.execute(t.db.kysely);
    expect(rows.map((r) => r.id)).toEqual([winner?.id]);
    expect((await claimsOf(t.db, car.id)).filter((c) => c.status === 'active')).toEqual([
      expect.objectContaining({ reference: winner?.id }),
    ]);
    expect(await outbox(t.db)).toHaveLength(1);
  });
});
