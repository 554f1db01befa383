import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  ReservationEvents,
  type DeclaredEnvelope,
  type RentalAccessList,
  type RenterAccess,
  type VehicleList,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES, until } from '@cybertacotruck/db/testing';
import { BaseConfigSchema, parseConfig, SecretBox, type ServiceContext } from '@cybertacotruck/platform';
import { asOperator, createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { startTeslaSim, type TeslaSim } from '@cybertacotruck/tesla-sim';
import { signInThroughPages } from '@cybertacotruck/tesla-sim/testing';
import { createInventoryService, inProcessTelemetry, simulatedTesla } from '../../index';
import { rentalAccessSubscription } from './rental-access.consumer';

const RENTER = '00000000-0000-4000-8000-0000000000c1';
const asRenter = { 'x-test-principal': 'customer', 'x-test-user': RENTER } as const;
const asOtherCustomer = { 'x-test-principal': 'customer', 'x-test-user': randomUUID() } as const;
const MIN = 60_000;

// The renter's access and commands over HTTP, against the simulator (real Fleet API calls through
// the app's client and command service): the invitation at pickup minus the lead, commands only
// inside the rental (403 before, saying when it opens; 403 after), Speed Limit Mode on during the
// rental and off after, the invitation revoked and the renter removed as a driver at return.
describe.each(TEST_ENGINES)('rental access against the simulator on %s', (engine) => {
  let t: TestApp;
  let sim: TeslaSim;
  let stops: Array<() => Promise<void>> = [];
  const env = {
    TESLA_SYNC: 'false',
    SECRET_KEYS: `test:${SecretBox.generateKey()}`,
    RENTAL_ACCESS_TICK_MS: '50',
    RENTAL_ACCESS_LEAD_MINUTES: '30',
    SPEED_LIMIT_PIN: '4321',
    SPEED_LIMIT_MPH: 'default=70',
    TESLA_READ_NOW_POLL_MS: '100',
  };
  const inventory = () =>
    createInventoryService({
      tesla: async (_ctx, config) => ({
        port: simulatedTesla(sim.oauth, config),
        telemetry: inProcessTelemetry(sim.telemetry),
      }),
    });

  beforeAll(async () => {
    sim = await startTeslaSim({ routine: false });
    const service = inventory();
    t = await createTestApp(engine, [principalStub, service], env);
    const begin = await t.app.inject({
      headers: asOperator,
      method: 'POST',
      url: '/api/v1/tesla/connections/authorize',
    });
    const back = await signInThroughPages(begin.json<{ authorizeUrl: string }>().authorizeUrl);
    await t.app.inject({ headers: asOperator, url: `/api/v1/tesla/callback${back.search}` });
    // The rental-access worker of this process (the same modules as its routes).
    const ctx: ServiceContext = {
      db: t.db,
      config: parseConfig(BaseConfigSchema, { NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      env,
      logger: t.app.log,
      peers: t.app.peers,
      bus: t.app.bus,
      metrics: t.app.metrics,
    };
    for (const worker of service.workers ?? [])
      if (worker.name === 'rental-access') stops.push(await worker.start(ctx));
  });
  afterAll(async () => {
    await Promise.all(stops.map((stop) => stop()));
    stops = [];
    await t.dispose();
    await sim.close();
  });

  const subscription = rentalAccessSubscription({ leadMinutes: 30, now: () => new Date() });
  const deliver = async (type: string, data: object) => {
    const envelope = {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      key: 'k',
      data,
    };
    await t.db.kysely.transaction().execute((trx) => subscription.handle(envelope as DeclaredEnvelope, trx));
  };
  const readings = () => ({
    at: new Date().toISOString(),
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
  /** A parked, online car of the simulator and its id in inventory. */
  const aCar = async (n: number) => {
    const list = (await t.app.inject({ headers: asOperator, url: '/api/v1/vehicles' })).json<VehicleList>();
    const online = sim.vehicles().filter((v) => v.state === 'online' && v.activity !== 'driving');
    const simCar = online[n];
    const vehicle = list.items.find((v) => v.vin === simCar?.vin);
    if (!simCar || !vehicle) throw new Error('no online car');
    return { vin: simCar.vin, vehicleId: vehicle.id, name: vehicle.displayName };
  };
  const facts = (reservationId: string, vehicleId: string, from: Date, to: Date) => ({
    reservationId,
    customerId: RENTER,
    vehicleId,
    vehicleName: 'Sim car',
    model: 'model_3' as const,
    from: from.toISOString(),
    to: to.toISOString(),
    timeZone: 'America/Chicago',
    totalDueMinor: 10_000,
    currency: 'USD',
  });
  const access = async (id: string) => {
    const res = await t.app.inject({ headers: asRenter, url: `/api/v1/rentals/${id}/access` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<RenterAccess>();
  };
  const command = (id: string, cmd: string, headers: Record<string, string> = asRenter) =>
    t.app.inject({
      headers,
      method: 'POST',
      url: `/api/v1/rentals/${id}/commands`,
      payload: { command: cmd },
    });
  const simCar = (vin: string) => sim.vehicles().find((v) => v.vin === vin);

  it('invites at pickup minus the lead, opens commands only inside the rental, limits speed during it and revokes at return', async () => {
    const car = await aCar(0);
    const id = randomUUID();
    const from = new Date(Date.now() + 20 * MIN);
    const to = new Date(Date.now() + 24 * 60 * MIN);
    await deliver(ReservationEvents.confirmed.type, {
      ...facts(id, car.vehicleId, from, to),
      termsVersion: 1,
      freeCancellationUntil: from.toISOString(),
    });
    // Pickup is 20 minutes away, the lead 30: the invitation is due now.
    const invited = await until(
      'the invitation',
      () => access(id),
      (a) => a.shareLink !== null,
      10_000,
    );
    expect(invited.shareLink).toMatch(/^https:\/\//);
    expect(invited.commandsOpen).toBe(false);
    expect(Date.parse(invited.opensAt)).toBe(from.getTime());
    // Another customer learns nothing about it.
    expect(
      (await t.app.inject({ headers: asOtherCustomer, url: `/api/v1/rentals/${id}/access` })).statusCode,
    ).toBe(404);
    expect((await command(id, 'unlock', asOtherCustomer)).statusCode).toBe(404);

    // Before the rental: 403, saying when it opens, in the rental's time zone; nothing is sent.
    const before = await command(id, 'unlock');
    expect(before.statusCode).toBe(403);
    expect(before.json<{ type: string; detail: string }>()).toMatchObject({
      type: ProblemTypes.rentalNotOpen,
    });
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'America/Chicago',
      hour: '2-digit',
      minute: '2-digit',
    }).format(from);
    expect(before.json<{ detail: string }>().detail).toContain(local);
    expect(before.json<{ detail: string }>().detail).toContain('America/Chicago');
    // A command outside the renter's list is a 400 that changes nothing.
    expect((await command(id, 'charge_start')).statusCode).toBe(400);

    // The renter accepts the share link in the Tesla app; the operator hands the car over early.
    expect(sim.control.acceptInvitation(invited.shareLink ?? '', 'Renter')).toMatchObject({ ok: true });
    await deliver(ReservationEvents.pickedUp.type, {
      ...facts(id, car.vehicleId, from, to),
      at: new Date().toISOString(),
      readings: readings(),
      by: 'operator',
    });
    expect((await access(id)).commandsOpen).toBe(true);
    const unlock = await command(id, 'unlock');
    expect(unlock.statusCode, unlock.body).toBe(200);
    expect(unlock.json()).toMatchObject({ command: 'unlock', result: 'ok' });
    expect(simCar(car.vin)?.locked).toBe(false);
    // Speed Limit Mode is set at pickup.
    await until(
      'speed limit mode on',
      async () => simCar(car.vin)?.speedLimit,
      (s) => s?.active === true,
      10_000,
    );
    expect(simCar(car.vin)?.speedLimit.limitMph).toBe(70);
    expect(simCar(car.vin)?.drivers).toBe(1);

    // Every command is in the car's log, with who sent it: the renter's and the system's own.
    type Entry = { command: string; actor: { kind: string }; result: string; params: object };
    const logOf = async () =>
      (await t.app.inject({ headers: asOperator, url: `/api/v1/vehicles/${car.vehicleId}/commands` })).json<{
        items: Entry[];
      }>().items;
    const entries = await until(
      'the speed limit in the command log',
      logOf,
      (items) => items.some((e) => e.command === 'speed_limit_activate'),
      10_000,
    );
    expect(entries.find((e) => e.command === 'unlock')).toMatchObject({
      actor: { kind: 'renter' },
      result: 'ok',
    });
    expect(entries.find((e) => e.command === 'speed_limit_activate')).toMatchObject({
      actor: { kind: 'system' },
      result: 'ok',
    });
    expect(JSON.stringify(entries)).not.toContain('4321');

    // Returned: the invitation is revoked, the renter removed, Speed Limit Mode cleared.
    await deliver(ReservationEvents.returned.type, {
      ...facts(id, car.vehicleId, from, to),
      at: new Date().toISOString(),
      readings: readings(),
      pickupReadings: null,
      pickedUpAt: new Date().toISOString(),
      charges: [],
      totalMinor: 0,
      termsVersion: 1,
      by: 'operator',
    });
    const list = async () =>
      (
        await t.app.inject({ headers: asOperator, url: `/api/v1/rentals/access?reservationId=${id}` })
      ).json<RentalAccessList>().items[0];
    await until('revoked', list, (a) => a?.state === 'revoked', 10_000);
    expect(simCar(car.vin)?.drivers).toBe(0);
    expect(simCar(car.vin)?.speedLimit.active).toBe(false);
    expect((await access(id)).shareLink).toBeNull();
    const after = await command(id, 'unlock');
    expect(after.statusCode).toBe(403);
    expect(after.json()).toMatchObject({ type: ProblemTypes.rentalClosed });
    expect(after.json<{ detail: string }>().detail).toMatch(/over/);
  });

  it('revokes the invitation on cancellation', async () => {
    const car = await aCar(1);
    const id = randomUUID();
    const from = new Date(Date.now() + 10 * MIN);
    const to = new Date(Date.now() + 60 * MIN);
    await deliver(ReservationEvents.confirmed.type, {
      ...facts(id, car.vehicleId, from, to),
      termsVersion: 1,
      freeCancellationUntil: from.toISOString(),
    });
    const invited = await until(
      'the invitation',
      () => access(id),
      (a) => a.shareLink !== null,
      10_000,
    );
    await deliver(ReservationEvents.cancelled.type, {
      ...facts(id, car.vehicleId, from, to),
      cancelledBy: 'customer',
      reason: null,
      wasConfirmed: true,
    });
    await until(
      'revoked',
      () => access(id),
      (a) => a.state === 'revoked',
      10_000,
    );
    // The link no longer works: Tesla refuses it.
    expect(sim.control.acceptInvitation(invited.shareLink ?? '', 'Renter')).toMatchObject({
      ok: false,
      reason: 'revoked',
    });
    const res = await command(id, 'unlock');
    expect(res.statusCode).toBe(403);
    expect(res.json<{ detail: string }>().detail).toContain('cancelled');
  });

  it('lets only operators set geofences, and refuses a bad shape with a 400 that changes nothing', async () => {
    const car = await aCar(2);
    const url = `/api/v1/geofences/vehicle/${car.vehicleId}`;
    const circle = {
      shape: { kind: 'radius', center: { latitude: 30.27, longitude: -97.74 }, radiusKm: 50 },
    };
    expect((await t.app.inject({ headers: asRenter, method: 'PUT', url, payload: circle })).statusCode).toBe(
      403,
    );
    const bad = await t.app.inject({
      headers: asOperator,
      method: 'PUT',
      url,
      payload: { shape: { kind: 'radius', center: { latitude: 95, longitude: 0 }, radiusKm: -1 } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: ProblemTypes.validation });
    const unknown = await t.app.inject({
      headers: asOperator,
      method: 'PUT',
      url: `/api/v1/geofences/vehicle/${randomUUID()}`,
      payload: circle,
    });
    expect(unknown.statusCode).toBe(404);
    const list = async () =>
      (await t.app.inject({ headers: asOperator, url: '/api/v1/geofences' })).json<{ items: unknown[] }>()
        .items;
    expect(await list()).toHaveLength(0);
    const put = await t.app.inject({ headers: asOperator, method: 'PUT', url, payload: circle });
    expect(put.statusCode, put.body).toBe(200);
    expect(await list()).toHaveLength(1);
    expect((await t.app.inject({ headers: asOperator, method: 'DELETE', url })).statusCode).toBe(204);
    expect(await list()).toHaveLength(0);
  });
});
