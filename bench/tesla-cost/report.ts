/** Turns the two runs into the printed report: rates per vehicle-day, dollars, targets. */
import {
  TESLA_PRICES_USD,
  estimateUsd,
  type BillingCategory,
  type BillingCounts,
} from '@cybertacotruck/tesla';
import { DAY_MS, HOUR_MS, seconds, type RunResult } from './shared';

export const TARGETS = { usdPerVehicleMonth: 1, wakesCaused: 0, cheaperThanNaive: 20 } as const;
const MONTH_DAYS = 30;
const MONTHLY_CREDIT_USD = 10;
const CATEGORIES: readonly BillingCategory[] = ['data', 'command', 'wake', 'signal'];

interface Rates {
  vehicleDays: number;
  perVehicleDay: BillingCounts;
  usdPerVehicleDay: number;
  usdPerVehicleMonth: number;
  /** One account holding the whole fleet, after Tesla's $10 monthly credit, per vehicle. */
  usdPerVehicleMonthAfterCredit: number;
  wakesPerVehicleDay: number;
  awakeHoursPerVehicleDay: number;
}

function ratesOf(r: RunResult): Rates {
  const vehicleDays = (r.vehicles * r.simulatedMs) / DAY_MS;
  const per = (n: number) => (vehicleDays > 0 ? n / vehicleDays : 0);
  const perVehicleDay = {
    data: per(r.tesla.data),
    command: per(r.tesla.command),
    wake: per(r.tesla.wake),
    signal: per(r.tesla.signal),
  };
  const usdPerVehicleDay = per(r.teslaUsd);
  const usdPerVehicleMonth = usdPerVehicleDay * MONTH_DAYS;
  const accountMonth = usdPerVehicleMonth * r.vehicles;
  return {
    vehicleDays,
    perVehicleDay,
    usdPerVehicleDay,
    usdPerVehicleMonth,
    usdPerVehicleMonthAfterCredit:
      r.vehicles > 0 ? Math.max(0, accountMonth - MONTHLY_CREDIT_USD) / r.vehicles : 0,
    wakesPerVehicleDay: per(r.wakesCaused),
    awakeHoursPerVehicleDay: per(r.awakeVehicleHours),
  };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const num = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const usd = (n: number) => `$${num(n, n < 1 ? 4 : 2)}`;
const span = (ms: number) => (ms % DAY_MS === 0 ? `${ms / DAY_MS} d` : `${num(ms / HOUR_MS, 1)} h`);

function table(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('   ')
      .trimEnd(),
  );
}

function keyRates(run: RunResult, byKey: NonNullable<RunResult['byKey']>) {
  const days = run.simulatedMs / DAY_MS;
  const perDay = (c: BillingCounts, cars: number): BillingCounts => {
    const d = cars * days;
    return {
      data: d > 0 ? c.data / d : 0,
      command: d > 0 ? c.command / d : 0,
      wake: d > 0 ? c.wake / d : 0,
      signal: d > 0 ? c.signal / d : 0,
    };
  };
  const month = (c: BillingCounts, cars: number) =>
    cars * days > 0 ? (estimateUsd(c) / (cars * days)) * MONTH_DAYS : 0;
  return {
    groups: byKey.groups.map((g) => ({
      ...g,
      perVehicleDay: perDay(g.tesla, g.vehicles),
      usdPerVehicleMonth: month(g.tesla, g.vehicles),
    })),
    accountPerVehicleDay: perDay(byKey.accountLevel, run.vehicles),
    accountUsdPerVehicleMonth: month(byKey.accountLevel, run.vehicles),
  };
}

export function renderReport(project: RunResult, naive: RunResult | null, naiveError: string | null): string {
  const p = ratesOf(project);
  const n = naive ? ratesOf(naive) : null;
  const out: string[] = [];
  const both = (f: (r: Rates, run: RunResult) => string): string[] =>
    n && naive ? [f(p, project), f(n, naive)] : [f(p, project), 'n/a'];

  out.push('', 'Results (Tesla side of the bill = the simulator’s billing meter)', '');
  out.push(
    ...table([
      ['', 'project policy', 'naive poll-every-minute'],
      ['vehicles', ...both((_r, run) => String(run.vehicles))],
      ['simulated span measured', ...both((_r, run) => span(run.simulatedMs))],
      ['billable calls per vehicle-day', '', ''],
      ...CATEGORIES.map((c) => [`  ${c}`, ...both((r) => num(r.perVehicleDay[c], 3))]),
      ['$ per vehicle-day', ...both((r) => usd(r.usdPerVehicleDay))],
      ['$ per vehicle-month (30 d, list prices)', ...both((r) => usd(r.usdPerVehicleMonth))],
      [
        `  after the $${MONTHLY_CREDIT_USD} credit (one account)`,
        ...both((r) => usd(r.usdPerVehicleMonthAfterCredit)),
      ],
      ['wakes caused (wake_up that woke a car)', ...both((_r, run) => int(run.wakesCaused))],
      ['  per vehicle-day', ...both((r) => num(r.wakesPerVehicleDay, 3))],
      ['hours awake per vehicle-day', ...both((r) => num(r.awakeHoursPerVehicleDay, 1))],
      ['wall time of the run', ...both((_r, run) => `${seconds(run.wallMs)} s`)],
    ]),
  );
  out.push(
    '',
    `Prices (TESLA.md): data $${TESLA_PRICES_USD.data}, command $${TESLA_PRICES_USD.command}, ` +
      `wake $${TESLA_PRICES_USD.wake}, signal $${num(TESLA_PRICES_USD.signal, 8)} per call/signal; ` +
      `$${MONTHLY_CREDIT_USD} monthly credit per account.`,
  );
  if (naive && naive.simulatedMs < project.simulatedMs)
    out.push(
      `NOTE: naive measured over ${num(naive.simulatedMs / HOUR_MS, 0)} simulated hours, scaled: its ` +
        `per-vehicle-day rates come from that span (the project's from ${span(project.simulatedMs)}). ` +
        'A naive poller keeps every car awake, so after its first wakes its bill is flat.',
    );
  if (naiveError) out.push(`NOTE: the naive run failed: ${naiveError}`);

  const keys = project.byKey ? keyRates(project, project.byKey) : null;
  if (keys) {
    out.push(
      '',
      'Project policy by virtual key (Tesla’s bill per VIN; the account’s own calls, i.e. vehicle list and fleet_status, shared out per car)',
      '',
      ...table([
        ['', 'cars', 'data/veh-day', 'signal/veh-day', 'wake/veh-day', '$ per vehicle-month'],
        ...keys.groups.map((g) => [
          g.label,
          String(g.vehicles),
          num(g.perVehicleDay.data, 2),
          num(g.perVehicleDay.signal, 0),
          num(g.perVehicleDay.wake, 3),
          usd(g.usdPerVehicleMonth),
        ]),
        [
          'account-level calls, per car',
          '',
          num(keys.accountPerVehicleDay.data, 2),
          '',
          '',
          usd(keys.accountUsdPerVehicleMonth),
        ],
      ]),
    );
    const [streaming, polled] = keys.groups;
    if (streaming && polled && streaming.usdPerVehicleMonth > 0)
      out.push(
        '',
        `A car that must be polled (key not paired, firmware too old) costs ${num(polled.usdPerVehicleMonth / streaming.usdPerVehicleMonth, 1)}× ` +
          `a paired streaming car: ${usd(polled.usdPerVehicleMonth)} against ${usd(streaming.usdPerVehicleMonth)} per vehicle-month.`,
      );
  }

  const ratio = n && p.usdPerVehicleDay > 0 ? n.usdPerVehicleDay / p.usdPerVehicleDay : null;
  out.push('', `Cost ratio naive / project: ${ratio === null ? 'n/a' : `${num(ratio, 0)}×`}`, '', 'Targets');
  // A paired streaming car's own bill plus its share of the account's calls; the whole fleet's when
  // the run has no split (every car streams).
  const streamingCar = keys?.groups[0];
  const streamingMonth =
    keys && streamingCar
      ? streamingCar.usdPerVehicleMonth + keys.accountUsdPerVehicleMonth
      : p.usdPerVehicleMonth;
  const verdict = (ok: boolean | null) => (ok === null ? 'NOT measured' : ok ? 'PASS' : 'NOT met');
  const wakeCalls = project.tesla.wake;
  out.push(
    ...table([
      [
        `≤ $${TARGETS.usdPerVehicleMonth} per vehicle-month with streaming (project, paired cars)`,
        usd(streamingMonth),
        verdict(streamingMonth <= TARGETS.usdPerVehicleMonth),
      ],
      [
        'zero wakes caused by reading (project)',
        `${int(project.wakesCaused)} woken, ${int(wakeCalls)} wake_up calls`,
        verdict(project.wakesCaused === TARGETS.wakesCaused && wakeCalls === 0),
      ],
      [
        `≥ ${TARGETS.cheaperThanNaive}× cheaper than naive`,
        ratio === null ? 'n/a' : `${num(ratio, 0)}×`,
        verdict(ratio === null ? null : ratio >= TARGETS.cheaperThanNaive),
      ],
    ]),
  );

  out.push('', 'Cross-check: the app’s own metering against Tesla’s bill', '');
  const check = (run: RunResult): string[][] =>
    CATEGORIES.map((c) => {
      const ours = [run.appMeter[c], ...(run.usageTable ? [run.usageTable[c]] : [])];
      return [
        `  ${c}`,
        int(run.tesla[c]),
        ...ours.map(int),
        ours.every((x) => x === run.tesla[c]) ? 'match' : `OFF by ${int(Math.max(...ours) - run.tesla[c])}`,
      ];
    });
  out.push(
    ...table([
      ['project policy', 'Tesla bill', 'CostMeter', 'usage table', ''],
      ...check(project),
      [
        '  $ total',
        usd(project.teslaUsd),
        usd(estimateUsd(project.appMeter)),
        project.usageTable ? usd(estimateUsd(project.usageTable)) : '',
        '',
      ],
    ]),
  );
  if (naive) out.push('', ...table([['naive', 'Tesla bill', 'CostMeter', ''], ...check(naive)]));

  out.push('', 'Run notes');
  for (const run of naive ? [project, naive] : [project])
    for (const note of run.notes) out.push(`  ${run.name}: ${note}`);
  return out.join('\n');
}
