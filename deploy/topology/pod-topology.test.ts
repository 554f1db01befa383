/**
 * The pod topology of `overlays/local`, run here (issue 14 item 6): the built image as containers —
 * the migrations Job, then the Tesla and payments simulators and the four services, each with the environment,
 * read-only root, dropped capabilities, no-new-privileges and memory limit its rendered manifest
 * gives it — on a fresh database of the local PostgreSQL and librdkafka's mock cluster holding the
 * rendered KafkaTopics. A customer journey goes through the BFF (invite → register → reserve →
 * confirm, paid through the payments simulator whose signed webhooks reservation accepts → the
 * notification delivered), then every container gets SIGTERM and must exit 0.
 *
 * The image is CYBERTACOTRUCK_IMAGE (set by .ci/run after deploy/image/build.sh; then podman MUST
 * run it) or localhost/cybertacotruck:ci if built. Where podman cannot run, the same commands run as
 * processes, and the test's name and output say so loudly.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startKafkaMock, type KafkaForTests } from '@cybertacotruck/bus/testing';
import type {
  Availability,
  DevMessageList,
  Me,
  Reservation,
  ReservationPayments,
} from '@cybertacotruck/contracts';
import { createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import { reserveAndConfirm } from '../../e2e/support/api-journey';
import { freePort } from '../../e2e/support/distributed';
import { invitationSms } from '../../e2e/support/sms';
import { apiAt, journeySteps } from '../../e2e/support/steps';
import { render, type K8sObject } from '../validate/render';
import { podRuns, type PodRun, type Rewrite } from './pods';
import { podmanRunner, podmanUsable, processRunner, type PodRunner, type RunningPod } from './runners';

const REQUIRED_IMAGE = process.env.CYBERTACOTRUCK_IMAGE?.trim();
const IMAGE = REQUIRED_IMAGE || 'localhost/cybertacotruck:ci';
const podman = podmanUsable(IMAGE);
const MODE = podman.ok
  ? `as podman containers of ${IMAGE}`
  : `AS PROCESSES, NOT CONTAINERS (${podman.reason})`;
const SERVICES = ['account', 'inventory', 'notification', 'reservation'] as const;
const SIMULATORS = ['tesla-sim', 'payments-sim'] as const;

describe(`overlays/local's pods, ${MODE}: migrations Job, simulators, four services, a journey through the BFF`, () => {
  let objects: K8sObject[];
  let pods: Map<string, PodRun>;
  let rewrites: Rewrite[];
  let runner: PodRunner;
  let kafka: KafkaForTests;
  let database: TestDatabase;
  const running = new Map<string, RunningPod>();
  let bff = '';
  const { step, failed } = journeySteps(120_000);
  let operator: Record<string, string> = {};

  const podOf = (name: string): PodRun => {
    const pod = pods.get(name);
    if (!pod) throw new Error(`overlays/local renders no workload ${name}`);
    return pod;
  };

  beforeAll(async () => {
    if (!podman.ok) {
      if (REQUIRED_IMAGE)
        throw new Error(`CYBERTACOTRUCK_IMAGE=${REQUIRED_IMAGE} was built, yet ${podman.reason}`);
      const banner = '!'.repeat(100);
      process.stderr.write(
        `\n${banner}\n! pod topology: ${podman.reason}.\n! Running the same commands and environments ` +
          `AS PROCESSES: the image, read-only root, capabilities and memory limits are NOT exercised.\n${banner}\n\n`,
      );
    }
    runner = podman.ok ? podmanRunner(IMAGE, randomBytes(3).toString('hex')) : processRunner();
    objects = render('overlays/local');
    const topics = objects
      .filter((o) => o.kind === 'KafkaTopic')
      .map((o) => {
        const spec = o.spec as { topicName?: string; partitions: number };
        return { name: spec.topicName ?? o.metadata.name, partitions: spec.partitions };
      });
    // As Strimzi's topic operator would: the KafkaTopics exist before any service starts.
    kafka = await startKafkaMock({
      topics: topics.map((t) => ({ ...t, replicationFactor: 1, config: {}, description: '' })),
    });
    database = await createTestDatabase('postgres');
    if (database.target.kind !== 'postgres') throw new Error('expected a PostgreSQL database');
    const ports: Record<string, number> = {};
    for (const name of [...SERVICES, ...SIMULATORS]) ports[name] = await freePort();
    ({ pods, rewrites } = podRuns(objects, {
      ports,
      ingressService: 'inventory',
      databaseUrl: database.target.url,
      kafkaBrokers: kafka.brokers.join(','),
    }));
  }, 180_000);

  afterAll(async () => {
    if (failed())
      for (const pod of running.values())
        process.stderr.write(`\n----- ${pod.name} -----\n${(await pod.logs()).slice(-12_000)}\n`);
    await Promise.all([...running.values()].map((p) => p.stop().catch(() => null)));
    runner.close();
    await kafka.close();
    await database.dispose();
  }, 120_000);

  const api = apiAt(() => bff);

  step('only the cluster-bound keys are rewritten; the services keep production configuration', () => {
    const keys = new Set(rewrites.map((r) => r.key));
    for (const key of keys)
      expect(key, `rewritten: ${key}`).toMatch(
        /^(DATABASE_URL|KAFKA_BROKERS|KAFKA_SSL|KAFKA_SSL_CA_FILE|KAFKA_SASL_\w+|PORT|TESLA_SIM_PORT|PAYMENTS_SIM_PORT|\w+_URL|\w+_URI|TESLA_SIM_REDIRECT_URIS|PAYMENTS_SIM_WEBHOOKS)$/,
      );
    for (const service of SERVICES) {
      const env = podOf(service).env;
      expect(env.NODE_ENV, service).toBe('production');
      expect(env.KAFKA_TOPICS_AUTO_CREATE, service).toBe('false');
      expect(env.MIGRATE_ON_START, service).toBe('false');
      expect(env.SECRET_KEYS ?? env.INTERNAL_TOKEN, service).toBeTruthy();
    }
    expect(podOf('inventory').env.TESLA_SIMULATOR).toBe('true');
    // reservation pays through the simulator pod, which signs its webhooks to reservation with the
    // secret reservation verifies them with (spliced in by $(STRIPE_WEBHOOK_SECRET)).
    const reservation = podOf('reservation').env;
    const sim = podOf('payments-sim').env;
    expect(reservation.PAYMENTS_SIMULATOR).toBe('true');
    expect(reservation.STRIPE_API_URL).toBe(`http://127.0.0.1:${String(podOf('payments-sim').port)}`);
    expect(reservation.STRIPE_SECRET_KEY).toMatch(/^sk_test_/);
    expect(sim.PAYMENTS_SIM_SECRET_KEY).toBe(reservation.STRIPE_SECRET_KEY);
    expect(reservation.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_/);
    expect(sim.PAYMENTS_SIM_WEBHOOKS).toBe(
      `http://127.0.0.1:${String(podOf('reservation').port)}/api/v1/payments/webhook|${reservation.STRIPE_WEBHOOK_SECRET ?? ''}`,
    );
    for (const pod of pods.values()) {
      expect(pod.readOnlyRootFilesystem, `${pod.name} readOnlyRootFilesystem`).toBe(true);
      expect(pod.dropAllCapabilities, `${pod.name} drop ALL`).toBe(true);
      expect(pod.noNewPrivileges, `${pod.name} allowPrivilegeEscalation false`).toBe(true);
      expect(pod.runAsNonRoot, `${pod.name} runAsNonRoot`).toBe(true);
    }
    return Promise.resolve();
  });

  step('the migrations Job runs every schema and exits 0', async () => {
    const job = podOf('cybertacotruck-migrate');
    expect(job.command.slice(1)).toContain('--migrate-only');
    const { code, output } = await runner.complete(job);
    expect(code, output.slice(-4000)).toBe(0);
  });

  step(
    'the simulators, then the four services start and report ready on their probes',
    async () => {
      for (const sim of SIMULATORS) running.set(sim, await runner.start(podOf(sim)));
      const started = await Promise.allSettled(
        SERVICES.map(async (s) => {
          running.set(s, await runner.start(podOf(s)));
        }),
      );
      const refused = started.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (refused.length) throw new Error(refused.map((r) => String(r.reason)).join('\n\n'));
      for (const s of SERVICES) {
        const pod = podOf(s);
        const url = running.get(s)?.url ?? '';
        expect((await fetch(`${url}${pod.livePath ?? '/health/live'}`)).status, `${s} live`).toBe(200);
      }
      bff = running.get('inventory')?.url ?? '';
    },
    240_000,
  );

  if (podman.ok)
    step(
      'each container runs as the manifest restricts it: read-only, no capabilities, non-root, memory',
      async () => {
        for (const name of [...SERVICES, ...SIMULATORS]) {
          const applied = await runner.restrictions?.(name);
          const pod = podOf(name);
          expect(applied?.readOnlyRootfs, name).toBe(true);
          expect(applied?.capDrop.map((c) => c.toUpperCase()).join(','), name).toMatch(/ALL|CAP_/);
          expect(applied?.securityOpt.join(','), name).toContain('no-new-privileges');
          expect(applied?.user, name).toBe('10001:10001');
          const limit = pod.memory
            ? Number(pod.memory.slice(0, -1)) * (pod.memory.endsWith('g') ? 1024 ** 3 : 1024 ** 2)
            : 0;
          expect(applied?.memoryBytes, name).toBe(limit);
        }
      },
    );

  step('the operator signs in through the BFF and prices a car', async () => {
    const account = podOf('account').env;
    const signIn = await fetch(`${bff}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneOrEmail: account.OPERATOR_PHONE, password: account.OPERATOR_PASSWORD }),
    });
    expect(signIn.status, await signIn.clone().text()).toBe(200);
    const { csrfToken } = (await signIn.json()) as { csrfToken: string };
    operator = {
      cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
      'x-csrf-token': csrfToken,
      'content-type': 'application/json',
    };
    await api('/vehicles', {
      method: 'POST',
      headers: operator,
      body: {
        vin: '7SAYGDEE1PA000188',
        model: 'model_y',
        displayName: 'Podman',
        color: 'Pearl White',
        modelYear: 2025,
      },
      status: 201,
    });
    await api('/rates/model_y', {
      method: 'PUT',
      headers: operator,
      body: { dailyRateMinor: 9900, depositMinor: 30000, currency: 'USD' },
    });
  });

  const PHONE = '+12025550164';
  let customer: Record<string, string> = {};
  let reservation: Reservation;

  step(
    'invite → the SMS → register → licence approved → reserve → confirm and pay, all through the BFF',
    async () => {
      await api('/invitations', {
        method: 'POST',
        headers: operator,
        body: { phone: PHONE, name: 'Pat Doe' },
        status: 201,
      });
      const { token, code, link } = await invitationSms(bff, PHONE, operator, { timeoutMs: 60_000 });
      // The link is the public URL the manifests give (the Ingress host, here the BFF).
      expect(link.startsWith(`${bff}/register?token=`), link).toBe(true);
      const registered = await fetch(`${bff}/api/v1/registration`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          token,
          code,
          name: 'Pat Doe',
          email: 'pat@example.com',
          password: 'tacos-in-containers-42',
        }),
      });
      expect(registered.status, await registered.clone().text()).toBe(201);
      const me = (await registered.json()) as Me;
      customer = {
        cookie: (registered.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
        'x-csrf-token': me.csrfToken,
        'content-type': 'application/json',
      };
      // A confirmation needs an approved driver's licence (production keeps the check on): the three
      // photos (a JPEG's first bytes are what account checks), the details, the operator's approval.
      const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2_000, 7)]);
      for (const kind of ['front', 'back', 'selfie']) {
        const uploaded = await fetch(`${bff}/api/v1/me/driver-verification/photos/${kind}`, {
          method: 'PUT',
          headers: { ...customer, 'content-type': 'image/jpeg' },
          body: jpeg,
        });
        expect(uploaded.status, `${kind}: ${await uploaded.text()}`).toBe(200);
      }
      await api('/me/driver-verification', {
        method: 'POST',
        headers: customer,
        body: {
          licenceNumber: 'D1234-5678',
          country: 'US',
          region: 'TX',
          expiresOn: `${String(new Date().getUTCFullYear() + 3)}-06-30`,
          dateOfBirth: '1990-04-12',
        },
      });
      await api(`/customers/${me.user.id}/driver-verification/decision`, {
        method: 'POST',
        headers: operator,
        body: { decision: 'approve' },
      });
      const day = (d: number) =>
        `${new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)}T16:00:00.000Z`;
      const cars = await api<Availability>(
        `/availability?${new URLSearchParams({ from: day(9), to: day(11) }).toString()}`,
        { headers: { cookie: customer.cookie ?? '' } },
      );
      const car = cars.items.find((v) => v.displayName === 'Podman');
      expect(car, JSON.stringify(cars).slice(0, 500)).toBeDefined();
      reservation = await reserveAndConfirm(bff, customer, car?.id ?? '', day(9), day(11));
      expect(reservation.status).toBe('confirmed');
    },
  );

  step('the payment went through the simulator pod and its signed webhooks reached reservation', async () => {
    const paid = await api<ReservationPayments>(`/reservations/${reservation.id}/payments`, {
      headers: { cookie: customer.cookie ?? '' },
    });
    expect(paid.items.map((p) => p.purpose).sort(), JSON.stringify(paid)).toEqual(['deposit', 'rental']);
    expect(paid.totals.heldMinor, JSON.stringify(paid.totals)).toBe(30_000);
    // Each event the simulator sent was delivered: reservation answered 2xx, so the signature verified.
    const sim = running.get('payments-sim')?.url ?? '';
    await expect
      .poll(
        async () => {
          const { deliveries } = (await (await fetch(`${sim}/sim/webhooks/deliveries`)).json()) as {
            deliveries: Array<{ type: string; state: string; attempts: Array<{ status: number | null }> }>;
          };
          return {
            any: deliveries.length > 0,
            states: [...new Set(deliveries.map((d) => d.state))],
            statuses: [...new Set(deliveries.flatMap((d) => d.attempts.map((a) => a.status)))],
          };
        },
        { timeout: 60_000, interval: 500, message: "the simulator's webhook deliveries" },
      )
      .toEqual({ any: true, states: ['delivered'], statuses: [200] });
  });

  step('the confirmation reaches the customer (notification service, through Kafka)', async () => {
    const { 'content-type': _json, ...asOperator } = operator;
    await expect
      .poll(
        async () =>
          (
            await api<DevMessageList>(`/notifications/dev-inbox?to=${encodeURIComponent(PHONE)}`, {
              headers: asOperator,
            })
          ).items.filter((m) => m.channel === 'sms' && m.body.includes('Podman')).length,
        { timeout: 60_000, interval: 500, message: 'the confirmation SMS in the dev inbox' },
      )
      .toBe(1);
  });

  step(
    'SIGTERM to every pod: each drains and exits 0',
    async () => {
      const codes = await Promise.all(
        [...running.entries()].map(async ([name, pod]) => [name, await pod.stop()] as const),
      );
      running.clear();
      expect(Object.fromEntries(codes)).toEqual(
        Object.fromEntries([...SERVICES, ...SIMULATORS].map((n) => [n, 0])),
      );
    },
    180_000,
  );
});
