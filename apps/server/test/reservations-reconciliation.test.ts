import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReservationEvents, type Reservation } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import type { TestApp } from '@cybertacotruck/platform/testing';
import type { ReservationModules } from '@cybertacotruck/reservation';
import { inDays, newCustomer, outbox, reservationApi } from '@cybertacotruck/reservation/testing';
import { claimsOf, composeReservations, reservationModulesOver } from './support/reservation-modules';

describe.each(TEST_ENGINES)('reservation ↔ calendar reconciliation on %s', (engine) => {
  let harness: TestApp;
  let api: ReturnType<typeof reservationApi>;
  let m: ReservationModules;
  let week = 0;

  beforeAll(async () => {
    harness = await composeReservations(engine);
    api = reservationApi(harness.app);
    m = reservationModulesOver(harness);
  });
  afterAll(() => harness.dispose());

  const exec = (query: ReturnType<typeof sql>) => query.execute(harness.db.kysely);

  async function confirmed(): Promise<{ reservation: Reservation; vehicleId: string; claimId: string }> {
    const vehicle = await api.vehicle();
    week += 1;
    const customer = newCustomer();
    const held = await api.held(customer, {
      vehicleId: vehicle.id,
      from: inDays(7 * week),
      to: inDays(7 * week + 2),
    });
    const response = await api.confirm(customer, held.id);
    expect(response.statusCode, response.body).toBe(200);
    const [claim] = await claimsOf(harness.db, vehicle.id);
    return { reservation: response.json<Reservation>(), vehicleId: vehicle.id, claimId: claim?.id ?? '' };
  }

  const claimIdOf = async (id: string) => {
    const { rows } = await sql<{ claim_id: string }>`select claim_id from reservation.reservation
      where id = ${id}`.execute(harness.db.kysely);
    return rows[0]?.claim_id;
  };

  it('books a confirmed reservation again when its booking was lost and the car is still free', async () => {
    const { reservation, vehicleId, claimId } = await confirmed();
    await exec(sql`update inventory.vehicle_claim set status = 'released' where id = ${claimId}`);

    const report = await m.reconciliation.run();
    expect(report.rebooked).toBeGreaterThanOrEqual(1);
    const newClaimId = await claimIdOf(reservation.id);
    expect(newClaimId).not.toBe(claimId);
    const claims = await claimsOf(harness.db, vehicleId);
    expect(claims.filter((c) => c.status === 'active')).toEqual([
      expect.objectContaining({ id: newClaimId, kind: 'booking', reference: reservation.id }),
    ]);
    // Agreement restored: the next pass finds nothing more to do for it.
    const again = await m.reconciliation.run();
    expect(again.rebooked).toBe(0);
  });

  it('two passes racing over the same lost booking leave exactly one booking, the reservation’s', async () => {
    const { reservation, vehicleId, claimId } = await confirmed();
    await exec(sql`update inventory.vehicle_claim set status = 'released' where id = ${claimId}`);
    const other = reservationModulesOver(harness);
    await Promise.all([m.reconciliation.run(), other.reconciliation.run()]);
    await m.reconciliation.run();
    const active = (await claimsOf(harness.db, vehicleId)).filter((c) => c.status === 'active');
    expect(active).toEqual([expect.objectContaining({ kind: 'booking', reference: reservation.id })]);
    expect(await claimIdOf(reservation.id)).toBe(active[0]?.id);
  });

  it('alerts the operators, once, when the lost booking cannot be restored because the car was taken', async () => {
    const { reservation, vehicleId, claimId } = await confirmed();
    await exec(sql`update inventory.vehicle_claim set status = 'released' where id = ${claimId}`);
    const other = newCustomer();
    const taken = await api.held(other, {
      vehicleId,
      from: reservation.from,
      to: reservation.to,
    });
    expect((await api.confirm(other, taken.id)).statusCode).toBe(200);

    const report = await m.reconciliation.run();
    expect(report.reported).toBeGreaterThanOrEqual(1);
    const events = (await outbox(harness.db, reservation.id)).filter(
      (e) => e.type === ReservationEvents.bookingLost.type,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      version: 1,
      data: { reservationId: reservation.id, reason: 'vehicle_taken', claimId },
    });
    // Nothing was released or moved: the other customer's booking stands, this one is left to a person.
    expect(await claimIdOf(reservation.id)).toBe(claimId);
    await m.reconciliation.run();
    expect(
      (await outbox(harness.db, reservation.id)).filter((e) => e.type === ReservationEvents.bookingLost.type),
    ).toHaveLength(1);
  });

  it('alerts when a rental under way has lost its booking (it is not placed again in the past)', async () => {
    const { reservation, claimId } = await confirmed();
    await exec(sql`update inventory.vehicle_claim set status = 'released' where id = ${claimId}`);
    await exec(sql`update reservation.reservation set starts_at = now() - interval '1 hour'
      where id = ${reservation.id}`);
    await m.reconciliation.run();
    const [event] = (await outbox(harness.db, reservation.id)).filter(
      (e) => e.type === ReservationEvents.bookingLost.type,
    );
    expect(event?.data).toMatchObject({ reason: 'period_started' });
  });

  it('books the claim of a confirmed reservation that is still a hold', async () => {
    const { reservation, vehicleId, claimId } = await confirmed();
    await exec(sql`update inventory.vehicle_claim set kind = 'hold', expires_at = now() + interval '10 minutes'
      where id = ${claimId}`);
    const report = await m.reconciliation.run();
    expect(report.bookingsConfirmed).toBeGreaterThanOrEqual(1);
    expect(await claimsOf(harness.db, vehicleId)).toEqual([
      expect.objectContaining({ id: claimId, kind: 'booking', status: 'active', reference: reservation.id }),
    ]);
  });

  it('releases the active claim of a cancelled reservation', async () => {
    const { reservation, vehicleId, claimId } = await confirmed();
    // Cancelled, its release even recorded, yet the calendar still holds the booking (a lost write).
    await exec(sql`update reservation.reservation set status = 'cancelled', cancelled_at = now(),
      cancelled_by = 'operator', claim_released_at = now() where id = ${reservation.id}`);
    const report = await m.reconciliation.run();
    expect(report.released).toBeGreaterThanOrEqual(1);
    expect(await claimsOf(harness.db, vehicleId)).toEqual([
      expect.objectContaining({ id: claimId, status: 'released' }),
    ]);
  });

  it('releases an old active claim that names a reservation which holds another claim', async () => {
    const first = await confirmed();
    const second = await confirmed();
    // The first vehicle's booking now claims to be the second reservation's, placed ten minutes ago.
    await exec(sql`update inventory.vehicle_claim set reference = ${second.reservation.id}::text,
      created_at = now() - interval '10 minutes' where id = ${first.claimId}`);
    await exec(sql`update reservation.reservation set status = 'cancelled', cancelled_at = now(),
      cancelled_by = 'operator', claim_released_at = now() where id = ${first.reservation.id}`);
    const report = await m.reconciliation.run();
    expect(report.strayReleased).toBeGreaterThanOrEqual(1);
    expect(await claimsOf(harness.db, first.vehicleId)).toEqual([
      expect.objectContaining({ id: first.claimId, status: 'released' }),
    ]);
    expect(await claimsOf(harness.db, second.vehicleId)).toEqual([
      expect.objectContaining({ id: second.claimId, kind: 'booking', status: 'active' }),
    ]);
  });

  it('pays an owed release: a cancellation committed but its calendar release failed', async () => {
    const { reservation, vehicleId, claimId } = await confirmed();
    await exec(sql`update reservation.reservation set status = 'cancelled', cancelled_at = now(),
      cancelled_by = 'customer', claim_released_at = null where id = ${reservation.id}`);
    const released = await m.claims.releaseOwed();
    expect(released).toBeGreaterThanOrEqual(1);
    expect(await claimsOf(harness.db, vehicleId)).toEqual([
      expect.objectContaining({ id: claimId, status: 'released' }),
    ]);
    const { rows } = await sql<{ claim_released_at: Date | null }>`select claim_released_at
      from reservation.reservation where id = ${reservation.id}`.execute(harness.db.kysely);
    expect(rows[0]?.claim_released_at).toBeInstanceOf(Date);
  });
});
