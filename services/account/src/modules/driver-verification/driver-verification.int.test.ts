import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import {
  AccountEvents,
  ProblemTypes,
  type DriverEligibility,
  type DriverVerification,
  type DriverVerificationList,
  type Problem,
} from '@cybertacotruck/contracts';
import { TEST_ENGINES } from '@cybertacotruck/db/testing';
import { createTestApp, type TestApp } from '@cybertacotruck/platform/testing';
import { accountService } from '../../index';
import {
  as,
  operatorEnv,
  OPERATOR,
  outboxEvents,
  registerCustomer,
  signIn,
  type Browser,
} from '../../../testing';

const INTERNAL_TOKEN = 'internal-token-for-tests-0123456789';
/** A tiny but real JPEG header and a PNG signature, each followed by recognisable bytes. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from('JFIF licence front '.repeat(20)),
]);
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('PNG selfie '.repeat(20)),
]);
const yearsAgo = (years: number) => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
};
const LICENCE = {
  licenceNumber: 'd123-4567-8901',
  country: 'US',
  region: 'TX',
  expiresOn: `${new Date().getUTCFullYear() + 3}-06-30`,
  dateOfBirth: yearsAgo(30),
};

function expectProblem(response: LightMyRequestResponse, status: number, type: string): Problem {
  expect(response.statusCode, response.body).toBe(status);
  expect(String(response.headers['content-type'])).toContain('application/problem+json');
  const problem = response.json<Problem>();
  expect(problem.type).toBe(type);
  return problem;
}

describe.each(TEST_ENGINES)('driver verification on %s', (engine) => {
  let t: TestApp;
  let operator: Browser;
  let photoDir: string;
  let serial = 0;

  beforeAll(async () => {
    photoDir = mkdtempSync(join(tmpdir(), 'licence-photos-'));
    t = await createTestApp(engine, [accountService], {
      ...operatorEnv,
      INTERNAL_TOKEN,
      LICENCE_PHOTO_DIR: photoDir,
    });
    operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
  });
  afterAll(async () => {
    await t.dispose();
    rmSync(photoDir, { recursive: true, force: true });
  });

  const newRenter = () => {
    serial += 1;
    const n = String(serial).padStart(2, '0');
    return registerCustomer(t.app, operator, {
      phone: `+1202555${engine === 'pglite' ? '02' : '03'}${n}`,
      email: `renter${engine}${n}@example.com`,
      name: `Renter ${n}`,
      password: 'tacos-on-the-moon-42',
    });
  };
  const upload = (who: Browser, kind: string, body: Buffer, type = 'image/jpeg') =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/me/driver-verification/photos/${kind}`,
      headers: { ...as(who), 'content-type': type },
      payload: body,
    });
  const submit = (who: Browser, body: object = LICENCE) =>
    t.app.inject({ method: 'POST', url: '/api/v1/me/driver-verification', headers: as(who), payload: body });
  const decide = (who: Browser, userId: string, body: object) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${userId}/driver-verification/decision`,
      headers: as(who),
      payload: body,
    });
  const eligibility = async (userId: string) => {
    const { body } = await t.app.peers.call<DriverEligibility>('account', {
      method: 'GET',
      path: `/internal/customers/${userId}/driver-verification`,
    });
    return body;
  };
  async function submitted(who: Browser) {
    for (const [kind, bytes, type] of [
      ['front', JPEG, 'image/jpeg'],
      ['back', JPEG, 'image/jpeg'],
      ['selfie', PNG, 'image/png'],
    ] as const)
      expect((await upload(who, kind, bytes, type)).statusCode).toBe(200);
    const response = await submit(who);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<DriverVerification>();
  }

  it('keeps photos sealed on disk, shows them only to operators, and approves with an event', async () => {
    const renter = await newRenter();
    const userId = renter.me.user.id;
    expect(await eligibility(userId)).toEqual({ userId, status: 'none', expiresOn: null, dateOfBirth: null });

    const pending = await submitted(renter);
    expect(pending).toMatchObject({
      status: 'pending',
      licenceNumber: '••••8901',
      country: 'US',
      region: 'TX',
      photos: { front: true, back: true, selfie: true },
    });

    // At rest: neither the JPEG nor the PNG is in any stored file, and no file is readable by others.
    const files = readdirSync(join(photoDir, userId)).map((f) => join(photoDir, userId, f));
    expect(files).toHaveLength(3);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes(JPEG)).toBe(false);
      expect(bytes.includes(PNG)).toBe(false);
      expect(bytes.includes(Buffer.from('licence front'))).toBe(false);
      expect(bytes.subarray(0, 2).equals(Buffer.from([0xff, 0xd8]))).toBe(false);
    }
    // Nor is the licence number in the database.
    const stored = JSON.stringify(
      await t.db.kysely
        .withTables<{ 'account.driver_verification': Record<string, unknown> }>()
        .selectFrom('account.driver_verification')
        .selectAll()
        .execute(),
    );
    expect(stored).not.toContain('4567');

    // Photos: the operator gets the image back; the renter (403) and strangers (401) do not.
    const photo = `/api/v1/customers/${userId}/driver-verification/photos/front`;
    const seen = await t.app.inject({ url: photo, headers: { cookie: operator.cookie } });
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['content-type']).toBe('image/jpeg');
    expect(seen.headers['cache-control']).toBe('private, no-store');
    expect(seen.rawPayload.equals(JPEG)).toBe(true);
    const selfie = await t.app.inject({
      url: photo.replace('front', 'selfie'),
      headers: { cookie: operator.cookie },
    });
    expect(selfie.headers['content-type']).toBe('image/png');
    expectProblem(
      await t.app.inject({ url: photo, headers: { cookie: renter.cookie } }),
      403,
      ProblemTypes.forbidden,
    );
    expectProblem(await t.app.inject({ url: photo }), 401, ProblemTypes.unauthenticated);
    expectProblem(
      await t.app.inject({
        url: `/api/v1/customers/${userId}/driver-verification`,
        headers: { cookie: renter.cookie },
      }),
      403,
      ProblemTypes.forbidden,
    );

    // The queue lists it with the customer and the whole number; the customer is not approved yet.
    const queue = await t.app.inject({
      url: '/api/v1/customers/driver-verifications?status=pending',
      headers: { cookie: operator.cookie },
    });
    expect(queue.statusCode, queue.body).toBe(200);
    const item = queue.json<DriverVerificationList>().items.find((i) => i.userId === userId);
    expect(item).toMatchObject({
      licenceNumber: 'D123-4567-8901',
      customer: { id: userId, name: renter.me.user.name },
    });
    expect((await eligibility(userId)).status).toBe('pending');

    // The renter cannot approve themselves.
    expectProblem(await decide(renter, userId, { decision: 'approve' }), 403, ProblemTypes.forbidden);
    const approved = await decide(operator, userId, { decision: 'approve' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json<DriverVerification>()).toMatchObject({ status: 'approved', decisionReason: null });
    expect(await eligibility(userId)).toEqual({
      userId,
      status: 'approved',
      expiresOn: LICENCE.expiresOn,
      dateOfBirth: LICENCE.dateOfBirth,
    });
    const events = (await outboxEvents(t.db, AccountEvents.driverVerificationDecided.type)).filter(
      (e) => e.key === userId,
    );
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({
      userId,
      decision: 'approved',
      reason: null,
      decidedBy: operator.me.user.id,
    });
    expect(JSON.stringify(events[0]?.data)).not.toContain('4567');

    // Deciding twice is a conflict, and adds no second event.
    expectProblem(
      await decide(operator, userId, { decision: 'approve' }),
      409,
      ProblemTypes.driverVerificationNotPending,
    );
    expect(
      (await outboxEvents(t.db, AccountEvents.driverVerificationDecided.type)).filter(
        (e) => e.key === userId,
      ),
    ).toHaveLength(1);
  });

  it('rejects with a reason the renter reads; a reason is required; a new photo starts again', async () => {
    const renter = await newRenter();
    const userId = renter.me.user.id;
    await submitted(renter);
    const noReason = await decide(operator, userId, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    const blank = await decide(operator, userId, { decision: 'reject', reason: '   ' });
    expect(blank.statusCode).toBe(400);
    const rejected = await decide(operator, userId, { decision: 'reject', reason: 'The selfie is blurred.' });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const mine = await t.app.inject({
      url: '/api/v1/me/driver-verification',
      headers: { cookie: renter.cookie },
    });
    expect(mine.json<DriverVerification>()).toMatchObject({
      status: 'rejected',
      decisionReason: 'The selfie is blurred.',
      licenceNumber: '••••8901',
    });
    expect(mine.json<DriverVerification>().customer).toBeUndefined();
    const [event] = (await outboxEvents(t.db, AccountEvents.driverVerificationDecided.type)).filter(
      (e) => e.key === userId,
    );
    expect(event?.data).toMatchObject({ decision: 'rejected', reason: 'The selfie is blurred.' });
    expect((await eligibility(userId)).status).toBe('rejected');

    // A new selfie: back to draft (an operator cannot decide on a draft), then pending again.
    expect((await upload(renter, 'selfie', PNG, 'image/png')).json<DriverVerification>().status).toBe(
      'draft',
    );
    expectProblem(
      await decide(operator, userId, { decision: 'approve' }),
      409,
      ProblemTypes.driverVerificationNotPending,
    );
    expect((await submit(renter)).json<DriverVerification>().status).toBe('pending');
    // Only the current three photos are kept.
    expect(readdirSync(join(photoDir, userId))).toHaveLength(3);
  });

  it('refuses a photo that is not a JPEG or PNG, too large, empty or mislabelled, changing nothing', async () => {
    const renter = await newRenter();
    const before = await t.app.inject({
      url: '/api/v1/me/driver-verification',
      headers: { cookie: renter.cookie },
    });
    expect(before.json<DriverVerification>().status).toBe('none');

    const gif = Buffer.from('GIF89a not a licence');
    const notImage = expectProblem(
      await upload(renter, 'front', gif, 'image/gif'),
      415,
      ProblemTypes.unsupportedMediaType,
    );
    expect(notImage.detail).toMatch(/JPEG or PNG/);
    // A PNG sent as a JPEG: the first bytes decide, and the mismatch is named.
    const mislabelled = expectProblem(
      await upload(renter, 'front', PNG, 'image/jpeg'),
      415,
      ProblemTypes.unsupportedMediaType,
    );
    expect(mislabelled.detail).toMatch(/image\/png/);
    expectProblem(await upload(renter, 'front', Buffer.alloc(0)), 400, ProblemTypes.validation);
    const huge = Buffer.concat([JPEG, Buffer.alloc(8 * 1024 * 1024)]);
    expectProblem(await upload(renter, 'front', huge), 413, ProblemTypes.payloadTooLarge);
    expectProblem(await upload(renter, 'front', JPEG, 'text/plain'), 415, ProblemTypes.unsupportedMediaType);
    expect((await upload(renter, 'passport', JPEG)).statusCode).toBe(400);
    // Signed out: 401.
    const anonymous = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/driver-verification/photos/front',
      headers: { 'content-type': 'image/jpeg' },
      payload: JPEG,
    });
    expect(anonymous.statusCode).toBe(401);

    const after = await t.app.inject({
      url: '/api/v1/me/driver-verification',
      headers: { cookie: renter.cookie },
    });
    expect(after.json<DriverVerification>().status).toBe('none');
    expect(() => readdirSync(join(photoDir, renter.me.user.id))).toThrow();
  });

  it('refuses a submission without every photo, an expired licence or an impossible birth date', async () => {
    const renter = await newRenter();
    expect((await upload(renter, 'front', JPEG)).statusCode).toBe(200);
    const missing = expectProblem(await submit(renter), 400, ProblemTypes.validation);
    expect(missing.detail).toBe('Add the back of the licence, a selfie before sending your licence.');
    expect(missing.errors?.map((e) => e.field)).toEqual(['photos.back', 'photos.selfie']);
    expect((await upload(renter, 'back', JPEG)).statusCode).toBe(200);
    expect((await upload(renter, 'selfie', JPEG)).statusCode).toBe(200);

    const expired = expectProblem(
      await submit(renter, { ...LICENCE, expiresOn: '2020-01-01' }),
      400,
      ProblemTypes.validation,
    );
    expect(expired.errors).toEqual([
      { field: 'expiresOn', location: 'body', message: 'this licence has expired' },
    ]);
    const unborn = expectProblem(
      await submit(renter, { ...LICENCE, dateOfBirth: `${new Date().getUTCFullYear() + 1}-01-01` }),
      400,
      ProblemTypes.validation,
    );
    expect(unborn.errors?.[0]?.field).toBe('dateOfBirth');
    const child = expectProblem(
      await submit(renter, { ...LICENCE, dateOfBirth: yearsAgo(12) }),
      400,
      ProblemTypes.validation,
    );
    expect(child.errors?.[0]?.message).toBe('drivers must be at least 16');
    expect((await submit(renter, { ...LICENCE, country: 'usa' })).statusCode).toBe(400);
    expect((await submit(renter, { ...LICENCE, licenceNumber: '<script>' })).statusCode).toBe(400);
    expect((await submit(renter, { ...LICENCE, expiresOn: '2031-02-30' })).statusCode).toBe(400);
    const mine = await t.app.inject({
      url: '/api/v1/me/driver-verification',
      headers: { cookie: renter.cookie },
    });
    expect(mine.json<DriverVerification>()).toMatchObject({
      status: 'draft',
      licenceNumber: null,
      submittedAt: null,
    });

    expect((await submit(renter)).statusCode).toBe(200);
    expectProblem(await submit(renter), 409, ProblemTypes.driverVerificationNotPending);
  });

  it('answers the reservation service only with the internal token', async () => {
    const renter = await newRenter();
    const forbidden = await t.app.inject({
      url: `/api/v1/internal/customers/${renter.me.user.id}/driver-verification`,
      headers: { cookie: operator.cookie },
    });
    expect(forbidden.statusCode).toBe(403);
    const allowed = await t.app.inject({
      url: `/api/v1/internal/customers/${renter.me.user.id}/driver-verification`,
      headers: { 'x-internal-token': INTERNAL_TOKEN },
    });
    expect(allowed.json<DriverEligibility>().status).toBe('none');
  });
});

// The local overlay has no object storage: LICENCE_PHOTO_IN_DATABASE keeps the sealed photos in
// PostgreSQL, shared by the replicas.
describe.each(TEST_ENGINES)('licence photos in the database on %s', (engine) => {
  let t: TestApp;
  let operator: Browser;

  beforeAll(async () => {
    t = await createTestApp(engine, [accountService], {
      ...operatorEnv,
      INTERNAL_TOKEN,
      LICENCE_PHOTO_IN_DATABASE: 'true',
    });
    operator = await signIn(t.app, OPERATOR.phone, OPERATOR.password);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('stores each photo sealed in account.licence_photo_object and gives the operator the image back', async () => {
    const renter = await registerCustomer(t.app, operator, {
      phone: `+1202555${engine === 'pglite' ? '04' : '05'}01`,
      email: `db-photos-${engine}@example.com`,
      name: 'Renter In Database',
      password: 'tacos-on-the-moon-42',
    });
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/driver-verification/photos/front',
      headers: { ...as(renter), 'content-type': 'image/jpeg' },
      payload: JPEG,
    });
    expect(put.statusCode, put.body).toBe(200);

    const rows = await t.db.kysely
      .withTables<{ 'account.licence_photo_object': { key: string; sealed: Uint8Array } }>()
      .selectFrom('account.licence_photo_object')
      .selectAll()
      .execute();
    expect(rows).toHaveLength(1);
    const sealed = Buffer.from(rows[0]?.sealed ?? new Uint8Array());
    expect(sealed.length).toBeGreaterThan(JPEG.length);
    expect(sealed.includes(Buffer.from('JFIF licence front'))).toBe(false);

    const seen = await t.app.inject({
      url: `/api/v1/customers/${renter.me.user.id}/driver-verification/photos/front`,
      headers: { cookie: operator.cookie },
    });
    expect(seen.statusCode).toBe(200);
    expect(seen.rawPayload.equals(JPEG)).toBe(true);
  });
});
