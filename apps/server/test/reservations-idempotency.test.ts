import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Reservation } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { TestApp } from '@cybertacotruck/platform/testing';
import {
  expectProblem,
  inDays,
  newCustomer,
  newKey,
  operator,
  outbox,
  reservationApi,
} from '@cybertacotruck/reservation/testing';
import { claimsOf, composeReservations, snapshot } from './support/reservation-modules';

const reservationRows = async (t: TestApp, vehicleId: string) => {
  const { rows } = await sql<{ id: string }>`
    select id from reservation.reservation where vehicle_id = ${vehicleId}`.execute(t.db.kysely);
  return rows.map((r) => r.id);
};

describe.each(TEST_ENGINES)('Idempotency-Key on reservation requests on %s', (engine) => {
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;

  beforeAll(async () => {
    t = await composeReservations(engine);
    api = reservationApi(t.app);
  });
  afterAll(() => t.dispose());

  it('replays a retried create: the same reservation, one row, one hold, one event', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    const key = newKey();
    const body = { vehicleId: car.id, from: inDays(2), to: inDays(4) };
    const first = await api.reserve(customer, body, key);
    expect(first.statusCode).toBe(201);
    // The same body with its keys in another order is the same request.
    const again = await api.reserve(customer, { to: body.to, from: body.from, vehicleId: car.id }, key);
    expect(again.statusCode).toBe(201);
    expect(again.json<Reservation>()).toEqual(first.json<Reservation>());
    const id = first.json<Reservation>().id;
    expect(await reservationRows(t, car.id)).toEqual([id]);
    expect(await claimsOf(t.db, car.id)).toHaveLength(1);
    expect(await outbox(t.db, id)).toHaveLength(1);

    const before = await snapshot(t.db);
    const reused = expectProblem(
      await api.reserve(customer, { ...body, to: inDays(5) }, key),
      422,
      ProblemTypes.idempotencyKeyReused,
    );
    expect(reused.detail).toContain(key);
    expect(await snapshot(t.db)).toBe(before);

    // Keys are per user: another customer's identical key is their own request (here refused: taken).
    expectProblem(await api.reserve(newCustomer(), body, key), 409, ProblemTypes.vehicleUnavailable);
  });

  it('replays a refusal too: a retry after vehicle-out-of-service gets the same 409', async () => {
    const customer = newCustomer();
    const car = await api.vehicle({ inService: false });
    const key = newKey();
    const body = { vehicleId: car.id, from: inDays(6), to: inDays(7) };
    expectProblem(await api.reserve(customer, body, key), 409, ProblemTypes.vehicleOutOfService);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/vehicles/${car.id}`,
      headers: operator,
      payload: { inService: true },
    });
    expect(patched.statusCode).toBe(200);
    expectProblem(await api.reserve(customer, body, key), 409, ProblemTypes.vehicleOutOfService);
    expect((await api.reserve(customer, body, newKey())).statusCode).toBe(201);
  });

  it('lets concurrent duplicates through once: the rest replay or are told the first is in flight', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    const key = newKey();
    const body = { vehicleId: car.id, from: inDays(8), to: inDays(9) };
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.reserve(customer, body, key)));
    const created = responses.filter((r) => r.statusCode === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((r) => r.json<Reservation>().id)).size).toBe(1);
    for (const r of responses.filter((x) => x.statusCode !== 201))
      expectProblem(r, 409, ProblemTypes.idempotencyKeyInFlight);
    expect(await reservationRows(t, car.id)).toHaveLength(1);
    expect(await claimsOf(t.db, car.id)).toHaveLength(1);
    // Once the first has answered, every retry replays it.
    const later = await api.reserve(customer, body, key);
    expect(later.json<Reservation>().id).toBe(created[0]?.json<Reservation>().id);
  });

  it('finishes a create that crashed between the hold and the commit with the same id and hold', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    const key = newKey();
    const body = { vehicleId: car.id, from: inDays(11), to: inDays(12) };
    const first = (await api.reserve(customer, body, key)).json<Reservation>();
    const [hold] = await claimsOf(t.db, car.id);

    // Put the database back where a crash after the hold would have left it: the calendar holds
    // the vehicle under the reservation id, the key has no answer, nothing else was committed.
    await sql`delete from reservation.outbox where key = ${first.id}`.execute(t.db.kysely);
    await sql`delete from reservation.reservation where id = ${first.id}`.execute(t.db.kysely);
    await sql`update reservation.idempotency_key
      set response_status = null, response_body = null, completed_at = null, locked_at = now()
      where key = ${key}`.execute(t.db.kysely);

    // While the crashed attempt's lease is young, a retry is told to wait…
    expectProblem(await api.reserve(customer, body, key), 409, ProblemTypes.idempotencyKeyInFlight);
    // …and once it is stale, the retry finishes the work with the same id and the same hold.
    await sql`update reservation.idempotency_key set locked_at = now() - interval '2 minutes'
      where key = ${key}`.execute(t.db.kysely);
    const retried = await api.reserve(customer, body, key);
    expect(retried.statusCode, retried.body).toBe(201);
    expect(retried.json<Reservation>().id).toBe(first.id);
    expect(await reservationRows(t, car.id)).toEqual([first.id]);
    expect(await claimsOf(t.db, car.id)).toEqual([
      expect.objectContaining({ id: hold?.id, status: 'active' }),
    ]);
    expect((await outbox(t.db, first.id)).map((e) => e.type)).toEqual(['reservation.reservation.held']);
  });

  it('replays confirm and cancel retries, and refuses the same action under a new key', async () => {
    const customer = newCustomer();
    const car = await api.vehicle();
    const r = await api.held(customer, { vehicleId: car.id, from: inDays(14), to: inDays(15) });
    const confirmKey = newKey();
    const confirmed = await api.confirm(customer, r.id, undefined, confirmKey);
    expect(confirmed.statusCode).toBe(200);
    const replayed = await api.confirm(customer, r.id, undefined, confirmKey);
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json<Reservation>()).toEqual(confirmed.json<Reservation>());
    expectProblem(await api.confirm(customer, r.id), 409, ProblemTypes.reservationNotHeld);
    // A key is bound to its operation: the confirm key cannot cancel.
    expectProblem(
      await api.cancel(customer, r.id, undefined, confirmKey),
      422,
      ProblemTypes.idempotencyKeyReused,
    );

    const cancelKey = newKey();
    const cancelled = await api.cancel(customer, r.id, { reason: 'Changed plans' }, cancelKey);
    expect(cancelled.statusCode).toBe(200);
    const again = await api.cancel(customer, r.id, { reason: 'Changed plans' }, cancelKey);
    expect(again.json<Reservation>()).toEqual(cancelled.json<Reservation>());
    expectProblem(await api.cancel(customer, r.id), 409, ProblemTypes.reservationClosed);
    expect((await outbox(t.db, r.id)).map((e) => e.type)).toEqual([
      'reservation.reservation.held',
      'reservation.reservation.confirmed',
      'reservation.reservation.cancelled',
    ]);
  });
});
