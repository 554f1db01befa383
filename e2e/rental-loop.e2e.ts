import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type {
  DevMessageList,
  LiveFleet,
  Rental,
  Reservation,
  ReservationPayments,
  ReturnFees,
  VehicleReadings,
} from '@cybertacotruck/contracts';
import { repoRoot, startApp, type AppProcess } from './support/app-process';
import { axeViolations } from './support/axe';
import { launchChromium, newContext, screenshotPath } from './support/browser';
import { inviteAndRegister, newCustomerPage, reserveOnPhone } from './support/customer';
import { approveLicenceOnPhone, submitLicenceOnPhone } from './support/licence';
import { connectTeslaSimulator, operatorHeaders, signInAsOperator } from './support/operator';
import { expectNoHorizontalOverflow, localDate, snap } from './support/phone';
import { journeySteps } from './support/steps';

/** The payments simulator's own key (it runs inside the app when no STRIPE_SECRET_KEY is set). */
const SIM_SECRET_KEY = 'sk_test_paymentssim_local_only';

/** The fees the operator publishes: a short drive and a few points of charge are enough to owe. */
const FEES: ReturnFees = {
  includedKmPerDay: 1,
  perKmFeeMinor: 50,
  chargeFeePerPercentMinor: 100,
  lateGraceMinutes: 60,
  lateFeePerHourMinor: 1_000,
};
const DAILY_RATE_MINOR = 12_345;
const DEPOSIT_MINOR = 30_000;

/** A free TCP port, so the test knows where the app's payments simulator answers. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * The charges the terms above give for two readings, worked out here from the published rules
 * (reservation README: whole km over the allowance, whole points below the pickup level), so the
 * app's own sums are checked against an independent one.
 */
function expectedCharges(pickup: VehicleReadings, returned: VehicleReadings, days: number) {
  const drivenTenths =
    Math.round((returned.odometerKm ?? 0) * 10) - Math.round((pickup.odometerKm ?? 0) * 10);
  const overKm = Math.floor(Math.max(0, drivenTenths - FEES.includedKmPerDay * days * 10) / 10);
  const points = Math.floor((pickup.chargePercent ?? 0) - (returned.chargePercent ?? 0));
  return {
    distanceMinor: overKm * FEES.perKmFeeMinor,
    chargeMinor: Math.max(0, points) * FEES.chargeFeePerPercentMinor,
  };
}

const usd = (minor: number) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).format(minor / 100);

// Issue 17's Done-when, as one journey at phone size against the built app as `npm start` runs it
// (the Tesla simulator and the payments simulator inside it, the licence check on): a renter
// registers from the invitation SMS, sends their licence, the operator approves it, the renter
// reserves and pays with the simulator's test card (rental charged, deposit held), the operator
// marks the pickup (readings from the car), the car is driven in the simulator, the operator marks
// the return: the charges follow the terms to the cent, are captured from the deposit and the rest
// is released; the receipt e-mail is delivered. A second booking, cancelled, is refunded in full
// (free cancellation) and its deposit released.
describe('the whole rental loop at phone size', () => {
  const ZONE = 'America/Chicago';
  const renterInfo = {
    phone: '+15125550142',
    name: 'Rosa Loop',
    email: 'rosa.loop@example.com',
    password: 'tacos-on-the-moon-42',
    timeZone: ZONE,
  };
  const { step, failed } = journeySteps(240_000);
  let app: AppProcess;
  let browser: Browser;
  let dataDir: string;
  let paymentsSim = '';
  let teslaSim = '';
  let renter: Page;
  let operator: Page;
  let operatorApi: Record<string, string> = {};
  let car: { id: string; vin: string; displayName: string } = { id: '', vin: '', displayName: '' };
  let reservationId = '';
  let atPickup: VehicleReadings | null = null;
  /** What the return charged, as the test worked it out from the readings. */
  let chargedMinor = 0;

  const get = async <T>(path: string): Promise<T> => {
    const { 'content-type': _json, ...headers } = operatorApi;
    const response = await fetch(`${app.url}/api/v1${path}`, { headers });
    const text = await response.text();
    expect(response.status, `GET ${path}: ${text}`).toBe(200);
    return JSON.parse(text) as T;
  };
  const payments = (id: string) => get<ReservationPayments>(`/reservations/${id}/payments`);
  const rental = (id: string) => get<Rental>(`/reservations/${id}/rental`);
  const fleet = () => get<LiveFleet>('/fleet/live');
  /** The payments simulator's own account of a PaymentIntent: its ledger and its status. */
  const simIntent = async (pi: string) => {
    const auth = { authorization: `Bearer ${SIM_SECRET_KEY}` };
    const [ledger, intent] = await Promise.all([
      fetch(`${paymentsSim}/sim/ledger/${pi}`).then((r) => r.json()),
      fetch(`${paymentsSim}/v1/payment_intents/${pi}`, { headers: auth }).then((r) => r.json()),
    ]);
    return {
      ...(ledger as {
        captured: number;
        refunded: number;
        released: number;
        capturable: number;
        net: number;
      }),
      status: (intent as { status: string }).status,
    };
  };
  const teslaControl = (path: string, body: unknown) =>
    fetch(`${teslaSim}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-rental-loop-'));
    const port = await freePort();
    paymentsSim = `http://127.0.0.1:${String(port)}`;
    app = await startApp({
      DATA_DIR: dataDir,
      TESLA_SYNC_TICK_MS: '1000',
      READY_AT_PICKUP: 'false',
      RESERVATION_DRIVER_VERIFICATION: 'required',
      PAYMENTS_SIM_PORT: String(port),
    });
    browser = await launchChromium();
    renter = await newCustomerPage(browser, ZONE);
    operator = await (await newContext(browser, 'phone')).newPage();
  });

  afterAll(async () => {
    if (failed()) console.log(app.output());
    await browser.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  step(
    'the operator connects the Tesla simulator, prices the cars and publishes terms with fees',
    async () => {
      await signInAsOperator(operator, app.url);
      teslaSim = await connectTeslaSimulator(operator, app.url);
      operatorApi = await operatorHeaders(app.url);
      // A car awake and parked, whose odometer and charge are known.
      await expect
        .poll(
          async () =>
            (await fleet()).items.some(
              (i) =>
                i.live?.odometerMi != null && i.live.batteryLevel != null && i.live.connectivity === 'online',
            ),
          { timeout: 60_000 },
        )
        .toBe(true);
      const items = (await fleet()).items;
      const found = items.find(
        (i) =>
          i.live?.odometerMi != null &&
          i.live.batteryLevel != null &&
          i.live.activity === 'parked' &&
          i.live.connectivity === 'online' &&
          i.vehicle.inService &&
          // Its name on the browse page must be its own.
          items.filter((o) => o.vehicle.displayName === i.vehicle.displayName).length === 1,
      );
      if (!found?.vehicle.vin) throw new Error('no online, parked car with a name of its own');
      car = { id: found.vehicle.id, vin: found.vehicle.vin, displayName: found.vehicle.displayName };
      const rate = await fetch(`${app.url}/api/v1/rates/${found.vehicle.model}`, {
        method: 'PUT',
        headers: operatorApi,
        body: JSON.stringify({
          dailyRateMinor: DAILY_RATE_MINOR,
          depositMinor: DEPOSIT_MINOR,
          currency: 'USD',
        }),
      });
      expect(rate.status, await rate.text()).toBe(200);
      const terms = await fetch(`${app.url}/api/v1/terms`, {
        method: 'POST',
        headers: operatorApi,
        body: JSON.stringify({ title: 'Rental terms', body: 'Fees at return, as listed.', returnFees: FEES }),
      });
      expect(terms.status, await terms.text()).toBe(201);
    },
  );

  step(
    'the renter registers from the invitation SMS and sends their licence; the operator approves it',
    async () => {
      await inviteAndRegister(renter, app.url, renterInfo);
      await submitLicenceOnPhone(renter, app.url);
      await expectNoHorizontalOverflow(renter);
      await approveLicenceOnPhone(operator, renterInfo.name);
      await renter.goto(`${app.url}/account/licence`);
      await expect
        .poll(() => renter.locator('.licence').textContent(), { timeout: 30_000 })
        .toMatch(/approved/i);
    },
  );

  step(
    'the renter reserves and pays with the test card: the rental is charged, the deposit held',
    async () => {
      const period = { from: `${localDate(ZONE, 1)}T10:00`, to: `${localDate(ZONE, 3)}T10:00` };
      reservationId = await reserveOnPhone(renter, app.url, car.displayName, period);
      await expect
        .poll(() => renter.getByRole('heading', { level: 1 }).textContent(), { timeout: 30_000 })
        .toBe('You’re booked!');
      // The price box says what happened: paid now, the deposit held, nothing due at pick-up.
      const price = renter.locator('dl[aria-label="Price"]');
      await expect
        .poll(() => price.textContent(), { timeout: 30_000 })
        .toContain(`Paid by card${usd(2 * DAILY_RATE_MINOR)}`);
      const priceText = (await price.textContent()) ?? '';
      expect(priceText).toContain(`Deposit held on your card${usd(DEPOSIT_MINOR)}`);
      expect(priceText).toContain('Due at pick-upNothing');
      expect(priceText).not.toContain('Total due');
      await snap(renter, 'phone-loop-booked');
      expect(await axeViolations(renter)).toEqual([]);

      const paid = await payments(reservationId);
      const subtotal = 2 * DAILY_RATE_MINOR;
      expect(paid.items.map((p) => [p.purpose, p.status, p.capturedMinor, p.capturableMinor])).toEqual([
        ['rental', 'succeeded', subtotal, 0],
        ['deposit', 'requires_capture', 0, DEPOSIT_MINOR],
      ]);
      // The simulator agrees: the rental captured, the deposit an open hold of its whole amount.
      const [rentalPi, depositPi] = paid.items.map((p) => p.paymentIntentId);
      expect(await simIntent(rentalPi ?? '')).toMatchObject({
        status: 'succeeded',
        captured: subtotal,
        net: subtotal,
      });
      expect(await simIntent(depositPi ?? '')).toMatchObject({
        status: 'requires_capture',
        captured: 0,
        capturable: DEPOSIT_MINOR,
      });
    },
  );

  step('the operator marks the pickup: the readings are the Tesla simulator’s', async () => {
    await operator.goto(`${app.url}/operator/reservations/${reservationId}`);
    const panel = operator.getByRole('region', { name: 'Pickup and return' });
    await panel.getByRole('button', { name: 'Mark picked up' }).click();
    await expect.poll(() => panel.getByText(/^Picked up /).count(), { timeout: 30_000 }).toBe(1);
    atPickup = (await rental(reservationId)).pickup?.readings ?? null;
    expect(atPickup?.odometerKm).toBeGreaterThan(0);
    expect(atPickup?.chargePercent).toBeGreaterThan(0);
    // Tyre pressures too, in bar (the simulated cars run about 2.9).
    for (const tyre of ['fl', 'fr', 'rl', 'rr'] as const)
      expect(atPickup?.tyrePressureBar?.[tyre], tyre).toBeGreaterThan(2);
    // What the simulated car itself says (miles, unrounded): the same odometer, to a tenth of a km.
    const simCar = (
      (await (await fetch(`${teslaSim}/sim/state`)).json()) as {
        vehicles: { vin: string; odometerMi: number; batteryLevel: number }[];
      }
    ).vehicles.find((v) => v.vin === car.vin);
    expect(Math.abs((simCar?.odometerMi ?? 0) * 1.609344 - (atPickup?.odometerKm ?? 0))).toBeLessThan(0.2);
  });

  step('the renter drives: more km, less charge', async () => {
    expect((await teslaControl(`/sim/vehicles/${car.vin}/drive`, { minutes: 45 })).status).toBe(204);
    const live = async () => (await fleet()).items.find((i) => i.vehicle.id === car.id)?.live;
    const pickupKm = atPickup?.odometerKm ?? 0;
    const pickupCharge = atPickup?.chargePercent ?? 0;
    // Sim time runs on until the drive is over and the car has parked again.
    await expect
      .poll(
        async () => {
          await teslaControl('/sim/clock/advance', { ms: 10 * 60_000 });
          const s = await live();
          return (
            (s?.odometerMi ?? 0) * 1.609344 > pickupKm + 5 &&
            (s?.batteryLevel ?? 100) < pickupCharge - 2 &&
            s?.activity === 'parked'
          );
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe(true);
  });

  step(
    'the operator marks the return: the charges follow the terms, captured from the deposit to the cent',
    async () => {
      const panel = operator.getByRole('region', { name: 'Pickup and return' });
      await panel.getByRole('button', { name: 'Mark returned' }).click();
      await expect.poll(() => panel.getByText(/^Total charged/).count(), { timeout: 30_000 }).toBe(1);
      const done = await rental(reservationId);
      const back = done.return;
      if (!back || !atPickup) throw new Error('no return or pickup readings');
      expect(back.readings.odometerKm ?? 0).toBeGreaterThan(atPickup.odometerKm ?? 0);
      expect(back.readings.chargePercent ?? 100).toBeLessThan(atPickup.chargePercent ?? 0);

      const want = expectedCharges(atPickup, back.readings, 2);
      expect(want.distanceMinor).toBeGreaterThan(0);
      expect(want.chargeMinor).toBeGreaterThan(0);
      const total = want.distanceMinor + want.chargeMinor;
      chargedMinor = total;
      expect(back.charges.map((c) => [c.kind, c.amountMinor])).toEqual([
        ['distance', want.distanceMinor],
        ['charge', want.chargeMinor],
      ]);
      expect(back.totalMinor).toBe(total);

      // Captured from the deposit, the rest released: in the app's ledger and in the simulator's.
      let deposit: ReservationPayments['items'][number] | undefined;
      await expect
        .poll(
          async () => {
            deposit = (await payments(reservationId)).items.find((p) => p.purpose === 'deposit');
            return deposit?.status;
          },
          { timeout: 30_000 },
        )
        .toBe('succeeded');
      expect(deposit).toMatchObject({
        capturedMinor: total,
        releasedMinor: DEPOSIT_MINOR - total,
        capturableMinor: 0,
        refundedMinor: 0,
      });
      expect(await simIntent(deposit?.paymentIntentId ?? '')).toMatchObject({
        status: 'succeeded',
        captured: total,
        released: DEPOSIT_MINOR - total,
        capturable: 0,
        net: total,
      });
      const totals = (await payments(reservationId)).totals;
      expect(totals).toMatchObject({
        netMinor: 2 * DAILY_RATE_MINOR + total,
        heldMinor: 0,
        refundedMinor: 0,
      });

      // The receipt e-mail, with each charge and the total, from the e-mail dev inbox.
      await expect
        .poll(
          async () => {
            const inbox = await get<DevMessageList>(
              `/notifications/dev-inbox?to=${encodeURIComponent(renterInfo.email)}`,
            );
            return (
              inbox.items.find((m) => m.channel === 'email' && m.body.includes('Total charged'))?.body ?? ''
            );
          },
          { timeout: 60_000 },
        )
        .toContain(`Total charged: ${usd(total)}.`);
      const receipt = (
        await get<DevMessageList>(`/notifications/dev-inbox?to=${encodeURIComponent(renterInfo.email)}`)
      ).items.find((m) => m.channel === 'email' && m.body.includes('Total charged'));
      expect(receipt?.body).toMatch(/Tyre pressures \(bar\) \d/);
      expect(receipt?.body).toContain(usd(want.distanceMinor));
      expect(receipt?.body).toContain(usd(want.chargeMinor));
    },
  );

  step('the renter sees the readings and the charges on their reservation', async () => {
    await renter.goto(`${app.url}/reservations/${reservationId}`);
    const panel = renter.getByRole('region', { name: 'Pickup and return' });
    await expect.poll(() => panel.getByText(/^Total charged/).count(), { timeout: 15_000 }).toBe(1);
    // What the deposit became: the charges taken from it, the rest released.
    const deposit = panel.getByRole('definition');
    await expect.poll(() => panel.textContent(), { timeout: 15_000 }).toContain('Taken from the deposit');
    expect(await deposit.allTextContents()).toContain(usd(chargedMinor));
    expect(await deposit.allTextContents()).toContain(usd(DEPOSIT_MINOR - chargedMinor));
    const text = (await panel.textContent()) ?? '';
    expect(text).toMatch(/Tyres \(bar\)front \d/);
    expect(text).toContain('Distance over the allowance');
    expect(text).toContain('Charge below the pick-up level');
    // Anything wider than the phone, named, should the check below fail.
    const wide = await renter.evaluate<string[]>(
      `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391).slice(-5).map((e) => e.tagName + '.' + e.className + ': ' + (e.textContent ?? '').slice(0, 60))`,
    );
    expect(
      await renter.evaluate<number>('document.documentElement.scrollWidth'),
      wide.join('\n'),
    ).toBeLessThanOrEqual(390);
    expect(await axeViolations(renter)).toEqual([]);
    await snap(renter, 'phone-rental-receipt');
    // The README's tour shows it.
    copyFileSync(
      screenshotPath('phone-rental-receipt'),
      join(repoRoot, 'docs', 'tour', 'phone-rental-receipt.png'),
    );
  });

  step('a second booking, cancelled while free, is refunded in full and its deposit released', async () => {
    const period = { from: `${localDate(ZONE, 10)}T10:00`, to: `${localDate(ZONE, 12)}T10:00` };
    const second = await reserveOnPhone(renter, app.url, car.displayName, period);
    await renter.goto(`${app.url}/reservations/${second}`);
    await renter.getByRole('button', { name: 'Cancel reservation' }).click();
    await renter.getByRole('button', { name: 'Yes, cancel it' }).click();
    await expect
      .poll(async () => (await get<Reservation>(`/reservations/${second}`)).status, { timeout: 15_000 })
      .toBe('cancelled');
    await expect
      .poll(() => renter.locator('dl[aria-label="Price"]').textContent())
      .toContain('Refunded to your card');

    const subtotal = 2 * DAILY_RATE_MINOR;
    await expect
      .poll(async () => (await payments(second)).totals, { timeout: 60_000 })
      .toMatchObject({ capturedMinor: subtotal, refundedMinor: subtotal, heldMinor: 0, netMinor: 0 });
    const items = (await payments(second)).items;
    expect(items.map((p) => [p.purpose, p.status, p.refundedMinor, p.releasedMinor])).toEqual([
      ['rental', 'succeeded', subtotal, 0],
      ['deposit', 'canceled', 0, DEPOSIT_MINOR],
    ]);
    const [rentalPi, depositPi] = items.map((p) => p.paymentIntentId);
    expect(await simIntent(rentalPi ?? '')).toMatchObject({ refunded: subtotal, net: 0 });
    expect(await simIntent(depositPi ?? '')).toMatchObject({
      status: 'canceled',
      released: DEPOSIT_MINOR,
      capturable: 0,
      net: 0,
    });
    await expectNoHorizontalOverflow(renter);
    expect(await axeViolations(renter)).toEqual([]);
  });
});
