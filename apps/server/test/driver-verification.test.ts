import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemTypes, type Reservation, type Vehicle, type VehicleModel } from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { expectProblem, inDays, newKey, outbox } from '@cybertacotruck/reservation/testing';
import {
  as,
  OPERATOR,
  operatorEnv,
  registerCustomer,
  signIn,
  type Browser,
} from '@cybertacotruck/account/testing';
import { allServices } from '../src/services';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a licence photo')]);
const yearsAgo = (years: number, days = 0) => {
  const d = new Date(Date.now() - days * 86_400_000);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
};

// Every service as `npm start` composes them, with the licence check on: reservation's confirm asks
// account for the customer's licence (approved, valid through the return, old enough for the model).
describe.each(TEST_ENGINES)('confirming needs a checked driver’s licence (embedded) on %s', (engine) => {
  let t: TestApp;
  let photoDir: string;
  let operator: Browser;
  const cars = new Map<VehicleModel, Vehicle>();
  let serial = 0;

  beforeAll(async () => {
    photoDir = mkdtempSync(join(tmpdir(), 'licence-photos-'));
    t = await createTestApp(engine, allServices, {
      ...operatorEnv,
      TESLA_SYNC: 'false',
      RESERVATION_DRIVER_VERIFICATION: 'required',
      RESERVATION_MIN_DRIVER_AGE: '21',
      RESERVATION_MIN_DRIVER_AGE_BY_MODEL: 'cybertruck=25',
      RESERVATION_MAX_ACTIVE_HOLDS: '1000',
      RESERVATION_MAX_UPCOMING: '1000',
      LICENCE_PHOTO_DIR: photoDir,
    });
    operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
    for (const [model, vin] of [
      ['cybertruck', '7G2CEHED1RA000201'],
      ['model_y', '7SAYGDEE1PA000202'],
    ] as const) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/vehicles',
        headers: as(operator),
        payload: { vin, model, displayName: `Licence ${model}` },
      });
      expect(created.statusCode, created.body).toBe(201);
      cars.set(model, created.json<Vehicle>());
    }
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(photoDir, { recursive: true, force: true });
  });

  const post = (browser: Browser, url: string, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...as(browser), 'idempotency-key': newKey() },
      payload: payload as object,
    });
  const newRenter = () => {
    serial += 1;
    return registerCustomer(t.app, operator, {
      phone: `+1202555${engine === 'pglite' ? '04' : '05'}${String(serial).padStart(2, '0')}`,
      email: `driver${engine}${serial}@example.com`,
      name: `Driver ${serial}`,
      password: 'tacos-on-the-moon-42',
    });
  };
  /** Uploads the three photos and submits; `approve` has the operator approve it. */
  async function giveLicence(
    renter: Browser,
    licence: { expiresOn?: string; dateOfBirth?: string } = {},
    approve = true,
  ) {
    for (const kind of ['front', 'back', 'selfie']) {
      const uploaded = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/me/driver-verification/photos/${kind}`,
        headers: { ...as(renter), 'content-type': 'image/jpeg' },
        payload: JPEG,
      });
      expect(uploaded.statusCode, uploaded.body).toBe(200);
    }
    const submitted = await post(renter, '/api/v1/me/driver-verification', {
      licenceNumber: 'D1234567',
      country: 'US',
      region: 'TX',
      expiresOn: licence.expiresOn ?? inDays(800).slice(0, 10),
      dateOfBirth: licence.dateOfBirth ?? yearsAgo(30),
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    if (!approve) return;
    const decided = await post(
      operator,
      `/api/v1/customers/${renter.me.user.id}/driver-verification/decision`,
      {
        decision: 'approve',
      },
    );
    expect(decided.statusCode, decided.body).toBe(200);
  }
  async function held(renter: Browser, model: VehicleModel, from = inDays(5), to = inDays(8)) {
    const created = await post(renter, '/api/v1/reservations', {
      vehicleId: cars.get(model)?.id,
      from,
      to,
      timeZone: 'America/Chicago',
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json<Reservation>();
  }
  const confirm = (renter: Browser, r: Reservation) =>
    post(renter, `/api/v1/reservations/${r.id}/confirm`, {
      termsVersion: r.terms.version,
      acceptTerms: true,
      // npm start's composition pays with the payments simulator's test card (after the licence check).
      payment: { paymentMethod: 'pm_card_visa', returnUrl: 'https://app.example/return' },
    });

  /** A refusal changes nothing: the reservation is still held and no event was added. */
  async function expectRefused(renter: Browser, r: Reservation, detail: RegExp) {
    const before = await outbox(t.db, r.id);
    const problem = expectProblem(await confirm(renter, r), 409, ProblemTypes.driverVerificationRequired);
    expect(problem.detail).toMatch(detail);
    const after = await t.app.inject({
      url: `/api/v1/reservations/${r.id}`,
      headers: { cookie: renter.cookie },
    });
    expect(after.json<Reservation>().status).toBe('held');
    expect(await outbox(t.db, r.id)).toEqual(before);
  }

  it('refuses without a licence, while it waits, and after a rejection; confirms once approved', async () => {
    const renter = await newRenter();
    const r = await held(renter, 'model_y');
    await expectRefused(renter, r, /licence is needed before your first confirmation.*\/account\/licence/);
    await giveLicence(renter, {}, false);
    await expectRefused(renter, r, /waiting for the operator’s check/);
    const rejected = await post(
      operator,
      `/api/v1/customers/${renter.me.user.id}/driver-verification/decision`,
      {
        decision: 'reject',
        reason: 'The photo of the back is cut off.',
      },
    );
    expect(rejected.statusCode).toBe(200);
    await expectRefused(renter, r, /was not approved/);

    const upload = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/driver-verification/photos/back',
      headers: { ...as(renter), 'content-type': 'image/jpeg' },
      payload: JPEG,
    });
    expect(upload.statusCode).toBe(200);
    const resubmitted = await post(renter, '/api/v1/me/driver-verification', {
      licenceNumber: 'D1234567',
      country: 'US',
      expiresOn: inDays(800).slice(0, 10),
      dateOfBirth: yearsAgo(30),
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    const approved = await post(
      operator,
      `/api/v1/customers/${renter.me.user.id}/driver-verification/decision`,
      {
        decision: 'approve',
      },
    );
    expect(approved.statusCode).toBe(200);
    const confirmed = await confirm(renter, r);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json<Reservation>().status).toBe('confirmed');
  });

  it('refuses a licence that expired, or expires before the return', async () => {
    const renter = await newRenter();
    await giveLicence(renter, { expiresOn: inDays(21).slice(0, 10) });
    const r = await held(renter, 'model_y', inDays(20), inDays(23));
    await expectRefused(
      renter,
      r,
      new RegExp(`expires on ${inDays(21).slice(0, 10)}, before this rental ends`),
    );
    // A shorter rental, returned before the licence expires, is fine.
    const short = await held(renter, 'model_y', inDays(16), inDays(18));
    expect((await confirm(renter, short)).statusCode).toBe(200);

    // Once its date has passed, an approved licence reads expired.
    await sql`update account.driver_verification set expires_on = current_date - 1
      where user_id = ${renter.me.user.id}`.execute(t.db.kysely);
    const later = await held(renter, 'model_y', inDays(30), inDays(31));
    await expectRefused(renter, later, /has expired/);
  });

  it('refuses a driver under the model’s minimum age on the pickup day', async () => {
    const renter = await newRenter();
    // 24 on the pickup day: old enough for a Model Y (21), not a Cybertruck (25).
    await giveLicence(renter, { dateOfBirth: yearsAgo(24, 20) });
    const truck = await held(renter, 'cybertruck', inDays(40), inDays(42));
    await expectRefused(renter, truck, /at least 25 years old/);
    const y = await held(renter, 'model_y', inDays(40), inDays(42));
    expect((await confirm(renter, y)).statusCode).toBe(200);
  });
});
