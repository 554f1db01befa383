/**
 * Run 2: a naive poller, as many hobby integrations are written: every minute, read every car
 * with location; a car that answers asleep (408) is sent wake_up and read on a later minute once
 * it is online. No streaming. It uses the project's own FleetApiClient over HTTP, so transport,
 * status codes and metering are the same as in the project run.
 */
import {
  CostMeter,
  DEFAULT_SCOPES,
  FleetApiClient,
  InMemoryTokenStore,
  TeslaOAuthClient,
  TokenManager,
} from '@cybertacotruck/tesla';
import { startTeslaSim } from '@cybertacotruck/tesla-sim';
import { HOUR_MS, MINUTE_MS, countsOf, seconds, type RunResult, type SimSetup } from './shared';

export interface NaiveRunOptions extends SimSetup {
  hours: number;
  progress: (line: string) => void;
}

export async function runNaivePolicy(o: NaiveRunOptions): Promise<RunResult> {
  const started = performance.now();
  const sim = await startTeslaSim({
    port: 0,
    clock: 'manual',
    seed: o.seed,
    fleetSize: o.fleetSize,
    startAt: o.startAt,
    routine: true,
    // The same fleet as the project run (the keys do not matter to a poller that never commands).
    virtualKeys: 'mixed',
  });
  try {
    const account = sim.accounts[0];
    if (!account) throw new Error('the simulator has no account');
    // As in the project run, the access token outlives the run (no billed 401s from the sim clock).
    const issued = await sim.issueTokens({
      email: account.email,
      accessTokenTtlSeconds: Math.ceil((o.hours * HOUR_MS) / 1000) + 86_400,
    });
    const store = new InMemoryTokenStore();
    store.set('naive', {
      accessToken: issued.accessToken,
      refreshToken: issued.refreshToken,
      expiresAt: new Date(Date.now() + issued.expiresIn * 1000),
    });
    const oauth = new TeslaOAuthClient({
      ...sim.oauth,
      redirectUri: 'http://127.0.0.1/callback',
      scopes: DEFAULT_SCOPES,
    });
    const meter = new CostMeter();
    const client = new FleetApiClient({
      connectionId: 'naive',
      tokens: new TokenManager({ oauth, store }),
      baseUrl: sim.regionBaseUrl(account.region),
      meter,
    });
    const vins: string[] = [];
    for (let page = 1; page <= 50; page++) {
      const { vehicles, count } = await client.listVehicles({ page, perPage: 100 });
      vins.push(...vehicles.map((v) => v.vin));
      if (vehicles.length === 0 || vins.length >= count) break;
    }

    let reads = 0;
    let asleepAnswers = 0;
    let awakeTicks = 0;
    const minutes = Math.round((o.hours * HOUR_MS) / MINUTE_MS);
    for (let minute = 1; minute <= minutes; minute++) {
      sim.clock.advance(MINUTE_MS);
      awakeTicks += sim.vehicles(account.email).filter((v) => v.state === 'online').length;
      await Promise.all(
        vins.map(async (vin) => {
          const result = await client.vehicleData(vin);
          if (result.status === 'ok') {
            reads += 1;
            return;
          }
          asleepAnswers += 1;
          await client.wakeUp(vin);
        }),
      );
      if (minute % (6 * 60) === 0 || minute === minutes) {
        const bill = sim.billing.snapshot().total;
        o.progress(
          `[naive]   hour ${Math.round(minute / 60)}/${o.hours} simulated: so far ${bill.data} data, ` +
            `${bill.wake} wake ($${bill.usd.toFixed(2)}); ${seconds(performance.now() - started)} s`,
        );
      }
    }
    const bill = sim.billing.snapshot().total;
    return {
      name: 'naive poll-every-minute',
      vehicles: vins.length,
      simulatedMs: minutes * MINUTE_MS,
      tesla: countsOf(bill),
      teslaUsd: bill.usd,
      wakesCaused: sim.wakesCaused(),
      awakeVehicleHours: awakeTicks / 60,
      wallMs: performance.now() - started,
      appMeter: countsOf(meter.snapshot().total),
      usageTable: null,
      notes: [
        `${reads} vehicle_data reads answered, ${asleepAnswers} answered 408 (asleep) and were sent wake_up`,
      ],
    };
  } finally {
    await sim.close();
  }
}
