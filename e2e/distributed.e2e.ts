import { sql } from 'kysely';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startKafkaMock, type KafkaForTests } from '@cybertacotruck/bus/testing';
import type {
  Availability,
  DevMessageList,
  LiveFleet,
  Me,
  Reservation,
  Vehicle,
} from '@cybertacotruck/contracts';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { ownerOfPath } from '@cybertacotruck/platform';
import { signInThroughPages } from '@cybertacotruck/tesla-sim/testing';
import { runApp, type AppProcess } from './support/app-process';
import {
  distributedEnv,
  freePort,
  SERVICES,
  startServiceProcess,
  startSimulatorProcess,
  startSmtpServer,
  waitForMail,
  type ReceivedMail,
  type Service,
  type ServiceProcess,
} from './support/distributed';
import { operatorHeaders } from './support/operator';
import { invitationSms } from './support/sms';
import { apiAt, journeySteps } from './support/steps';

// The distributed topology: each service its own process from its own bundle, on a PostgreSQL
// server, Kafka (librdkafka's mock cluster) and a real SMTP server; the whole journey goes through
// inventory, the backend-for-frontend, as a browser's requests would.
describe('distributed topology: four processes, one origin', () => {
  const PHONE = '+1 202 555 0187';
  const EMAIL = 'dana@example.com';
  const ZONE = 'America/Chicago';
  let kafka: KafkaForTests;
  let database: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let dataDir: string;
  const processes = new Map<Service, ServiceProcess>();
  let simulator: AppProcess | undefined;
  let bff = '';
  const { step, failed } = journeySteps();
  let operator: Record<string, string> = {};
  let customer: Record<string, string> = {};
  let car: { id: string; displayName: string };
  let reservation: Reservation;
  let env: ReturnType<typeof distributedEnv>;
  // Tomorrow + 10 days, 10:00 → 10:00 in Chicago (16:00Z in winter): whole days, free cancellation.
  const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  const from = `${day(10)}T16:00:00.000Z`;
  const to = `${day(12)}T16:00:00.000Z`;

  beforeAll(async () => {
    kafka = await startKafkaMock();
    database = await createTestDatabase('postgres');
    smtp = await startSmtpServer();
    dataDir = mkdtempSync(join(tmpdir(), 'ctt-distributed-'));
    if (database.target.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
    const databaseUrl = database.target.url;
    // Every schema once, as the Kubernetes Job would, before the services start.
    const migrated = await runApp({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir }, ['--migrate-only']);
    expect(migrated.code, migrated.output).toBe(0);

    const ports = Object.fromEntries(
      await Promise.all(SERVICES.map(async (s) => [s, await freePort()] as const)),
    ) as Record<Service, number>;
    env = distributedEnv({ ports, databaseUrl, kafkaBrokers: kafka.brokers.join(','), dataDir });
    env.notification.SMTP_URL = smtp.url;
    env.notification.SMTP_FROM = 'Cybertacotruck <rentals@cybertacotruck.test>';
    env.inventory.TESLA_SYNC_TICK_MS = '1000';
    // Tesla is a simulator running as its own process, publishing telemetry to Kafka as
    // fleet-telemetry does; inventory knows it only by its URL.
    simulator = await startSimulatorProcess({ KAFKA_BROKERS: kafka.brokers.join(',') });
    env.inventory.TESLA_SIMULATOR_URL = simulator.url;
    // A SIGKILLed consumer's partitions move to its successor after this (default 30 s).
    env.notification.KAFKA_SESSION_TIMEOUT_MS = '8000';
    env.account.OPERATOR_PHONE = '+15550100000';
    env.account.OPERATOR_PASSWORD = 'taco-fleet-demo';
    const started = await Promise.allSettled(
      SERVICES.map(async (s) => {
        processes.set(s, await startServiceProcess(s, env[s]));
      }),
    );
    const refused = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (refused.length) throw new Error(refused.map((r) => String(r.reason)).join('\n\n'));
    bff = processes.get('inventory')?.url ?? '';
  });

  afterAll(async () => {
    if (failed()) {
      for (const p of processes.values())
        process.stderr.write(`\n----- ${p.service} output -----\n${p.output().slice(-20_000)}\n`);
      if (simulator)
        process.stderr.write(`\n----- tesla-sim output -----\n${simulator.output().slice(-20_000)}\n`);
    }
    await Promise.all([...processes.values()].map((p) => p.stop()));
    await simulator?.stop();
    await smtp.close();
    await kafka.close();
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const api = apiAt(() => bff);

  step('each service is its own process, ready on its own port', async () => {
    const ports = new Set<string>();
    for (const p of processes.values()) {
      const ready = await fetch(`${p.url}/health/ready`);
      expect(ready.status, `${p.service} /health/ready`).toBe(200);
      ports.add(new URL(p.url).port);
      expect(p.child.pid).toBeDefined();
    }
    expect(ports.size).toBe(4);
    expect(new Set([...processes.values()].map((p) => p.child.pid)).size).toBe(4);
  });

  step('every public route a service answers is in the BFF’s table, under that service', async () => {
    let routes = 0;
    for (const p of processes.values()) {
      const docs = (await (await fetch(`${p.url}/api/docs/json`)).json()) as {
        paths: Record<string, unknown>;
      };
      const paths = Object.keys(docs.paths).filter((path) => path.startsWith('/api/v1/'));
      routes += paths.length;
      const misplaced = paths
        .filter((path) => ownerOfPath(path) !== 'internal' && ownerOfPath(path) !== p.service)
        .map((path) => `${path} → ${ownerOfPath(path) ?? 'nobody'}`);
      expect(
        misplaced,
        `${p.service} answers routes ROUTE_OWNERS (platform/forward.ts) gives elsewhere`,
      ).toEqual([]);
    }
    expect(routes).toBeGreaterThan(30);
    // Inventory mounts no reservation route itself: it forwards them (hidden from its docs).
    const inventoryDocs = (await (await fetch(`${bff}/api/docs/json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(inventoryDocs.paths).filter((p) => p.startsWith('/api/v1/reservations'))).toEqual([]);
    // …yet the browser reaches them at its origin, answered by the reservation process.
    expect((await fetch(`${bff}/api/v1/reservations`)).status).toBe(401);
    expect((await fetch(`${bff}/api/v1/terms/current`)).status).toBe(200);
    // The BFF serves the web app.
    const page = await fetch(`${bff}/operator`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  });

  step(
    'the operator signs in through the BFF and connects Tesla (simulator); the fleet is imported',
    async () => {
      operator = await operatorHeaders(bff);
      const { 'content-type': _json, ...noBody } = operator;
      const { authorizeUrl } = await api<{ authorizeUrl: string }>('/tesla/connections/authorize', {
        method: 'POST',
        headers: noBody,
      });
      const back = await signInThroughPages(authorizeUrl);
      const callback = await fetch(`${bff}/api/v1/tesla/callback${back.search}`, {
        headers: noBody,
        redirect: 'manual',
      });
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toMatch(/\/operator\/tesla\?connected=.+&imported=8/);
      const vehicles = await api<{ items: Vehicle[] }>('/vehicles', { headers: noBody });
      expect(vehicles.items).toHaveLength(8);
    },
  );

  step('inventory folds the fleet’s telemetry from Kafka, and its /metrics shows it', async () => {
    // The simulator publishes Fleet Telemetry to fleet-telemetry's topics; inventory consumes them.
    const metric = async (pattern: RegExp) =>
      Number(pattern.exec(await (await fetch(`${bff}/metrics`)).text())?.[1] ?? 0);
    await expect
      .poll(() => metric(/^telemetry_records_total\{[^}]*kind="V"[^}]*\} (\d+)$/m), { timeout: 60_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => metric(/^telemetry_ingest_lag_seconds_count\{[^}]*\} (\d+)$/m), { timeout: 30_000 })
      .toBeGreaterThan(0);
    const { 'content-type': _json, ...noBody } = operator;
    const fleet = await api<LiveFleet>('/fleet/live', { headers: noBody });
    expect(fleet.items.some((v) => v.live?.streaming)).toBe(true);
  });

  step(
    'the operator invites a customer; the SMS link points at the BFF; the customer registers',
    async () => {
      await api('/invitations', {
        method: 'POST',
        headers: operator,
        body: { phone: PHONE, name: 'Dana Scully' },
        status: 201,
      });
      // The notification service sends it (its dev inbox is the operator's: it holds codes that
      // sign people in), after the invitation's event crossed Kafka; the link is account's.
      const { body: sms, token, code } = await invitationSms(bff, PHONE, operator, { timeoutMs: 60_000 });
      expect(sms).toContain(`${bff}/register?token=`);

      const response = await fetch(`${bff}/api/v1/registration`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          code,
          name: 'Dana Scully',
          email: EMAIL,
          password: 'tacos-on-the-moon-42',
        }),
      });
      expect(response.status, await response.clone().text()).toBe(201);
      const me = (await response.json()) as Me;
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      expect(cookie).toMatch(/^ctt_session=/);
      customer = { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' };
      expect(await api<Me>('/me', { headers: { cookie } })).toMatchObject({
        user: { email: EMAIL, role: 'customer' },
      });
    },
  );

  step('the customer browses availability and reserves: held, terms accepted, confirmed', async () => {
    const { cookie } = customer;
    const free = await api<Availability>(`/availability?${new URLSearchParams({ from, to }).toString()}`, {
      headers: { cookie: cookie ?? '' },
    });
    const first = free.items[0];
    if (!first) throw new Error('no car available');
    car = { id: first.id, displayName: first.displayName };
    const held = await api<Reservation>('/reservations', {
      method: 'POST',
      headers: { ...customer, 'idempotency-key': `reserve-${car.id}` },
      body: { vehicleId: car.id, from, to, timeZone: ZONE },
      status: 201,
    });
    expect(held.status).toBe('held');
    // Without the CSRF token the reservation process (its own session check) refuses.
    const { 'x-csrf-token': _csrf, ...noCsrf } = customer;
    const refused = await fetch(`${bff}/api/v1/reservations/${held.id}/confirm`, {
      method: 'POST',
      headers: { ...noCsrf, 'idempotency-key': `confirm-nocsrf-${held.id}` },
      body: JSON.stringify({ termsVersion: held.terms.version, acceptTerms: true }),
    });
    expect(refused.status).toBe(403);
    reservation = await api<Reservation>(`/reservations/${held.id}/confirm`, {
      method: 'POST',
      headers: { ...customer, 'idempotency-key': `confirm-${held.id}` },
      body: { termsVersion: held.terms.version, acceptTerms: true },
    });
    expect(reservation).toMatchObject({ status: 'confirmed', vehicleId: car.id });
    // Inventory's calendar holds the booking (reservation → inventory, peer to peer).
    const after = await api<Availability>(`/availability?${new URLSearchParams({ from, to }).toString()}`, {
      headers: { cookie: cookie ?? '' },
    });
    expect(after.items.map((v) => v.id)).not.toContain(car.id);
  });

  /** The pick-up day as a person would read it in a message: ISO, or month and day in words. */
  const mentionsDates = (mail: ReceivedMail) => {
    const text = `${mail.subject}\n${mail.text}\n${mail.html}`;
    const at = new Date(from);
    const candidates = [
      new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(at),
      new Intl.DateTimeFormat('en-US', { timeZone: ZONE, month: 'long', day: 'numeric' }).format(at),
      new Intl.DateTimeFormat('en-US', { timeZone: ZONE, month: 'short', day: 'numeric' }).format(at),
      new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'long' }).format(at),
      new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'short' }).format(at),
    ];
    return candidates.some((c) => text.includes(c));
  };
  const mentionsCar = (mail: ReceivedMail) =>
    `${mail.subject}\n${mail.text}\n${mail.html}`.includes(car.displayName);

  step('the confirmation e-mail arrives at the SMTP server, naming the car and the dates', async () => {
    const mail = await waitForMail(smtp, {
      to: EMAIL,
      what: 'reservation confirmation',
      matches: (m) => !/cancel/i.test(m.subject) && mentionsCar(m),
      timeoutMs: 30_000,
    });
    expect(mentionsDates(mail), `dates in: ${mail.subject}\n${mail.text}`).toBe(true);
  });

  step('the customer cancels; the cancellation e-mail arrives', async () => {
    const cancelled = await api<Reservation>(`/reservations/${reservation.id}/cancel`, {
      method: 'POST',
      headers: { ...customer, 'idempotency-key': `cancel-${reservation.id}` },
      body: { reason: 'Plans changed' },
    });
    expect(cancelled.status).toBe('cancelled');
    const mail = await waitForMail(smtp, {
      to: EMAIL,
      what: 'cancellation',
      matches: (m) => /cancel/i.test(`${m.subject}\n${m.text}`) && mentionsCar(m),
      timeoutMs: 30_000,
    });
    expect(mentionsDates(mail), `dates in: ${mail.subject}\n${mail.text}`).toBe(true);
  });

  /** Reserves and confirms `count` more cars for the same dates; returns them. */
  const reserveMore = async (count: number, tag: string) => {
    const free = await api<Availability>(`/availability?${new URLSearchParams({ from, to }).toString()}`, {
      headers: { cookie: customer.cookie ?? '' },
    });
    // Not the car of the first (cancelled) reservation: its confirmation is already in the inbox.
    const cars = free.items.filter((v) => v.id !== car.id).slice(0, count);
    expect(cars).toHaveLength(count);
    for (const v of cars) {
      const held = await api<Reservation>('/reservations', {
        method: 'POST',
        headers: { ...customer, 'idempotency-key': `${tag}-hold-${v.id}` },
        body: { vehicleId: v.id, from, to, timeZone: ZONE },
        status: 201,
      });
      const confirmed = await api<Reservation>(`/reservations/${held.id}/confirm`, {
        method: 'POST',
        headers: { ...customer, 'idempotency-key': `${tag}-confirm-${held.id}` },
        body: { termsVersion: held.terms.version, acceptTerms: true },
      });
      expect(confirmed.status).toBe('confirmed');
    }
    return cars;
  };
  const confirmationsFor = (name: string) =>
    smtp.mails.filter(
      (m) => m.to.includes(EMAIL) && !/cancel/i.test(m.subject) && `${m.subject}\n${m.text}`.includes(name),
    );

  /** Deliveries on `channel` that could still go out: queued, or leased by a sender. */
  const unsettled = async (channel: 'sms' | 'email') =>
    (
      await sql<{ n: number }>`select count(*)::int as n from notification.delivery
        where channel = ${channel} and status in ('queued', 'sending')`.execute(database.db.kysely)
    ).rows[0]?.n ?? -1;
  /** Failed attempts the reservation process's outbox relay logged (error at the first of a streak). */
  const relayFailures = () =>
    (
      processes
        .get('reservation')
        ?.output()
        .match(/outbox relay could not publish/g) ?? []
    ).length;

  step(
    'with Kafka down, reservations still succeed; their e-mails arrive once it is back',
    async () => {
      await kafka.brokerDown(1);
      const cars = await (async () => {
        try {
          const failuresBefore = relayFailures();
          const reserved = await reserveMore(2, 'outage');
          // Not a pause: the reservation process's relay tried during the outage and could not
          // publish, and the confirmations are still in its outbox, so nothing can have travelled.
          await expect
            .poll(relayFailures, { timeout: 30_000, interval: 200, message: 'a failed relay attempt' })
            .toBeGreaterThan(failuresBefore);
          const { rows } = await sql<{ n: number }>`select count(*)::int as n from reservation.outbox
            where type = 'reservation.reservation.confirmed' and published_at is null`.execute(
            database.db.kysely,
          );
          expect(rows[0]?.n).toBeGreaterThanOrEqual(reserved.length);
          for (const v of reserved) expect(confirmationsFor(v.displayName)).toHaveLength(0);
          return reserved;
        } finally {
          await kafka.brokerUp(1);
        }
      })();
      for (const v of cars)
        await waitForMail(smtp, {
          to: EMAIL,
          what: `confirmation of ${v.displayName} after the outage`,
          matches: (m) => confirmationsFor(v.displayName).includes(m),
          timeoutMs: 90_000,
        });
    },
    180_000,
  );

  step(
    'the notification process killed (SIGKILL) among several sends and restarted: each e-mail under one Message-ID, repeated only where the kill cut off its answer',
    async () => {
      const cars = await reserveMore(3, 'crash');
      const [first] = cars;
      if (!first) throw new Error('no car');
      await waitForMail(smtp, {
        to: EMAIL,
        what: `confirmation of ${first.displayName}`,
        matches: (m) => confirmationsFor(first.displayName).includes(m),
        timeoutMs: 60_000,
      });
      const notification = processes.get('notification');
      if (!notification) throw new Error('no notification process');
      notification.child.kill('SIGKILL');
      await once(notification.child, 'exit');
      processes.set('notification', await startServiceProcess('notification', env.notification));
      for (const v of cars)
        await waitForMail(smtp, {
          to: EMAIL,
          what: `confirmation of ${v.displayName} after the restart`,
          matches: (m) => confirmationsFor(v.displayName).includes(m),
          timeoutMs: 90_000,
        });
      // Not a pause: every e-mail delivery is settled (none queued or leased, so none can go out
      // later); a redelivered event (offset not committed before the kill) adds no delivery.
      await expect
        .poll(() => unsettled('email'), {
          timeout: 90_000,
          interval: 500,
          message: 'e-mail deliveries settled',
        })
        .toBe(0);
      // One e-mail per confirmation: one Message-ID each. SMTP cannot be asked whether it took a
      // message, so the delivery whose answer the kill cut off (the server had it, the sender had
      // not recorded it) goes again with the same Message-ID, which mail clients show once. Any
      // copy must be that: a delivery tried more than once, and no more copies than attempts.
      for (const v of cars) {
        const ids = new Set(confirmationsFor(v.displayName).map((m) => m.messageId));
        expect([...ids], `Message-IDs of ${v.displayName}'s confirmation`).toHaveLength(1);
      }
      const copies = new Map<string, number>();
      for (const m of smtp.mails) copies.set(m.messageId, (copies.get(m.messageId) ?? 0) + 1);
      for (const [messageId, n] of copies) {
        if (n === 1) continue;
        const id = /^<([0-9a-f-]{36})@notification\.cybertacotruck>$/.exec(messageId)?.[1];
        expect(id, `a delivery's Message-ID: ${messageId}`).toBeDefined();
        const { rows } = await sql<{ status: string; attempts: number }>`select status, attempts
          from notification.delivery where id = ${id}`.execute(database.db.kysely);
        expect(rows[0]?.status, `delivery ${id} received ${n} times`).toBe('sent');
        expect(rows[0]?.attempts, `delivery ${id} received ${n} times`).toBeGreaterThanOrEqual(n);
      }
      // SMS (the notification service's dev inbox, no Twilio here): one per confirmation too. An SMS
      // the killed process had leased goes out once its lease (60 s) lapses: wait for that, then
      // check that none came twice.
      const { 'content-type': _json, ...asOperator } = operator;
      const smsAbout = async (name: string) => {
        const sms = await api<DevMessageList>(
          `/notifications/dev-inbox?to=${encodeURIComponent(PHONE.replaceAll(' ', ''))}`,
          { headers: asOperator },
        );
        return sms.items.filter((m) => m.channel === 'sms' && m.body.includes(name)).length;
      };
      for (const v of cars)
        await expect
          .poll(() => smsAbout(v.displayName), {
            timeout: 90_000,
            interval: 1_000,
            message: `SMS about ${v.displayName}`,
          })
          .toBeGreaterThanOrEqual(1);
      // Not a pause: no SMS delivery is queued or leased any more, so none can still go out.
      await expect
        .poll(() => unsettled('sms'), { timeout: 90_000, interval: 500, message: 'SMS deliveries settled' })
        .toBe(0);
      for (const v of cars) expect(await smsAbout(v.displayName), `SMS about ${v.displayName}`).toBe(1);
    },
    300_000,
  );
});
