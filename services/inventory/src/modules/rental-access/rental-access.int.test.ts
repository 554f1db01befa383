import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { InventoryEvents, ReservationEvents, type DeclaredEnvelope } from '@cybertacotruck/contracts';
import { createTestDatabase, TEST_ENGINES, type TestDatabase } from '@cybertacotruck/db/testing';
import { migrateAll, SecretBox, type Logger } from '@cybertacotruck/platform';
import { inventoryService } from '../../index';
import type { CommandLogEntry, SendCommand } from '../vehicle-commands/vehicle-commands.types';
import { rentalAccessSubscription } from './rental-access.consumer';
import { GeofenceService } from './geofence.service';
import { RentalAccessRepository } from './rental-access.repository';
import { RentalAccessService, type DriverAccessPort } from './rental-access.service';
import type { RentalAccessTables } from './rental-access.tables';

const MIN = 60_000;
const noop = () => {};
const silent = { info: noop, warn: noop, error: noop, debug: noop, child: () => silent } as unknown as Logger;

/** Tesla's side as the state machine sees it: invitations, drivers, commands; faults on demand. */
class FakeCar implements DriverAccessPort {
  drivers: string[] = [];
  invitations = new Map<
    string,
    { vehicleId: string; link: string; state: 'pending' | 'accepted' | 'revoked' }
  >();
  /** Drivers removed, as `vehicleId:shareUserId`. */
  removed: string[] = [];
  /** Runs once when an invitation is revoked (something else happening while the worker is at Tesla). */
  onRevoke: (() => Promise<void>) | undefined;
  failNext = 0;
  sent: SendCommand[] = [];
  speedLimit = false;
  moving = false;

  private fault() {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('Tesla answered 503: upstream unavailable');
    }
  }
  constructor(private readonly now: () => Date) {}

  async createInvitation(vehicleId: string) {
    this.fault();
    const id = String(this.invitations.size + 1);
    const link = `https://www.tesla.com/_rs/1/${randomUUID()}`;
    this.invitations.set(id, { vehicleId, link, state: 'pending' });
    return { id, shareLink: link, expiresAt: new Date(this.now().getTime() + 24 * 60 * MIN).toISOString() };
  }
  async revokeInvitation(vehicleId: string, id: string) {
    this.fault();
    const inv = this.invitations.get(id);
    if (inv && inv.vehicleId !== vehicleId) throw new Error(`invitation ${id} is not ${vehicleId}'s`);
    if (inv) inv.state = 'revoked';
    const meanwhile = this.onRevoke;
    this.onRevoke = undefined;
    await meanwhile?.();
  }
  async listDrivers() {
    this.fault();
    return this.drivers.map((shareUserId) => ({ shareUserId }));
  }
  async removeDriver(vehicleId: string, shareUserId: string) {
    this.fault();
    this.removed.push(`${vehicleId}:${shareUserId}`);
    this.drivers = this.drivers.filter((d) => d !== shareUserId);
  }
  /** The renter opens the link in the Tesla app: they become a driver. */
  accept(id: string, userId: string) {
    const inv = this.invitations.get(id);
    if (inv?.state !== 'pending') throw new Error('not pending');
    inv.state = 'accepted';
    this.drivers.push(userId);
  }
  async send(req: SendCommand): Promise<CommandLogEntry> {
    this.sent.push(req);
    const refused = this.moving && req.command === 'speed_limit_activate';
    if (!refused && req.command === 'speed_limit_activate') this.speedLimit = true;
    if (req.command === 'speed_limit_deactivate') this.speedLimit = false;
    return {
      id: randomUUID(),
      vehicleId: req.vehicleId,
      command: req.command,
      params: {},
      actor: req.actor,
      result: refused ? 'refused' : 'ok',
      reason: refused ? 'moving' : '',
      woke: false,
      costUsd: 0.001,
      at: new Date(),
    };
  }
}

describe.each(TEST_ENGINES)('rental access state machine on %s', (engine) => {
  let testDb: TestDatabase;
  let db: Kysely<RentalAccessTables>;
  let repo: RentalAccessRepository;
  let car: FakeCar;
  let service: RentalAccessService;
  let clock: Date;
  let vehicleId: string;
  const box = SecretBox.fromKeyring(`test:${SecretBox.generateKey()}`);
  const subscription = rentalAccessSubscription({ leadMinutes: 30, now: () => clock });

  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    await migrateAll(testDb.db, [inventoryService]);
    db = testDb.db.kysely.withTables<RentalAccessTables>();
    repo = new RentalAccessRepository(db);
  });
  afterAll(async () => {
    await testDb.dispose();
  });
  beforeEach(async () => {
    clock = new Date('2026-12-10T08:00:00Z');
    car = new FakeCar(() => clock);
    // Each test's rows alone: the previous tests' cars are not this test's fake.
    await db.updateTable('inventory.rental_access').set({ state: 'closed', next_attempt_at: null }).execute();
    service = new RentalAccessService(
      repo,
      car,
      car,
      box,
      {
        RENTAL_ACCESS_LEAD_MINUTES: 30,
        RENTAL_ACCESS_GRACE_MINUTES: 60,
        RENTAL_ACCESS_RETRY_SECONDS: 30,
        SPEED_LIMIT_PIN: '4321',
        SPEED_LIMIT_MPH: 'model_3=70,default=80',
      },
      silent,
      () => clock,
    );
    const vehicle = await db
      .insertInto('inventory.vehicle')
      .values({
        vin: `5YJ3E1EA${String(Math.random()).slice(2, 11)}`,
        model: 'model_3',
        display_name: 'Blue',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    vehicleId = vehicle.id;
  });

  const facts = (reservationId: string) => ({
    reservationId,
    customerId: '00000000-0000-4000-8000-00000000000a',
    vehicleId,
    vehicleName: 'Blue',
    model: 'model_3' as const,
    from: '2026-12-10T10:00:00.000Z',
    to: '2026-12-11T10:00:00.000Z',
    timeZone: 'Europe/Paris',
    totalDueMinor: 10000,
    currency: 'EUR',
  });
  const deliver = async (type: string, data: object) => {
    const envelope = { id: randomUUID(), type, version: 1, occurredAt: clock.toISOString(), key: 'k', data };
    await testDb.db.kysely
      .transaction()
      .execute((trx) => subscription.handle(envelope as DeclaredEnvelope, trx));
  };
  const confirm = async () => {
    const id = randomUUID();
    await deliver(ReservationEvents.confirmed.type, {
      ...facts(id),
      termsVersion: 1,
      freeCancellationUntil: '2026-12-09T10:00:00.000Z',
    });
    return id;
  };
  const readings = () => ({
    at: clock.toISOString(),
    dataAsOf: null,
    odometerKm: null,
    chargePercent: null,
    rangeKm: null,
    tyrePressureBar: null,
    position: null,
    locked: null,
    activity: 'parked',
    distanceFromHomeM: null,
  });
  const returned = (id: string) => ({
    ...facts(id),
    at: clock.toISOString(),
    readings: readings(),
    pickupReadings: null,
    pickedUpAt: '2026-12-10T09:50:00.000Z',
    charges: [],
    totalMinor: 0,
    termsVersion: 1,
    by: 'operator',
  });
  const at = (iso: string) => {
    clock = new Date(iso);
  };
  const row = async (id: string) => {
    const r = await repo.get(id);
    if (!r) throw new Error('no row');
    return r;
  };
  const outbox = (type: string) =>
    db
      .selectFrom('inventory.outbox')
      .select(['type', 'data'])
      .where('type', '=', type)
      .execute()
      .then((rows) =>
        rows.map(
          (r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
        ),
      );

  it('invites at pickup minus the lead (not before), seals the link and emits the event without it', async () => {
    const id = await confirm();
    expect(await row(id)).toMatchObject({
      state: 'scheduled',
      invite_due_at: new Date('2026-12-10T09:30:00Z'),
    });
    at('2026-12-10T09:29:00Z');
    await service.runDue();
    expect((await row(id)).state).toBe('scheduled');
    expect(car.invitations.size).toBe(0);

    at('2026-12-10T09:30:00Z');
    await service.runDue();
    const invited = await row(id);
    expect(invited.state).toBe('invited');
    expect(car.invitations.size).toBe(1);
    const link = car.invitations.get('1')?.link ?? '';
    expect(invited.share_link_sealed).not.toContain(link.slice(-12));
    expect((await service.shareLink(id)).shareLink).toBe(link);
    const events = (await outbox(InventoryEvents.rentalAccessInvited.type)).filter(
      (e) => e.reservationId === id,
    );
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(link);
    // The renter's own view has it; another customer's does not see the reservation at all.
    expect((await service.forRenter(id, facts(id).customerId)).shareLink).toBe(link);
    await expect(service.forRenter(id, randomUUID())).rejects.toMatchObject({ status: 404 });
  });

  it('follows a moved booking: the invitation waits for the new pickup; once invited, the dates follow', async () => {
    const id = await confirm();
    const moved = (from: string, to: string) =>
      deliver(ReservationEvents.moved.type, {
        ...facts(id),
        from,
        to,
        freeCancellationUntil: '2026-12-11T10:00:00.000Z',
        previous: { vehicleId, vehicleName: 'Blue', from: facts(id).from, to: facts(id).to },
      });
    await moved('2026-12-12T10:00:00.000Z', '2026-12-13T10:00:00.000Z');
    expect(await row(id)).toMatchObject({
      state: 'scheduled',
      starts_at: new Date('2026-12-12T10:00:00Z'),
      ends_at: new Date('2026-12-13T10:00:00Z'),
      invite_due_at: new Date('2026-12-12T09:30:00Z'),
    });
    // The old invitation time passes: nothing is sent.
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    expect((await row(id)).state).toBe('scheduled');
    expect(car.invitations.size).toBe(0);
    at('2026-12-12T09:30:00Z');
    await service.runDue();
    expect((await row(id)).state).toBe('invited');
    // Invited, then moved by an hour on the same car: the invitation stays, the window follows.
    await moved('2026-12-12T11:00:00.000Z', '2026-12-13T11:00:00.000Z');
    expect(await row(id)).toMatchObject({
      state: 'invited',
      ends_at: new Date('2026-12-13T11:00:00Z'),
    });
    expect(car.invitations.size).toBe(1);
  });

  it('moves the key with a booking moved to another car after the invitation: the old car revoked first, then the new one invited', async () => {
    const id = await confirm();
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    car.accept('1', 'renter-1');
    const red = await db
      .insertInto('inventory.vehicle')
      .values({ vin: `5YJ3E1EA${String(Math.random()).slice(2, 11)}`, model: 'model_3', display_name: 'Red' })
      .returning('id')
      .executeTakeFirstOrThrow();
    at('2026-12-10T09:40:00Z');
    await deliver(ReservationEvents.moved.type, {
      ...facts(id),
      vehicleId: red.id,
      vehicleName: 'Red',
      freeCancellationUntil: '2026-12-09T10:00:00.000Z',
      previous: { vehicleId, vehicleName: 'Blue', from: facts(id).from, to: facts(id).to },
    });
    expect(await row(id)).toMatchObject({
      state: 'moving',
      vehicle_id: vehicleId,
      moving_to_vehicle_id: red.id,
      moving_to_vehicle_name: 'Red',
      next_attempt_at: new Date('2026-12-10T09:40:00Z'),
    });
    // Meanwhile: no link, and neither car answers the renter.
    expect((await service.forRenter(id, facts(id).customerId)).shareLink).toBeNull();
    at('2026-12-10T10:05:00Z');
    await expect(service.renterCommand(id, facts(id).customerId, 'unlock')).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('moved to Red') as string,
    });
    expect(car.sent).toHaveLength(0);

    // Tesla fails the first try: the row stays moving, the old invitation is retried, nothing new is made.
    car.failNext = 1;
    await service.runDue();
    expect(await row(id)).toMatchObject({ state: 'moving', attempts: 1 });
    expect(car.invitations.size).toBe(1);

    at('2026-12-10T10:10:00Z');
    await service.runDue();
    expect(car.invitations.get('1')).toMatchObject({ vehicleId, state: 'revoked' });
    expect(car.removed).toEqual([`${vehicleId}:renter-1`]);
    expect(await row(id)).toMatchObject({
      state: 'scheduled',
      vehicle_id: red.id,
      vehicle_name: 'Red',
      moving_to_vehicle_id: null,
      invitation_id: null,
      share_link_sealed: null,
    });
    // Its invitation time has passed: the next pass invites the renter to the new car at once.
    await service.runDue();
    expect(car.invitations.get('2')).toMatchObject({ vehicleId: red.id, state: 'pending' });
    const again = await row(id);
    expect(again).toMatchObject({ state: 'invited', invitation_id: '2', vehicle_id: red.id });
    expect((await service.forRenter(id, facts(id).customerId)).shareLink).toBe(
      car.invitations.get('2')?.link,
    );
    const invited = (await outbox(InventoryEvents.rentalAccessInvited.type)).filter(
      (e) => e.reservationId === id,
    );
    expect(invited.map((e) => e.vehicleName)).toEqual(['Blue', 'Red']);
    // The renter's commands now go to the new car.
    await service.renterCommand(id, facts(id).customerId, 'unlock');
    expect(car.sent.map((c) => c.vehicleId)).toEqual([red.id]);
  });

  it('moved again while the worker gives the first car back: the key goes to the latest car, not the one in between', async () => {
    const id = await confirm();
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    const car2 = async (name: string) =>
      db
        .insertInto('inventory.vehicle')
        .values({
          vin: `5YJ3E1EA${String(Math.random()).slice(2, 11)}`,
          model: 'model_3',
          display_name: name,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const [red, green] = [await car2('Red'), await car2('Green')];
    const moveTo = (to: { id: string }, name: string, previous: { id: string }, previousName: string) =>
      deliver(ReservationEvents.moved.type, {
        ...facts(id),
        vehicleId: to.id,
        vehicleName: name,
        freeCancellationUntil: '2026-12-09T10:00:00.000Z',
        previous: {
          vehicleId: previous.id,
          vehicleName: previousName,
          from: facts(id).from,
          to: facts(id).to,
        },
      });
    at('2026-12-10T09:40:00Z');
    await moveTo(red, 'Red', { id: vehicleId }, 'Blue');
    // While the worker revokes Blue's invitation, the booking moves on to Green.
    car.onRevoke = () => moveTo(green, 'Green', red, 'Red');
    await service.runDue();
    expect(car.invitations.get('1')).toMatchObject({ vehicleId, state: 'revoked' });
    expect(await row(id)).toMatchObject({
      state: 'moving',
      moving_to_vehicle_id: green.id,
      invitation_id: null,
      speed_limit: 'off',
    });
    await service.runDue();
    expect(await row(id)).toMatchObject({ state: 'scheduled', vehicle_id: green.id, vehicle_name: 'Green' });
    await service.runDue();
    expect([...car.invitations.values()].map((i) => i.vehicleId)).toEqual([vehicleId, green.id]);
    expect(await row(id)).toMatchObject({ state: 'invited', vehicle_id: green.id });
  });

  it('turns Speed Limit Mode on at pickup and off at return, revoking the invitation and removing the driver', async () => {
    car.drivers = ['someone-else'];
    const id = await confirm();
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    car.accept('1', 'renter-1');
    at('2026-12-10T09:50:00Z');
    await deliver(ReservationEvents.pickedUp.type, {
      ...facts(id),
      at: clock.toISOString(),
      readings: readings(),
      by: 'operator',
    });
    await service.runDue();
    expect(await row(id)).toMatchObject({ state: 'invited', speed_limit: 'on', picked_up_at: clock });
    expect(car.speedLimit).toBe(true);
    expect(car.sent.map((s) => [s.command, s.params])).toEqual([
      ['speed_limit_set_limit', { limit_mph: 70 }],
      ['speed_limit_activate', { pin: '4321' }],
    ]);
    expect(car.sent.every((s) => s.actor.kind === 'system' && s.actor.reservationId === id)).toBe(true);

    at('2026-12-11T09:00:00Z');
    await deliver(ReservationEvents.returned.type, returned(id));
    expect((await row(id)).state).toBe('revoking');
    await service.runDue();
    expect(await row(id)).toMatchObject({
      state: 'revoked',
      end_reason: 'returned',
      speed_limit: 'off',
      share_link_sealed: null,
    });
    expect(car.speedLimit).toBe(false);
    expect(car.invitations.get('1')?.state).toBe('revoked');
    expect(car.drivers).toEqual(['someone-else']);
    expect((await service.shareLink(id)).shareLink).toBeNull();
  });

  it('revokes on cancellation and on no-show; a cancellation before the invitation just closes', async () => {
    const early = await confirm();
    await deliver(ReservationEvents.cancelled.type, {
      ...facts(early),
      cancelledBy: 'customer',
      reason: null,
      wasConfirmed: true,
    });
    expect(await row(early)).toMatchObject({
      state: 'closed',
      end_reason: 'cancelled',
      next_attempt_at: null,
    });

    const late = await confirm();
    const noShow = await confirm();
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    expect((await row(late)).state).toBe('invited');
    expect((await row(noShow)).state).toBe('invited');
    await deliver(ReservationEvents.cancelled.type, {
      ...facts(late),
      cancelledBy: 'operator',
      reason: 'x',
      wasConfirmed: true,
    });
    await deliver(ReservationEvents.noShow.type, { ...facts(noShow), at: clock.toISOString() });
    await service.runDue();
    expect(await row(late)).toMatchObject({ state: 'revoked', end_reason: 'cancelled' });
    expect(await row(noShow)).toMatchObject({ state: 'revoked', end_reason: 'no_show' });
    expect([...car.invitations.values()].map((i) => i.state)).toEqual(['revoked', 'revoked']);
  });

  it('ends the access at the end of the rental plus the grace when it was never returned', async () => {
    const id = await confirm();
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    car.accept('1', 'renter-1');
    at('2026-12-11T10:59:00Z');
    await service.runDue();
    expect((await row(id)).state).toBe('invited');
    at('2026-12-11T11:00:00Z');
    await service.runDue();
    expect(await row(id)).toMatchObject({ state: 'revoked', end_reason: 'ended' });
    expect(car.drivers).toEqual([]);
  });

  it('retries a step Tesla failed, with backoff, until it is done', async () => {
    const id = await confirm();
    car.failNext = 2;
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    const first = await row(id);
    expect(first).toMatchObject({
      state: 'scheduled',
      attempts: 1,
      last_error: 'Tesla answered 503: upstream unavailable',
    });
    expect(first.next_attempt_at).toEqual(new Date('2026-12-10T09:30:30Z'));
    at('2026-12-10T09:30:29Z');
    await service.runDue();
    expect((await row(id)).attempts).toBe(1);
    at('2026-12-10T09:30:30Z');
    await service.runDue();
    const second = await row(id);
    expect(second.attempts).toBe(2);
    expect(second.next_attempt_at).toEqual(new Date('2026-12-10T09:31:30Z'));
    at('2026-12-10T09:31:30Z');
    await service.runDue();
    expect(await row(id)).toMatchObject({ state: 'invited', attempts: 0, last_error: null });
    expect(car.invitations.size).toBe(1);
  });

  it('alerts operators once when the car already has five drivers, and invites once one is removed', async () => {
    car.drivers = ['a', 'b', 'c', 'd', 'e'];
    const id = await confirm();
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    expect(await row(id)).toMatchObject({ state: 'driver_limit', attempts: 1 });
    expect((await row(id)).last_error).toContain('already has 5 drivers');
    at('2026-12-10T09:31:00Z');
    await service.runDue();
    expect((await row(id)).attempts).toBe(2);
    const alerts = (await outbox(InventoryEvents.rentalAccessAlert.type)).filter(
      (e) => e.reservationId === id,
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ reason: 'driver_limit', vehicleName: 'Blue' });
    expect(car.invitations.size).toBe(0);

    car.drivers.pop();
    at('2026-12-10T09:33:00Z');
    await service.runDue();
    expect((await row(id)).state).toBe('invited');
  });

  it('an operator revokes at once; a repeated event changes nothing', async () => {
    const id = await confirm();
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    await service.revokeNow(id);
    expect((await row(id)).state).toBe('revoking');
    await service.runDue();
    expect(await row(id)).toMatchObject({ state: 'revoked', end_reason: 'operator' });
    await deliver(ReservationEvents.cancelled.type, {
      ...facts(id),
      cancelledBy: 'customer',
      reason: null,
      wasConfirmed: true,
    });
    expect(await row(id)).toMatchObject({ state: 'revoked', end_reason: 'operator' });
  });

  it('never sets the speed limit on a moving car: refused, retried once it is parked', async () => {
    const id = await confirm();
    at('2026-12-10T09:30:00Z');
    await service.runDue();
    car.moving = true;
    at('2026-12-10T10:00:00Z');
    await service.runDue();
    expect(await row(id)).toMatchObject({ speed_limit: 'activating', attempts: 1 });
    expect((await row(id)).last_error).toContain('moving');
    car.moving = false;
    at('2026-12-10T10:01:00Z');
    await service.runDue();
    expect(await row(id)).toMatchObject({ speed_limit: 'on', attempts: 0 });
  });

  it('alerts operators once when a rented car leaves its geofence, and again only after it came back', async () => {
    const position = { latitude: 30.27, longitude: -97.74 };
    const fences = new GeofenceService(
      repo,
      { byVehicle: async (id) => (id === vehicleId ? ({ ...position } as never) : undefined) },
      async () => true,
      silent,
      () => clock,
    );
    await fences.put('vehicle', vehicleId, {
      kind: 'radius',
      center: { latitude: 30.27, longitude: -97.74 },
      radiusKm: 20,
    });
    const id = await confirm();
    const alerts = async () =>
      (await outbox(InventoryEvents.rentalAccessAlert.type)).filter(
        (e) => e.reservationId === id && e.reason === 'geofence_exit',
      );
    // Not on rental yet: a car outside its fence before the start is the operator's business.
    position.latitude = 31;
    await fences.check();
    expect(await alerts()).toHaveLength(0);
    at('2026-12-10T10:05:00Z');
    await fences.check();
    await fences.check();
    expect(await alerts()).toHaveLength(1);
    expect((await row(id)).outside_geofence_since).toEqual(clock);
    position.latitude = 30.28;
    await fences.check();
    expect((await row(id)).outside_geofence_since).toBeNull();
    position.latitude = 29;
    await fences.check();
    expect(await alerts()).toHaveLength(2);
  });

  it('refuses a polygon without area and a fence for something that does not exist', async () => {
    const fences = new GeofenceService(repo, { byVehicle: async () => undefined }, async () => false, silent);
    await expect(
      fences.put('location', randomUUID(), {
        kind: 'radius',
        center: { latitude: 0, longitude: 0 },
        radiusKm: 1,
      }),
    ).rejects.toMatchObject({ status: 404 });
    const real = new GeofenceService(repo, { byVehicle: async () => undefined }, async () => true, silent);
    await expect(
      real.put('vehicle', vehicleId, {
        kind: 'polygon',
        points: [
          { latitude: 0, longitude: 0 },
          { latitude: 1, longitude: 1 },
          { latitude: 2, longitude: 2 },
        ],
      }),
    ).rejects.toMatchObject({ status: 400 });
    expect((await repo.geofences()).filter((g) => g.scopeId === vehicleId)).toHaveLength(0);
  });
});
