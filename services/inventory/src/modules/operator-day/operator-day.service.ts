import type { DayMovement, OperatorDay, OperatorDayQuery } from '@cybertacotruck/contracts';
import { RuleViolationError } from '@cybertacotruck/platform';
import type { MovementRow, OperatorDayRepository } from './operator-day.repository';

const DAY_MS = 86_400_000;

export interface OperatorDaySettings {
  /** Battery below this is "low charge" (percent). */
  lowChargeBelow: number;
  /** The charge a car should have when it is handed over (percent). */
  pickupChargeTarget: number;
}

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const reachable = (c: string | null) => c === 'online' || c === 'asleep';

/** The operator's day at a glance: the fleet now, today's and tomorrow's handovers, recent utilisation. */
export class OperatorDayService {
  constructor(
    private readonly repo: OperatorDayRepository,
    private readonly settings: OperatorDaySettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async day(query: OperatorDayQuery): Promise<OperatorDay> {
    const timeZone = query.timeZone ?? 'UTC';
    if (!isTimeZone(timeZone)) {
      throw new RuleViolationError(`The time zone ${JSON.stringify(timeZone)} is not known.`, [
        {
          location: 'query',
          field: 'timeZone',
          message: 'timeZone must be an IANA time zone, e.g. Europe/Berlin',
        },
      ]);
    }
    const now = this.now();
    const bounds = await this.repo.dayBounds(now, timeZone);
    const [fleet, pickups, returns, week, month] = await Promise.all([
      this.repo.fleetNow(now),
      this.repo.movements('start', bounds.today, bounds.after),
      this.repo.movements('end', bounds.today, bounds.after),
      this.repo.booked(new Date(now.getTime() - 7 * DAY_MS), now),
      this.repo.booked(new Date(now.getTime() - 30 * DAY_MS), now),
    ]);
    const { lowChargeBelow } = this.settings;
    const count = (test: (v: (typeof fleet)[number]) => boolean) => fleet.filter(test).length;
    const onDay = (rows: MovementRow[], from: Date, to: Date) =>
      rows.filter((r) => r.at >= from && r.at < to).map((r) => this.movement(r));
    const share = (b: { bookedSeconds: number; vehicles: number }, days: number) =>
      b.vehicles === 0 ? 0 : Math.min(1, b.bookedSeconds / (b.vehicles * days * 86_400));
    return {
      asOf: now.toISOString(),
      timeZone,
      lowChargeBelow,
      counts: {
        total: fleet.length,
        available: count((v) => v.inService && reachable(v.connectivity) && !v.rented && !v.maintenance),
        rented: count((v) => v.rented),
        charging: count((v) => v.chargingState === 'Charging'),
        offline: count((v) => !reachable(v.connectivity)),
        lowCharge: count((v) => v.batteryLevel !== null && v.batteryLevel < lowChargeBelow),
        outOfService: count((v) => !v.inService),
        maintenance: count((v) => v.maintenance),
      },
      days: [
        {
          date: bounds.todayDate,
          pickups: onDay(pickups, bounds.today, bounds.tomorrow),
          returns: onDay(returns, bounds.today, bounds.tomorrow),
        },
        {
          date: bounds.tomorrowDate,
          pickups: onDay(pickups, bounds.tomorrow, bounds.after),
          returns: onDay(returns, bounds.tomorrow, bounds.after),
        },
      ],
      utilisation: { days7: round3(share(week, 7)), days30: round3(share(month, 30)) },
    };
  }

  private movement(r: MovementRow): DayMovement {
    const target = this.settings.pickupChargeTarget;
    const charge = r.batteryLevel === null ? null : Math.round(r.batteryLevel);
    const charged = charge !== null && charge >= target;
    const online = reachable(r.connectivity);
    return {
      claimId: r.claimId,
      reservationId: r.reference,
      vehicleId: r.vehicleId,
      vehicleName: r.vehicleName,
      model: r.model,
      at: r.at.toISOString(),
      readiness: {
        chargePercent: charge,
        targetPercent: target,
        charged,
        online,
        keyPaired: r.keyPaired,
        ready: charged && online && r.keyPaired !== false,
      },
    };
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
