import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createTeslaSimApp } from './app';
import { SimControl } from './control';
import { BillingMeter } from './billing';
import { createClock } from './clock';
import { SimUrls, type SimContext } from './context';
import { FaultBook } from './faults';
import { seedWorld } from './fleet/seed';
import { FleetWorld } from './fleet/world';
import { makeSimClient } from './oauth/client';
import { ALL_USER_SCOPES, TokenService, type TokenState } from './oauth/tokens';
import { PartnerRegistry } from './partners';
import { createRng, deriveSeed } from './prng';
import { RateLimiter } from './rate-limits';
import { TelemetryHub } from './telemetry';
import type { TeslaSim, TeslaSimOptions } from './types';

const REAL_CLOCK_TICK_MS = 1_000;

interface SavedState {
  port: number;
  tokens: TokenState;
}

function readState(path: string): SavedState | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SavedState;
  } catch {
    return null; // unreadable: start afresh
  }
}

/** Starts a simulator on its own HTTP port. Close it with `close()`. */
export async function startTeslaSim(o: TeslaSimOptions = {}): Promise<TeslaSim> {
  const seed = o.seed ?? 1;
  const clock = createClock(o.clock ?? 'real', { speed: o.speed, startAt: o.startAt });
  const seeded = seedWorld(seed, o.fleetSize ?? 8, clock.nowMs(), o.virtualKeys ?? 'paired');
  const world = new FleetWorld(seed, seeded.accounts, seeded.vehicles, clock, o.routine ?? true);
  const billing = new BillingMeter();
  const telemetry = new TelemetryHub(seed, billing);
  world.observe(telemetry);
  const urls = new SimUrls();
  const client = makeSimClient(seed, o);
  const tokens = new TokenService({
    clock,
    urls,
    accessTokenTtlSeconds: o.accessTokenTtlSeconds ?? 28_800,
    client,
  });
  // A simulator that keeps its word across restarts: same port, same keys, same grants and tokens.
  const saved = o.statePath ? readState(o.statePath) : null;
  await tokens.init(saved?.tokens, (email) => world.account(email));
  const random = createRng(deriveSeed(seed, 'http'));
  const ctx: SimContext = {
    clock,
    world,
    tokens,
    billing,
    faults: new FaultBook(),
    telemetry,
    urls,
    rateLimiter: new RateLimiter(o.rateLimits ?? {}),
    partners: new PartnerRegistry(o.requirePartnerRegistration ?? false),
    counters: { wakesCaused: 0 },
    random: () => random.next(),
  };

  const control = new SimControl(ctx);
  const app = await createTeslaSimApp(ctx, {
    logger: o.logger === undefined ? false : o.logger,
    ...(o.controlApi === false ? {} : { control }),
  });
  const host = o.host ?? '127.0.0.1';
  let address: string;
  try {
    address = await app.listen({ port: o.port ?? saved?.port ?? 0, host });
  } catch (error) {
    // The remembered port is taken: start anyway; clients holding old tokens must sign in again.
    if (o.port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    address = await app.listen({ port: 0, host });
  }
  const statePath = o.statePath;
  let lastSaved = '';
  const save = async () => {
    if (!statePath) return;
    const state: SavedState = { port: Number(new URL(address).port), tokens: await tokens.exportState() };
    const text = JSON.stringify(state);
    if (text === lastSaved) return;
    mkdirSync(dirname(statePath), { recursive: true });
    writeFileSync(`${statePath}.tmp`, text, { mode: 0o600 });
    renameSync(`${statePath}.tmp`, statePath);
    lastSaved = text;
  };
  await save();
  const saver = statePath
    ? setInterval(() => {
        void save().catch(() => undefined);
      }, 2_000).unref()
    : undefined;
  urls.base = (o.publicUrl ?? address).replace(/\/+$/, '');
  const timer =
    clock.mode === 'real'
      ? setInterval(() => {
          world.sync();
        }, REAL_CLOCK_TICK_MS).unref()
      : undefined;

  let closing: Promise<void> | undefined;

  return {
    url: urls.base,
    regionBaseUrl: (r) => urls.region(r),
    oauth: {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      authorizeUrl: `${urls.issuer()}/authorize`,
      tokenUrl: `${urls.issuer()}/token`,
      audience: urls.region('na'),
      tokenUrls: { na: urls.tokenUrl('na'), eu: urls.tokenUrl('eu'), cn: urls.tokenUrl('cn') },
      proxyUrl: urls.proxy(),
      pairingBaseUrl: urls.pairing(),
    },
    // A getter: a wrong_region fault moves an account.
    get accounts() {
      return seeded.accounts.map((a) => ({
        email: a.email,
        password: a.password,
        region: a.region,
        name: a.name,
      }));
    },
    async issueTokens(opts = {}) {
      const t = await tokens.issueDirect(
        control.account(opts.email),
        opts.scopes ?? [...ALL_USER_SCOPES],
        opts.accessTokenTtlSeconds,
      );
      return { accessToken: t.access_token, refreshToken: t.refresh_token ?? '', expiresIn: t.expires_in };
    },
    revokeConsent(email) {
      tokens.revokeAccount(control.account(email).email);
    },
    vehicles: (email) => control.vehicles(email),
    clock: {
      now: () => clock.now(),
      advance(ms) {
        control.advance(ms);
      },
    },
    faults: {
      inject(f) {
        control.injectFault(f);
      },
      clear() {
        control.clearFaults();
      },
    },
    billing: {
      snapshot: () => billing.snapshot(),
      reset() {
        billing.reset();
      },
    },
    wakesCaused: () => ctx.counters.wakesCaused,
    telemetry: { onRecord: (cb) => telemetry.onRecord(cb) },
    control: {
      drive(vin, minutes) {
        control.drive(vin, minutes);
      },
      park(vin) {
        control.park(vin);
      },
      plugIn(vin) {
        control.plugIn(vin);
      },
      setStreaming(vin, on) {
        control.setStreaming(vin, on);
      },
      pairKey(vin, paired) {
        control.pairKey(vin, paired);
      },
      setFirmware(vin, version) {
        control.setFirmware(vin, version);
      },
      setOtherTelemetryConfigs(vin, count) {
        control.setOtherTelemetryConfigs(vin, count);
      },
      reportTelemetryError(vin, error) {
        control.reportTelemetryError(vin, error);
      },
      acceptInvitation: (shareLink, name) => control.acceptInvitation(shareLink, name),
      setBatteryLevel(vin, percent) {
        control.setBatteryLevel(vin, percent);
      },
      setOutsideTemp(vin, celsius) {
        control.setOutsideTemp(vin, celsius);
      },
    },
    close() {
      closing ??= (async () => {
        if (timer) clearInterval(timer);
        if (saver) clearInterval(saver);
        await save();
        await app.close();
      })();
      return closing;
    },
  };
}
