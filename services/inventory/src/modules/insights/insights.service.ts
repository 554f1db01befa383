import {
  CANCELLATION_LEAD_TIMES,
  FUNNEL_STEPS,
  INSIGHTS_WINDOWS,
  type CancellationLeadTime,
  type CancellationRow,
  type CarUtilisation,
  type FunnelRow,
  type Insights,
  type InsightsDay,
  type ModelUtilisation,
  type UnmetDemandRow,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { RuleViolationError } from '@cybertacotruck/platform';
import type { UsageService } from '../tesla/usage.service';
import type { DayStart, InsightsRepository, InsightsReservation } from './insights.repository';

const DAY_MS = 86_400_000;
const UNMET_SHOWN = 20;

/** The window's days: which one an instant falls in, and how much of an interval each holds. */
class Days {
  constructor(
    readonly starts: DayStart[],
    readonly now: Date,
  ) {}

  get count(): number {
    return this.starts.length - 1;
  }

  get from(): Date {
    return this.starts[0]?.start ?? this.now;
  }

  /** The day an instant is in, or -1 outside the window (or after now). */
  indexOf(at: Date | null): number {
    if (!at || at < this.from || at > this.now) return -1;
    for (let i = this.count - 1; i >= 0; i--) if ((this.starts[i]?.start ?? this.now) <= at) return i;
    return -1;
  }

  /** Milliseconds of `[from, to)` in each day, up to now. */
  overlap(from: Date, to: Date): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) {
      const start = Math.max(from.getTime(), (this.starts[i] ?? { start: this.now }).start.getTime());
      const end = Math.min(
        to.getTime(),
        (this.starts[i + 1] ?? { start: this.now }).start.getTime(),
        this.now.getTime(),
      );
      out.push(Math.max(0, end - start));
    }
    return out;
  }
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
/** Adds `add` into `into`, element by element. */
const addInto = (into: number[], add: number[]) => {
  for (const [i, x] of add.entries()) into[i] = (into[i] ?? 0) + x;
};
const share = (part: number, whole: number) => (whole <= 0 ? 0 : Math.min(1, part / whole));
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Where a booking kept its car: from pickup (else its start) to return (else its end). */
const bookedSpan = (r: InsightsReservation): [Date, Date] | null => {
  if (!r.confirmedAt || r.cancelledAt || r.expiredAt || r.noShowAt || r.bookingLostAt) return null;
  return [r.pickedUpAt ?? r.startsAt, r.returnedAt ?? r.endsAt];
};

const leadTime = (r: InsightsReservation, at: Date): CancellationLeadTime => {
  const ms = r.startsAt.getTime() - at.getTime();
  if (ms < 0) return 'after_start';
  if (ms < DAY_MS) return 'under_1d';
  if (ms < 3 * DAY_MS) return '1_3d';
  if (ms < 7 * DAY_MS) return '3_7d';
  return 'over_7d';
};

/**
 * The operator's business numbers over the last 7, 30 or 90 days, from the projection of the
 * services' events (insights.consumer.ts), the searches inventory answered and its Tesla bill.
 * Money is on a cash basis: a rental counts the day it is confirmed (charged), a cancellation of a
 * confirmed one takes it back the day it is cancelled (refunded in full), return charges count the
 * day of the return.
 */
export class InsightsService {
  constructor(
    private readonly repo: InsightsRepository,
    private readonly usage: Pick<UsageService, 'report'>,
    private readonly timeZone: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async insights(days: number): Promise<Insights> {
    if (!(INSIGHTS_WINDOWS as readonly number[]).includes(days))
      throw new RuleViolationError(`The window must be 7, 30 or 90 days; got ${String(days)}.`, [
        { location: 'query', field: 'days', message: 'days must be 7, 30 or 90' },
      ]);
    const now = this.now();
    const window = new Days(await this.repo.dayStarts(now, this.timeZone, days), now);
    const fromDay = window.starts[0]?.day ?? '';
    const [reservations, people, searchDays, searchers, vehicles, usage] = await Promise.all([
      this.repo.reservations(window.from),
      this.repo.people(window.from),
      this.repo.searchDays(fromDay),
      this.repo.searchers(fromDay),
      this.repo.vehicles(),
      this.usage.report(days + 1),
    ]);
    const daily: InsightsDay[] = window.starts.slice(0, days).map((d) => ({
      day: d.day,
      invited: 0,
      registered: 0,
      searches: 0,
      unmetSearches: 0,
      held: 0,
      confirmed: 0,
      completed: 0,
      cancelled: 0,
      utilisation: 0,
      revenueMinor: 0,
      teslaCostUsd: 0,
    }));
    const dayIndex = new Map(daily.map((d, i) => [d.day, i]));
    const on = (at: Date | null, f: (d: InsightsDay) => void) => {
      const d = daily[window.indexOf(at)];
      if (d) f(d);
      return d !== undefined;
    };

    let invited = 0;
    let registered = 0;
    for (const p of people)
      on(p.at, (d) => {
        if (p.step === 'invited') {
          d.invited++;
          invited++;
        } else {
          d.registered++;
          registered++;
        }
      });

    // Searches: the day counters, and the periods most often asked for in vain.
    let searches = 0;
    let unmetSearches = 0;
    const unmet = new Map<string, UnmetDemandRow>();
    for (const s of searchDays) {
      const d = daily[dayIndex.get(s.day) ?? -1];
      if (!d) continue;
      d.searches += s.searches;
      d.unmetSearches += s.unmet;
      searches += s.searches;
      unmetSearches += s.unmet;
      const key = `${s.fromDay}|${s.toDay}|${s.model}`;
      const row = unmet.get(key) ?? {
        fromDay: s.fromDay,
        toDay: s.toDay,
        model: s.model === '' ? null : (s.model as VehicleModel),
        searches: 0,
        unmet: 0,
      };
      row.searches += s.searches;
      row.unmet += s.unmet;
      unmet.set(key, row);
    }

    // The revenue's currency: the one most confirmed rentals were priced in.
    const currencies = new Map<string, number>();
    for (const r of reservations)
      if (r.confirmedAt) currencies.set(r.currency, (currencies.get(r.currency) ?? 0) + 1);
    const currency = [...currencies].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'USD';

    const steps = { held: new Set<string>(), confirmed: new Set<string>(), completed: new Set<string>() };
    const counts = { held: 0, confirmed: 0, completed: 0, cancelled: 0, expired: 0, noShow: 0 };
    const revenueByCar = new Map<string, number>();
    const bookedByCar = new Map<string, number>();
    const bookedByDay = daily.map(() => 0);
    const reasons = new Map<string, CancellationRow>();
    const leads = new Map<CancellationLeadTime, number>(CANCELLATION_LEAD_TIMES.map((l) => [l, 0]));
    const earn = (r: InsightsReservation, at: Date | null, minor: number) =>
      on(at, (d) => {
        if (r.currency !== currency) return;
        d.revenueMinor += minor;
        revenueByCar.set(r.vehicleId, (revenueByCar.get(r.vehicleId) ?? 0) + minor);
      });
    for (const r of reservations) {
      if (on(r.heldAt, (d) => d.held++)) {
        counts.held++;
        steps.held.add(r.customerId);
      }
      if (on(r.confirmedAt, (d) => d.confirmed++)) {
        counts.confirmed++;
        steps.confirmed.add(r.customerId);
      }
      if (on(r.returnedAt, (d) => d.completed++)) {
        counts.completed++;
        steps.completed.add(r.customerId);
      }
      if (window.indexOf(r.expiredAt) >= 0) counts.expired++;
      if (window.indexOf(r.noShowAt) >= 0) counts.noShow++;
      const rental = r.rentalMinor ?? 0;
      earn(r, r.confirmedAt, rental);
      earn(r, r.returnedAt, r.chargesMinor ?? 0);
      if (r.cancelledAt && (r.cancelledWasConfirmed ?? r.confirmedAt !== null))
        earn(r, r.cancelledAt, -rental);
      if (on(r.cancelledAt, (d) => d.cancelled++) && r.cancelledAt) {
        counts.cancelled++;
        const by = r.cancelledBy ?? 'customer';
        const key = `${by}|${r.cancelReason ?? ''}`;
        const row = reasons.get(key) ?? {
          cancelledBy: by,
          reason: r.cancelReason,
          count: 0,
          wasConfirmed: 0,
        };
        row.count++;
        if (r.cancelledWasConfirmed) row.wasConfirmed++;
        reasons.set(key, row);
        const lead = leadTime(r, r.cancelledAt);
        leads.set(lead, (leads.get(lead) ?? 0) + 1);
      }
      const span = bookedSpan(r);
      if (span) {
        const perDay = window.overlap(span[0], span[1]);
        addInto(bookedByDay, perDay);
        bookedByCar.set(r.vehicleId, (bookedByCar.get(r.vehicleId) ?? 0) + sum(perDay));
      }
    }

    // Tesla's bill (UTC days, as Tesla counts them), per car by VIN; account calls in the total only.
    const carOfVin = new Map(vehicles.map((v) => [v.vin, v.id]));
    const costByCar = new Map<string, number>();
    for (const u of usage.rows) {
      const d = daily[dayIndex.get(u.day) ?? -1];
      if (!d) continue;
      d.teslaCostUsd += u.usd;
      const car = carOfVin.get(u.vin);
      if (car) costByCar.set(car, (costByCar.get(car) ?? 0) + u.usd);
    }

    // Capacity: each car from when it joined the fleet.
    const capacityByDay = daily.map(() => 0);
    const cars: CarUtilisation[] = vehicles.map((v) => {
      const present = window.overlap(v.createdAt, now);
      addInto(capacityByDay, present);
      const capacity = sum(present);
      const booked = Math.min(capacity, bookedByCar.get(v.id) ?? 0);
      return {
        vehicleId: v.id,
        displayName: v.displayName,
        model: v.model,
        vehicleDays: round(capacity / DAY_MS, 2),
        bookedDays: round(booked / DAY_MS, 2),
        utilisation: round(share(booked, capacity), 4),
        revenueMinor: revenueByCar.get(v.id) ?? 0,
        teslaCostUsd: round(costByCar.get(v.id) ?? 0, 4),
      };
    });
    cars.sort((a, b) => b.utilisation - a.utilisation || a.displayName.localeCompare(b.displayName));
    for (const [i, d] of daily.entries()) {
      d.utilisation = round(share(bookedByDay[i] ?? 0, capacityByDay[i] ?? 0), 4);
      d.teslaCostUsd = round(d.teslaCostUsd, 4);
    }

    const byModel = new Map<VehicleModel, ModelUtilisation>();
    for (const c of cars) {
      const m = byModel.get(c.model) ?? {
        model: c.model,
        cars: 0,
        vehicleDays: 0,
        bookedDays: 0,
        utilisation: 0,
      };
      m.cars++;
      m.vehicleDays += c.vehicleDays;
      m.bookedDays += c.bookedDays;
      byModel.set(c.model, m);
    }
    const models = [...byModel.values()].map((m) => ({
      ...m,
      vehicleDays: round(m.vehicleDays, 2),
      bookedDays: round(m.bookedDays, 2),
      utilisation: round(share(m.bookedDays, m.vehicleDays), 4),
    }));

    const vehicleDays = sum(capacityByDay) / DAY_MS;
    const revenueMinor = sum(daily.map((d) => d.revenueMinor));
    const teslaCostUsd = usage.rows.filter((u) => dayIndex.has(u.day)).reduce((total, u) => total + u.usd, 0);
    const funnelCounts: Record<(typeof FUNNEL_STEPS)[number], number> = {
      invited,
      registered,
      searched: searchers,
      held: steps.held.size,
      confirmed: steps.confirmed.size,
      completed: steps.completed.size,
    };
    const funnel: FunnelRow[] = FUNNEL_STEPS.map((step, i) => {
      const count = funnelCounts[step];
      const previous = i === 0 ? undefined : funnelCounts[FUNNEL_STEPS[i - 1] ?? step];
      const dropOff =
        previous === undefined || previous === 0 ? null : round(Math.max(0, 1 - count / previous), 4);
      return { step, count, dropOff };
    });

    return {
      days,
      timeZone: this.timeZone,
      from: window.from.toISOString(),
      asOf: now.toISOString(),
      currency,
      funnel,
      reservations: counts,
      searches: { total: searches, unmet: unmetSearches },
      unmetDemand: [...unmet.values()]
        .filter((r) => r.unmet > 0)
        .sort((a, b) => b.unmet - a.unmet || a.fromDay.localeCompare(b.fromDay))
        .slice(0, UNMET_SHOWN),
      money: {
        revenueMinor,
        teslaCostUsd: round(teslaCostUsd, 4),
        // Stripe (and its simulator here) report fees only on balance transactions, which the
        // payments module does not read yet: no event carries a fee.
        paymentFeesMinor: null,
        vehicleDays: round(vehicleDays, 2),
        revenuePerVehicleDayMinor: vehicleDays > 0 ? Math.round(revenueMinor / vehicleDays) : 0,
        teslaCostPerVehicleDayUsd: vehicleDays > 0 ? round(teslaCostUsd / vehicleDays, 4) : 0,
      },
      utilisation: {
        fleet: round(share(sum(bookedByDay), sum(capacityByDay)), 4),
        models,
        cars,
      },
      cancellations: {
        total: counts.cancelled,
        byReason: [...reasons.values()].sort(
          (a, b) =>
            b.count - a.count ||
            a.cancelledBy.localeCompare(b.cancelledBy) ||
            (a.reason ?? '').localeCompare(b.reason ?? ''),
        ),
        byLeadTime: CANCELLATION_LEAD_TIMES.map((leadTime) => ({
          leadTime,
          count: leads.get(leadTime) ?? 0,
        })),
      },
      daily,
    };
  }
}

/** The daily series as CSV: a header row, then one row per day, oldest first. */
export function insightsCsv(i: Insights): string {
  const header = [
    'day',
    'invited',
    'registered',
    'searches',
    'unmet_searches',
    'held',
    'confirmed',
    'completed',
    'cancelled',
    'utilisation_percent',
    'revenue',
    'currency',
    'tesla_cost_usd',
  ];
  const money = (minor: number) => (minor / 100).toFixed(2);
  const lines = i.daily.map((d) =>
    [
      d.day,
      d.invited,
      d.registered,
      d.searches,
      d.unmetSearches,
      d.held,
      d.confirmed,
      d.completed,
      d.cancelled,
      (d.utilisation * 100).toFixed(1),
      money(d.revenueMinor),
      i.currency,
      d.teslaCostUsd.toFixed(4),
    ].join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
