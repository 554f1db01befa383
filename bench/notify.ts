/**
 * Notifications under load: the product (every service in one process, bench/notify-app.ts, on the
 * PostgreSQL server) takes ~126 requests/s of mixed browsing and booking from signed-in customers
 * (GET /availability, /reservations, /vehicles; POST /reservations then /confirm), while the real
 * notification service sends every confirmation by SMS (the dev inbox) and e-mail (SMTP to an
 * in-process smtp-server). Prints deliveries/s and the send delay (the confirmed event's occurredAt
 * → the provider accepted, i.e. delivery.sent_at) p50/p99, for the old single-pass sender
 * (baseline: batch 50, concurrency 1, one pass every 2 s, no drain loop, no wake) and the current
 * one, in the same run. Target: p99 < 5 s.
 * Usage: npm run bench:notify [-- --rate 126 --duration 40 --booking-share 0.2]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { createTestDatabase } from '@cybertacotruck/db/testing';
import { SecretBox } from '@cybertacotruck/platform';
import { ONE_CLIENT_LOAD_ENV } from '@cybertacotruck/platform/testing';
import { log, numberArg, root, seedFleet } from './calendar/shared';

const RATE = numberArg('rate', 126);
const DURATION = numberArg('duration', 40);
const BOOKING_SHARE = numberArg('booking-share', 0.2);
const VEHICLES = numberArg('vehicles', 500);
const CUSTOMERS = numberArg('customers', 20);
const DRAIN_S = numberArg('drain-timeout', 300);
const OPERATOR = { phone: '+12025550100', password: 'operator-secret-1' };

// SMTP: a real server in this process; it only counts, by Message-ID.
const received = new Map<string, number>();
const smtp = new SMTPServer({
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4000) head += chunk.toString('utf8');
    });
    stream.on('end', () => {
      const id = /^message-id:\s*(\S+)/im.exec(head)?.[1] ?? 'none';
      received.set(id, (received.get(id) ?? 0) + 1);
      callback();
    });
  },
});
smtp.listen(0, '127.0.0.1');
await once(smtp.server, 'listening');
const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Browser {
  cookie: string;
  csrf: string;
}

async function run(mode: 'baseline' | 'current') {
  received.clear();
  const test = await createTestDatabase('postgres');
  const databaseUrl = (test.target as { url: string }).url;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/notify-app.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: '20',
      SECRET_KEYS: `bench:${SecretBox.generateKey()}`,
      TESLA_SYNC: 'false',
      // One client sending thousands of requests: no rate or per-customer limits.
      ...ONE_CLIENT_LOAD_ENV,
      OPERATOR_PHONE: OPERATOR.phone,
      OPERATOR_PASSWORD: OPERATOR.password,
      SMTP_URL: smtpUrl,
      ...(mode === 'baseline'
        ? {
            BENCH_SENDER: 'baseline',
            NOTIFICATION_SEND_MS: '2000',
            NOTIFICATION_SEND_BATCH: '50',
            NOTIFICATION_SMS_CONCURRENCY: '1',
            NOTIFICATION_EMAIL_CONCURRENCY: '1',
            NOTIFICATION_DISPATCH_CONCURRENCY: '1',
          }
        : {}),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}/api/v1`;
  try {
    for (let i = 0; ; i++) {
      if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null);
      if (ready?.status === 200) break;
      if (i > 1200) throw new Error('the app was not ready after 60 s');
      await sleep(50);
    }
    await seedFleet({ kysely: test.db.kysely } as Parameters<typeof seedFleet>[0], VEHICLES);
    const vehicles = (
      await sql<{ id: string }>`select id from inventory.vehicle order by vin`.execute(test.db.kysely)
    ).rows.map((r) => r.id);

    const call = async (
      path: string,
      init: { method?: string; browser?: Browser; body?: unknown; key?: string } = {},
    ) => {
      const headers: Record<string, string> = {};
      if (init.browser) {
        headers.cookie = init.browser.cookie;
        headers['x-csrf-token'] = init.browser.csrf;
      }
      if (init.body !== undefined) headers['content-type'] = 'application/json';
      if (init.key) headers['idempotency-key'] = init.key;
      return fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
    };
    const signedIn = async (response: Response): Promise<Browser> => {
      if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
    };
    const operator = await signedIn(
      await call('/auth/sign-in', {
        method: 'POST',
        body: { phoneOrEmail: OPERATOR.phone, password: OPERATOR.password },
      }),
    );
    const customers: Browser[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      const phone = `+1202555${String(2000 + i)}`;
      const invited = await call('/invitations', { method: 'POST', browser: operator, body: { phone } });
      if (!invited.ok) throw new Error(`invite: ${invited.status} ${await invited.text()}`);
      // The invitation SMS goes out through the notification service after the invite's answer.
      let body = '';
      for (let wait = 0; !/token=/.test(body); wait++) {
        if (wait > 600) throw new Error(`no invitation SMS to ${phone} after 60 s`);
        if (wait > 0) await sleep(100);
        const inbox = (await (
          await call(`/notifications/dev-inbox?to=${encodeURIComponent(phone)}`, { browser: operator })
        ).json()) as { items: Array<{ body: string }> };
        body = inbox.items.find((m) => /token=/.test(m.body))?.body ?? '';
      }
      const token = /token=([\w-]{43})/.exec(body)?.[1];
      const code = /code (\d{6})/.exec(body)?.[1];
      customers.push(
        await signedIn(
          await call('/registration', {
            method: 'POST',
            body: {
              token,
              code,
              name: `Customer ${i}`,
              email: `customer${i}@example.com`,
              password: `bench-password-${i}-x`,
            },
          }),
        ),
      );
    }

    // Open loop: one operation every 1/ops s; a booking is two requests (hold, then confirm).
    const ops = RATE / (1 + BOOKING_SHARE);
    const dayMs = 86_400_000;
    const firstDay = Math.ceil(Date.now() / dayMs) * dayMs + 2 * dayMs;
    const counts = { requests: 0, failed: 0, confirmed: 0 };
    let booking = 0;
    const inFlight = new Set<Promise<void>>();
    const track = (work: Promise<void>) => {
      // A request the app did not answer (refused, timed out) counts as failed; the load goes on.
      const p = work.catch(() => {
        counts.requests += 1;
        counts.failed += 1;
      });
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    };
    const expect2xx = async (r: Response) => {
      counts.requests += 1;
      if (!r.ok) counts.failed += 1;
      await r.arrayBuffer();
      return r;
    };
    const started = performance.now();
    for (let i = 0; performance.now() - started < DURATION * 1000; i++) {
      const due = started + (i * 1000) / ops;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const customer = customers[i % customers.length] as Browser;
      if (Math.random() < BOOKING_SHARE) {
        const n = booking++;
        const from = new Date(firstDay + Math.floor(n / vehicles.length) * dayMs).toISOString();
        const to = new Date(firstDay + Math.floor(n / vehicles.length) * dayMs + dayMs / 2).toISOString();
        track(
          (async () => {
            const held = await call('/reservations', {
              method: 'POST',
              browser: customer,
              key: `hold-${mode}-${n}`,
              body: { vehicleId: vehicles[n % vehicles.length], from, to, timeZone: 'America/Chicago' },
            });
            counts.requests += 1;
            if (held.status !== 201) {
              counts.failed += 1;
              await held.arrayBuffer();
              return;
            }
            const r = (await held.json()) as { id: string; terms: { version: number } };
            const confirmed = await expect2xx(
              await call(`/reservations/${r.id}/confirm`, {
                method: 'POST',
                browser: customer,
                key: `confirm-${mode}-${n}`,
                body: { termsVersion: r.terms.version, acceptTerms: true },
              }),
            );
            if (confirmed.ok) counts.confirmed += 1;
          })(),
        );
      } else {
        const pick = i % 3;
        const path =
          pick === 0
            ? `/availability?${new URLSearchParams({
                from: new Date(firstDay + (i % 20) * dayMs).toISOString(),
                to: new Date(firstDay + (i % 20) * dayMs + dayMs).toISOString(),
              }).toString()}`
            : pick === 1
              ? '/reservations'
              : `/vehicles/${vehicles[i % vehicles.length] ?? ''}`;
        track(
          call(path, { browser: customer })
            .then(expect2xx)
            .then(() => undefined),
        );
      }
    }
    const loadSeconds = (performance.now() - started) / 1000;
    await Promise.all(inFlight);

    // Drain: until no message or delivery is waiting (or the timeout).
    const drainStart = performance.now();
    const waiting = async () =>
      (
        await sql<{ n: number }>`select
          (select count(*) from notification.outgoing where status = 'pending')::int
          + (select count(*) from notification.delivery where status in ('queued', 'sending'))::int
          + (select count(*) from reservation.outbox where published_at is null)::int as n`.execute(
          test.db.kysely,
        )
      ).rows[0]?.n ?? 0;
    let backlogAtEnd = -1;
    while ((performance.now() - drainStart) / 1000 < DRAIN_S) {
      const n = await waiting();
      if (backlogAtEnd < 0) backlogAtEnd = n;
      if (n === 0) break;
      await sleep(250);
    }
    // numeric comes back from node-postgres as text.
    const { rows } = await sql<{
      channel: string;
      delay_ms: string;
      sent_s: string;
      relay_ms: string;
      consume_ms: string;
      render_ms: string;
    }>`
      select d.channel, extract(epoch from (d.sent_at - e.occurred_at)) * 1000 as delay_ms,
        extract(epoch from d.sent_at) as sent_s,
        extract(epoch from (e.appended_at - e.occurred_at)) * 1000 as relay_ms,
        extract(epoch from (o.created_at - e.appended_at)) * 1000 as consume_ms,
        extract(epoch from (d.created_at - o.created_at)) * 1000 as render_ms
      from notification.delivery d join bus.event_log e on e.id = d.event_id
        join notification.outgoing o on o.id = d.outgoing_id
      where d.template = 'reservation_confirmed' and d.status = 'sent'`.execute(test.db.kysely);
    const p99Of = (key: 'relay_ms' | 'consume_ms' | 'render_ms') =>
      (
        quantile(
          rows.map((r) => Number(r[key])).sort((a, b) => a - b),
          0.99,
        ) / 1000
      ).toFixed(2);
    const delays = rows.map((r) => Number(r.delay_ms)).sort((a, b) => a - b);
    const sentTimes = rows.map((r) => Number(r.sent_s)).sort((a, b) => a - b);
    const span = (sentTimes.at(-1) ?? 0) - (sentTimes[0] ?? 0);
    const total = (
      await sql<{
        n: number;
      }>`select count(*)::int as n from notification.delivery where template = 'reservation_confirmed'`.execute(
        test.db.kysely,
      )
    ).rows[0]?.n;
    const duplicates = [...received.values()].filter((n) => n > 1).length;
    const smsKept = (
      await sql<{
        n: number;
        distinct: number;
      }>`select count(*)::int as n, count(distinct body)::int as distinct
        from notification.dev_message where channel = 'sms'`.execute(test.db.kysely)
    ).rows[0];
    const label =
      mode === 'baseline'
        ? 'baseline (batch 50, concurrency 1, a pass every 2 s)'
        : 'current (drain loop, wake, batch 100, SMS 8 / e-mail 4 in parallel)';
    log(`\n${label}`);
    log(
      `  load:       ${counts.requests} requests in ${loadSeconds.toFixed(1)} s (${(counts.requests / loadSeconds).toFixed(0)} req/s), ${counts.failed} not 2xx, ${counts.confirmed} reservations confirmed (${(counts.confirmed / loadSeconds).toFixed(1)}/s)`,
    );
    log(
      `  deliveries: ${rows.length} of ${total} confirmation deliveries sent (${(rows.length / Math.max(span, 1)).toFixed(1)} deliveries/s from first to last); ${backlogAtEnd} waiting when the load stopped; SMTP received ${[...received.values()].reduce((a, b) => a + b, 0)} (${duplicates} Message-IDs twice), dev-inbox SMS ${smsKept?.n ?? 0} (${smsKept?.distinct ?? 0} distinct)`,
    );
    log(
      `  send delay: p50 ${(quantile(delays, 0.5) / 1000).toFixed(2)} s, p99 ${(quantile(delays, 0.99) / 1000).toFixed(2)} s, max ${((delays.at(-1) ?? NaN) / 1000).toFixed(2)} s (event occurredAt → provider accepted)`,
    );
    log(
      `  where (p99): outbox → event log ${p99Of('relay_ms')} s, event log → message recorded ${p99Of('consume_ms')} s, message → deliveries written ${p99Of('render_ms')} s`,
    );
    return quantile(delays, 0.99);
  } finally {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
    await test.dispose();
  }
}

log(
  `notify benchmark: ${RATE} req/s for ${DURATION} s, ${Math.round(BOOKING_SHARE * 100)}% of operations bookings (hold + confirm), ${VEHICLES} vehicles, ${CUSTOMERS} customers; ${new Date().toISOString()}`,
);
await run('baseline');
const p99 = await run('current');
log(`\ntarget p99 < 5 s: ${p99 < 5000 ? 'PASS' : 'NOT met'}`);
smtp.close();
