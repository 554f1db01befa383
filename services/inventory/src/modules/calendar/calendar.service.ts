import {
  ProblemTypes,
  type AvailabilityDaysQuery,
  type AvailabilityQuery,
  type ClaimsQuery,
  type FieldError,
  type MaintenanceBody,
  type PlaceHoldBody,
} from '@cybertacotruck/contracts';
import { isExclusionViolation } from '@cybertacotruck/db';
import { ConflictError, NotFoundError, RuleViolationError } from '@cybertacotruck/platform';
import type { DayCount } from './availability-days';
import type { AvailableItem, CalendarRepository, ClaimRecord, NewClaim } from './calendar.repository';
/** The record the routes present; they read it through the service, never the repository. */
export type { ClaimRecord } from './calendar.repository';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Clocks disagree a little and people take a while to click: a period may start this far back. */
export const PAST_TOLERANCE_MS = 5 * MINUTE_MS;
const TIMELINE_DAYS = { before: 30, after: 365, max: 731 };
const TIMELINE_LIMIT = 1000;
const FLEET_TIMELINE_LIMIT = 10_000;
/** How far from this month a month of free days may be asked for, either way. */
const DAYS_MONTHS_AWAY = 24;

export interface CalendarSettings {
  HOLD_TTL_SECONDS: number;
  CALENDAR_MAX_DAYS: number;
}

export interface Period {
  from: Date;
  to: Date;
}

/** Either a new claim (`created`) or the one this caller already holds (a repeated request). */
export interface PlacedClaim {
  claim: ClaimRecord;
  created: boolean;
}

export interface AvailabilityPage {
  period: Period;
  items: AvailableItem[];
  nextOffset: number | null;
}

type Location = FieldError['location'];

/** The vehicle calendar's rules: valid periods, holds that lapse, and no double-booking. */
/** Projects cars' charge and range at a moment (the ready-at-pickup projection). */
export type AtPickupProjector = (
  vehicleIds: readonly string[],
  at: Date,
) => Promise<Map<string, { chargePercent: number; rangeKm: number } | null>>;

/** At most this many free cars are looked through to fill a page filtered by projected range. */
const MIN_RANGE_SCAN = 2_000;

export class CalendarService {
  constructor(
    private readonly claims: CalendarRepository,
    private readonly settings: CalendarSettings,
    private readonly now: () => Date = () => new Date(),
    private readonly projector?: AtPickupProjector,
  ) {}

  async availability(query: AvailabilityQuery): Promise<AvailabilityPage> {
    const period = this.period(query.from, query.to, 'query', { future: true });
    const near = query.near === undefined ? undefined : parsePoint(query.near);
    if (query.radiusMi !== undefined && !near) {
      throw new RuleViolationError('radiusMi needs near.', [
        { location: 'query', field: 'radiusMi', message: 'radiusMi needs near (a point to measure from)' },
      ]);
    }
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    if (query.minRangeKm !== undefined && this.projector)
      return this.availabilityByRange(query, period, near, limit, offset, query.minRangeKm, this.projector);
    // One row more than the page tells whether there is a next page without counting the fleet.
    const rows = await this.claims.available({
      from: period.from,
      to: period.to,
      model: query.model,
      near,
      radiusMi: query.radiusMi,
      limit: limit + 1,
      offset,
    });
    const items = rows
      .slice(0, limit)
      // In whole miles: measured from the car's area (geo.ts), so decimals would only look precise.
      .map((i) => (i.distanceMi === null ? i : { ...i, distanceMi: Math.round(i.distanceMi) }));
    return {
      period,
      items: this.projector ? await withAtPickup(items, period.from, this.projector) : items,
      nextOffset: rows.length > limit ? offset + limit : null,
    };
  }

  /**
   * A page of the cars projected to have at least `minRangeKm` at the start: the free cars in the
   * usual order, looked through in batches (at most MIN_RANGE_SCAN) and filtered; `offset` counts
   * the cars that pass.
   */
  private async availabilityByRange(
    query: AvailabilityQuery,
    period: Period,
    near: ReturnType<typeof parsePoint> | undefined,
    limit: number,
    offset: number,
    minRangeKm: number,
    projector: AtPickupProjector,
  ): Promise<AvailabilityPage> {
    const wanted = offset + limit + 1;
    const passing: AvailableItem[] = [];
    const batch = 200;
    for (let scanned = 0; passing.length < wanted && scanned < MIN_RANGE_SCAN; scanned += batch) {
      const rows = await this.claims.available({
        from: period.from,
        to: period.to,
        model: query.model,
        near,
        radiusMi: query.radiusMi,
        limit: batch,
        offset: scanned,
      });
      const projected = await withAtPickup(rows, period.from, projector);
      for (const item of projected)
        if (item.atPickup && item.atPickup.rangeKm >= minRangeKm) passing.push(item);
      if (rows.length < batch) break;
    }
    return {
      period,
      items: passing
        .slice(offset, offset + limit)
        .map((i) => (i.distanceMi === null ? i : { ...i, distanceMi: Math.round(i.distanceMi) })),
      nextOffset: passing.length > offset + limit ? offset + limit : null,
    };
  }

  /** Each day of a month in the time zone: vehicles in service and how many are free all day. */
  async availabilityDays(query: AvailabilityDaysQuery): Promise<DayCount[]> {
    const errors: FieldError[] = [];
    if (!isTimeZone(query.timeZone)) {
      errors.push({
        location: 'query',
        field: 'timeZone',
        message: 'timeZone must be an IANA time zone, e.g. America/Chicago',
      });
    }
    const [year = 0, month = 0] = query.month.split('-').map(Number);
    const now = this.now();
    const away = (year - now.getUTCFullYear()) * 12 + (month - 1 - now.getUTCMonth());
    if (Math.abs(away) > DAYS_MONTHS_AWAY) {
      errors.push({
        location: 'query',
        field: 'month',
        message: `month must be within ${String(DAYS_MONTHS_AWAY)} months of this one`,
      });
    }
    if (errors.length > 0) {
      throw new RuleViolationError(
        `The month is invalid: ${errors.map((e) => e.message).join('; ')}.`,
        errors,
      );
    }
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return this.claims.availabilityDays({
      first: `${query.month}-01`,
      last: `${query.month}-${String(last).padStart(2, '0')}`,
      timeZone: query.timeZone,
      model: query.model,
    });
  }

  placeHold(vehicleId: string, body: PlaceHoldBody): Promise<PlacedClaim> {
    const period = this.period(body.from, body.to, 'body', { future: true });
    return this.place({
      vehicleId,
      kind: 'hold',
      ...period,
      reference: body.reference ?? null,
      note: null,
      ttlSeconds: body.ttlSeconds ?? this.settings.HOLD_TTL_SECONDS,
    });
  }

  async blockForMaintenance(vehicleId: string, body: MaintenanceBody): Promise<ClaimRecord> {
    const period = this.period(body.from, body.to, 'body', { future: true });
    const placed = await this.place({
      vehicleId,
      kind: 'maintenance',
      ...period,
      reference: null,
      note: body.note ?? null,
      ttlSeconds: null,
    });
    return placed.claim;
  }

  /** Hold → booking, on the same row. Confirming a booking again returns it unchanged. */
  async confirm(id: string): Promise<ClaimRecord> {
    const confirmed = await this.claims.confirmHold(id);
    if (confirmed) return confirmed;
    const claim = await this.claims.findById(id);
    if (!claim) throw claimNotFound(id);
    if (claim.kind === 'booking' && claim.status === 'active') return claim;
    if (claim.kind === 'hold' && claim.status === 'expired') {
      throw new ConflictError(
        `Hold ${id} expired at ${claim.expiresAt?.toISOString() ?? 'an earlier time'}; place a new one.`,
        ProblemTypes.holdExpired,
      );
    }
    throw new ConflictError(
      claim.kind === 'maintenance'
        ? `Claim ${id} is a maintenance block, not a hold.`
        : `Claim ${id} was ${claim.status}; place a new hold.`,
      ProblemTypes.claimNotActive,
    );
  }

  /** Frees the vehicle. Releasing a claim that is no longer active changes nothing. */
  async release(id: string): Promise<void> {
    if (!(await this.claims.release(id))) throw claimNotFound(id);
  }

  /** Claims by id, any status: how another service checks its records against the calendar. */
  lookup(ids: readonly string[]): Promise<ClaimRecord[]> {
    return this.claims.byIds(ids);
  }

  /** Active holds and bookings with a reference, a page at a time (keyset on id). */
  referenced(after: string | undefined, limit: number | undefined): Promise<ClaimRecord[]> {
    return this.claims.referenced(after ?? null, limit ?? 500);
  }

  /** One vehicle's claims, or the whole fleet's (`vehicleId` null), overlapping the window. */
  async timeline(vehicleId: string | null, query: ClaimsQuery): Promise<ClaimRecord[]> {
    const now = this.now().getTime();
    const from = query.from ?? new Date(now - TIMELINE_DAYS.before * DAY_MS).toISOString();
    const to = query.to ?? new Date(Date.parse(from) + TIMELINE_DAYS.after * DAY_MS).toISOString();
    const period = this.period(from, to, 'query', { future: false, maxDays: TIMELINE_DAYS.max });
    if (vehicleId !== null && !(await this.claims.vehicleExists(vehicleId))) throw vehicleNotFound(vehicleId);
    return this.claims.timeline(
      vehicleId,
      period.from,
      period.to,
      vehicleId === null ? FLEET_TIMELINE_LIMIT : TIMELINE_LIMIT,
    );
  }

  /** What the expiry worker runs: marks lapsed holds expired (they were already free). */
  expireLapsedHolds() {
    return this.claims.expireLapsedHolds();
  }

  private async place(claim: NewClaim): Promise<PlacedClaim> {
    try {
      const placed = await this.claims.place(claim);
      switch (placed.outcome) {
        case 'no-vehicle':
          throw vehicleNotFound(claim.vehicleId);
        case 'out-of-service':
          throw new ConflictError(
            `Vehicle ${claim.vehicleId} is out of service and cannot be held.`,
            ProblemTypes.vehicleOutOfService,
          );
        default:
          return { claim: placed.claim, created: placed.outcome === 'created' };
      }
    } catch (error) {
      // The exclusion constraint, not a read before the write, is what refuses an overlap.
      if (isExclusionViolation(error)) {
        throw new ConflictError(
          `Vehicle ${claim.vehicleId} is not free for all of ${claim.from.toISOString()} – ${claim.to.toISOString()}.`,
          ProblemTypes.vehicleUnavailable,
        );
      }
      throw error;
    }
  }

  /** `[from, to)` from two ISO date-times, or a 400 naming each field that breaks a rule. */
  private period(
    fromText: string,
    toText: string,
    location: Location,
    rules: { future: boolean; maxDays?: number },
  ): Period {
    const from = new Date(fromText);
    const to = new Date(toText);
    const maxDays = rules.maxDays ?? this.settings.CALENDAR_MAX_DAYS;
    const errors: FieldError[] = [];
    if (Number.isNaN(from.getTime())) {
      errors.push({ location, field: 'from', message: 'from must be a valid date-time' });
    }
    if (Number.isNaN(to.getTime())) {
      errors.push({ location, field: 'to', message: 'to must be a valid date-time' });
    }
    if (errors.length === 0) {
      if (to.getTime() <= from.getTime()) {
        errors.push({ location, field: 'to', message: 'to must be after from' });
      } else if (to.getTime() - from.getTime() > maxDays * DAY_MS) {
        errors.push({ location, field: 'to', message: `the period may span at most ${maxDays} days` });
      }
      if (rules.future && from.getTime() < this.now().getTime() - PAST_TOLERANCE_MS) {
        errors.push({ location, field: 'from', message: 'from must not be in the past' });
      }
    }
    if (errors.length > 0) {
      throw new RuleViolationError(
        `The period is invalid: ${errors.map((e) => e.message).join('; ')}.`,
        errors,
        ProblemTypes.invalidPeriod,
      );
    }
    return { from, to };
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `lat,lon` in decimal degrees (the schema has checked the shape; this checks the ranges). */
function parsePoint(text: string): { latitude: number; longitude: number } {
  const [latitude = NaN, longitude = NaN] = text.split(',').map(Number);
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw new RuleViolationError('near is not a point on Earth.', [
      {
        location: 'query',
        field: 'near',
        message: 'near must be latitude,longitude with latitude -90..90 and longitude -180..180',
      },
    ]);
  }
  return { latitude, longitude };
}

const claimNotFound = (id: string) =>
  new NotFoundError(`No claim with id ${id}.`, ProblemTypes.claimNotFound);
const vehicleNotFound = (id: string) =>
  new NotFoundError(`No vehicle with id ${id}.`, ProblemTypes.vehicleNotFound);

async function withAtPickup(
  items: AvailableItem[],
  at: Date,
  projector: AtPickupProjector,
): Promise<AvailableItem[]> {
  if (items.length === 0) return items;
  const projections = await projector(
    items.map((i) => i.vehicle.id),
    at,
  );
  return items.map((i) => ({ ...i, atPickup: projections.get(i.vehicle.id) ?? null }));
}
