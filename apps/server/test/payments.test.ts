import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProblemTypes,
  ReservationEvents,
  type DeclaredEnvelope,
  type PaymentActionRequired,
  type Reservation,
  type ReservationPayments,
} from '@cybertacotruck/contracts';
import { inventoryService } from '@cybertacotruck/inventory';
import { TEST_ENGINES, until } from '@cybertacotruck/db/testing';
import { parseConfig } from '@cybertacotruck/platform';
import { createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import { signPayload, startPaymentsSim, type PaymentsSim } from '@cybertacotruck/payments-sim';
import {
  createReservationService,
  InventoryCalendarClient,
  modulesOf,
  owePaymentWork,
  repositories,
  ReservationConfigSchema,
  runPaymentTasks,
  stripeClient,
  type PaymentsGateway,
  type ReservationModules,
  type ReservationTables,
} from '@cybertacotruck/reservation';
import {
  expectProblem,
  inDays,
  newCustomer,
  operator,
  outbox,
  reservationApi,
  type Headers,
} from '@cybertacotruck/reservation/testing';

const WEBHOOK_SECRET = 'whsec_payments_test_secret';
const RETURN_URL = 'https://app.example/reservations/return';

// The reservation service with Stripe's SDK against the payments simulator, and the real inventory calendar.
describe.each(TEST_ENGINES)('payments on %s', (engine) => {
  let sim: PaymentsSim;
  let gateway: PaymentsGateway;
  let t: TestApp;
  let api: ReturnType<typeof reservationApi>;
  let m: ReservationModules;

  beforeAll(async () => {
    sim = await startPaymentsSim({ webhookRetry: { baseDelayMs: 10, maxAttempts: 3 } });
    gateway = {
      mode: 'simulator',
      stripe: stripeClient(sim.secretKey, sim.url),
      webhookSecret: WEBHOOK_SECRET,
      publishableKey: null,
    };
    const reservation = createReservationService({ payments: () => Promise.resolve({ gateway }) });
    t = await createTestApp(engine, [inventoryService, principalStub, reservation], {
      TESLA_SYNC: 'false',
      RESERVATION_MAX_ACTIVE_HOLDS: '1000',
      RESERVATION_MAX_UPCOMING: '1000',
    });
    api = reservationApi(t.app);
    const db = t.db.kysely.withTables<ReservationTables>();
    m = modulesOf(
      {
        db,
        repos: repositories(db),
        config: parseConfig(ReservationConfigSchema, {}),
        calendar: new InventoryCalendarClient(t.app.peers),
        now: () => new Date(),
        logger: t.app.log,
      },
      { gateway },
    );
    // Webhooks reach this app over HTTP, signed with the endpoint's secret.
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    sim.addWebhookEndpoint({
      url: `http://127.0.0.1:${String(port)}/api/v1/payments/webhook`,
      secret: WEBHOOK_SECRET,
    });
  });
  afterAll(async () => {
    // The simulator first: its webhook connections to this app would keep the app's close waiting.
    await sim.close();
    t.app.server.closeAllConnections();
    await t.dispose();
  });

  const pay = (paymentMethod: string) => ({
    termsVersion: 1,
    acceptTerms: true,
    payment: { paymentMethod, returnUrl: RETURN_URL },
  });

  async function held(customer: Headers): Promise<Reservation> {
    const car = await api.vehicle({ model: 'model_y' });
    return api.held(customer, { vehicleId: car.id, from: inDays(4), to: inDays(6) });
  }

  async function payments(headers: Headers, id: string): Promise<ReservationPayments> {
    const response = await t.app.inject({ url: `/api/v1/reservations/${id}/payments`, headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<ReservationPayments>();
  }

  async function confirmed(customer: Headers): Promise<Reservation> {
    const r = await held(customer);
    const response = await api.confirm(customer, r.id, pay('pm_card_visa'));
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Reservation>();
  }

  /** Hands an event from the outbox to the payments consumer in one transaction (as the bus does). */
  async function consume(type: string, reservationId: string, data?: Record<string, unknown>) {
    const row = (await outbox(t.db, reservationId)).find((e) => e.type === type);
    const envelope = {
      id: randomUUID(),
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      key: reservationId,
      data: data ?? row?.data,
    } as DeclaredEnvelope<typeof ReservationEvents.cancelled>;
    await t.db.kysely.transaction().execute((trx) => owePaymentWork(envelope, trx));
    await runPaymentTasks(m.deps.repos.payments, m.payments, t.app.log, () => new Date());
  }

  /** Every payment row agrees with the simulator's ledger and with the sum of its own ledger entries. */
  async function expectReconciled(id: string) {
    const p = await payments(operator, id);
    for (const item of p.items) {
      // The simulator keeps a ledger line once something was authorised.
      expect(
        sim.ledgerFor(item.paymentIntentId) ?? {
          authorized: 0,
          captured: 0,
          refunded: 0,
          released: 0,
          capturable: 0,
        },
      ).toMatchObject({
        authorized: item.authorizedMinor,
        captured: item.capturedMinor,
        refunded: item.refundedMinor,
        released: item.releasedMinor,
        capturable: item.capturableMinor,
      });
      const sum = (kind: string) =>
        p.ledger
          .filter((e) => e.paymentIntentId === item.paymentIntentId && e.kind === kind)
          .reduce((s, e) => s + e.amountMinor, 0);
      expect({
        authorized: sum('authorized'),
        captured: sum('captured'),
        refunded: sum('refunded'),
        released: sum('released'),
      }).toEqual({
        authorized: item.authorizedMinor,
        captured: item.capturedMinor,
        refunded: item.refundedMinor,
        released: item.releasedMinor,
      });
    }
    return p;
  }

  it('charges the rental and holds the deposit with a test card, then confirms', async () => {
    const customer = newCustomer();
    const r = await confirmed(customer);
    expect(r.status).toBe('confirmed');
    const p = await expectReconciled(r.id);
    expect(p.items).toEqual([
      expect.objectContaining({
        purpose: 'rental',
        status: 'succeeded',
        amountMinor: r.quote.subtotalMinor,
        capturedMinor: r.quote.subtotalMinor,
        card: { brand: 'visa', last4: '4242' },
      }),
      expect.objectContaining({
        purpose: 'deposit',
        status: 'requires_capture',
        capturableMinor: r.quote.depositMinor,
        capturedMinor: 0,
      }),
    ]);
    expect(p.totals).toMatchObject({ netMinor: r.quote.subtotalMinor, heldMinor: r.quote.depositMinor });
    // Another customer sees nothing of it.
    const other = await t.app.inject({
      url: `/api/v1/reservations/${r.id}/payments`,
      headers: newCustomer(),
    });
    expectProblem(other, 404, ProblemTypes.reservationNotFound);
  });

  it('refuses a confirmation without a card (402 payment-required) and a declined card (402), changing nothing', async () => {
    const customer = newCustomer();
    const r = await held(customer);
    expectProblem(await api.confirm(customer, r.id), 402, ProblemTypes.paymentRequired);
    const declined = await api.confirm(customer, r.id, pay('pm_card_chargeDeclined'));
    const problem = expectProblem(declined, 402, ProblemTypes.paymentDeclined);
    expect(problem.detail).toContain('Your card was declined.');
    const still = (await api.get(customer, r.id)).json<Reservation>();
    expect(still.status).toBe('held');
    const p = await expectReconciled(r.id);
    expect(p.totals).toMatchObject({ capturedMinor: 0, heldMinor: 0, netMinor: 0 });
    // Another card then pays and confirms the same hold.
    const retried = await api.confirm(customer, r.id, pay('pm_card_mastercard'));
    expect(retried.statusCode, retried.body).toBe(200);
    expect((await expectReconciled(r.id)).totals.netMinor).toBe(r.quote.subtotalMinor);
  });

  it('3-D Secure: 202 with the challenge page for each payment, then confirms once both are authenticated', async () => {
    const customer = newCustomer();
    const r = await held(customer);
    const first = await api.confirm(customer, r.id, pay('pm_card_threeDSecure2Required'));
    expect(first.statusCode, first.body).toBe(202);
    expect(first.json<PaymentActionRequired>()).toMatchObject({
      status: 'requires_action',
      purpose: 'rental',
    });
    expect(first.json<PaymentActionRequired>().redirectUrl).toContain('/redirect/authenticate/');
    const authenticate = async (purpose: string) => {
      const pi = (await payments(customer, r.id)).items.find((i) => i.purpose === purpose)?.paymentIntentId;
      const done = await fetch(`${sim.url}/sim/payment_intents/${pi ?? ''}/authenticate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ outcome: 'complete' }),
      });
      expect(done.status).toBe(200);
    };
    await authenticate('rental');
    expect((await api.get(customer, r.id)).json<Reservation>().status).toBe('held');
    const second = await api.confirm(customer, r.id, { termsVersion: 1, acceptTerms: true });
    expect(second.statusCode, second.body).toBe(202);
    expect(second.json<PaymentActionRequired>().purpose).toBe('deposit');
    await authenticate('deposit');
    const third = await api.confirm(customer, r.id, { termsVersion: 1, acceptTerms: true });
    expect(third.statusCode, third.body).toBe(200);
    expect(third.json<Reservation>().status).toBe('confirmed');
    expect((await expectReconciled(r.id)).totals).toMatchObject({
      netMinor: r.quote.subtotalMinor,
      heldMinor: r.quote.depositMinor,
    });
  });

  it('a failed 3-D Secure challenge is a decline: 402 on the way back, the hold unchanged', async () => {
    const customer = newCustomer();
    const r = await held(customer);
    expect((await api.confirm(customer, r.id, pay('pm_card_authenticationRequired'))).statusCode).toBe(202);
    const pi = (await payments(customer, r.id)).items[0]?.paymentIntentId ?? '';
    await fetch(`${sim.url}/sim/payment_intents/${pi}/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ outcome: 'fail' }),
    });
    expectProblem(
      await api.confirm(customer, r.id, { termsVersion: 1, acceptTerms: true }),
      402,
      ProblemTypes.paymentDeclined,
    );
    expect((await api.get(customer, r.id)).json<Reservation>().status).toBe('held');
    expect((await expectReconciled(r.id)).totals.capturedMinor).toBe(0);
  });

  const webhookRows = async () =>
    Number(
      (
        await sql<{ n: string }>`select count(*) as n from reservation.payment_webhook_event`.execute(
          t.db.kysely,
        )
      ).rows[0]?.n,
    );

  it('a forged webhook is 400 webhook-signature-invalid and changes nothing', async () => {
    await sim.webhooksIdle();
    const before = await webhookRows();
    const body = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'payment_intent.succeeded',
      data: { object: { id: 'pi_forged', object: 'payment_intent' } },
    });
    for (const signature of [
      signPayload(body, 'whsec_not_the_endpoints_secret', Math.floor(Date.now() / 1000)),
      'garbage',
    ]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/payments/webhook',
        headers: { 'content-type': 'application/json', 'stripe-signature': signature },
        payload: body,
      });
      expectProblem(response, 400, ProblemTypes.webhookSignatureInvalid);
    }
    expect(await webhookRows()).toBe(before);
  });

  const paymentTables = async () =>
    (
      await sql<{ t: string }>`select concat(
        (select string_agg(concat_ws('|', payment_intent_id, status, authorized_minor, captured_minor,
          refunded_minor, released_minor, capturable_minor, updated_at), ',' order by payment_intent_id)
          from reservation.payment), ' // ',
        (select count(*) from reservation.payment_ledger)) as t`.execute(t.db.kysely)
    ).rows[0]?.t;

  it('webhooks are verified and handled once: a replayed event changes nothing', async () => {
    await confirmed(newCustomer());
    await sim.webhooksIdle();
    const delivered = sim
      .deliveries()
      .filter((d) => d.state === 'delivered' && d.type === 'payment_intent.amount_capturable_updated');
    const last = delivered.at(-1);
    expect(last?.attempts.at(-1)?.status).toBe(200);
    const before = { rows: await webhookRows(), tables: await paymentTables() };
    // Stripe may deliver an event twice: the simulator's resend is such a replay.
    const resend = await fetch(`${sim.url}/sim/events/${last?.event ?? ''}/resend`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(resend.status, await resend.text()).toBeLessThan(300);
    await until(
      'the replay to be answered 200',
      () => Promise.resolve(sim.deliveries({ event: last?.event ?? '' }).filter((d) => d.resend)),
      (d) => d.length === 1 && d[0]?.state === 'delivered' && d[0].attempts.at(-1)?.status === 200,
    );
    expect(await webhookRows()).toBe(before.rows);
    expect(await paymentTables()).toBe(before.tables);
  });

  it('a cancellation refunds the rental as the policy says (free: all of it) and releases the deposit', async () => {
    const customer = newCustomer();
    const r = await confirmed(customer);
    const cancelled = await api.cancel(customer, r.id);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    await consume(ReservationEvents.cancelled.type, r.id);
    const p = await expectReconciled(r.id);
    expect(p.items.map((i) => [i.purpose, i.refundedMinor, i.releasedMinor, i.capturableMinor])).toEqual([
      ['rental', r.quote.subtotalMinor, 0, 0],
      ['deposit', 0, r.quote.depositMinor, 0],
    ]);
    expect(p.totals).toMatchObject({ netMinor: 0, heldMinor: 0 });
    // A redelivered event owes nothing more.
    await consume(ReservationEvents.cancelled.type, r.id);
    expect(await expectReconciled(r.id)).toEqual(p);
  });

  it('at return captures the charges from the deposit and releases the rest (partial capture)', async () => {
    const customer = newCustomer();
    const r = await confirmed(customer);
    const charges = 4_321;
    const confirmedEvent = (await outbox(t.db, r.id)).find(
      (e) => e.type === ReservationEvents.confirmed.type,
    );
    await consume(ReservationEvents.returned.type, r.id, {
      ...confirmedEvent?.data,
      at: new Date().toISOString(),
      readings: {},
      pickupReadings: null,
      pickedUpAt: new Date().toISOString(),
      charges: [],
      totalMinor: charges,
      by: 'operator',
    });
    const p = await expectReconciled(r.id);
    expect(p.items.find((i) => i.purpose === 'deposit')).toMatchObject({
      status: 'succeeded',
      capturedMinor: charges,
      releasedMinor: r.quote.depositMinor - charges,
      capturableMinor: 0,
    });
    expect(p.totals.netMinor).toBe(r.quote.subtotalMinor + charges);
  });

  it('reconciles to the cent: every payment of the run matches the simulator and its own ledger', async () => {
    const { rows } = await sql<{
      id: string;
    }>`select distinct reservation_id as id from reservation.payment`.execute(t.db.kysely);
    expect(rows.length).toBeGreaterThan(4);
    let net = 0;
    for (const row of rows) net += (await expectReconciled(row.id)).totals.netMinor;
    const simNet = sim.ledger().totals.reduce((s, x) => s + (x as { net: number }).net, 0);
    expect(net).toBe(simNet);
  });
});
