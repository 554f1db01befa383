import {
  VEHICLE_MODELS,
  type AvailabilityDaysQuery,
  type AvailabilityQuery,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { isSort, type BrowseFilters, type SortKey } from '../../lib/browse-arrange';
import { monthOf } from '../../lib/range-calendar';
import { defaultRentalPeriod, zonedToInstant } from '../../lib/time';

/** Wall-clock times "YYYY-MM-DDTHH:mm" in the customer's time zone. */
export interface LocalPeriod {
  from: string;
  to: string;
}

/** The URL's names for the filters (`?maxPrice=…&minRange=…&seats=…`). */
export const FILTER_PARAMS = {
  maxDailyMinor: 'maxPrice',
  minRangeMi: 'minRange',
  minSeats: 'seats',
} as const;

const isModel = (value: string | null): value is VehicleModel => VEHICLE_MODELS.some((m) => m === value);
const positive = (value: string | null) => {
  const n = Number(value);
  return value !== null && Number.isInteger(n) && n > 0 ? n : undefined;
};

export interface BrowseSearch {
  period: LocalPeriod;
  model: VehicleModel | undefined;
  /** Dates were searched for (or linked to): the form folds into a summary. */
  searched: boolean;
  sort: SortKey;
  filters: BrowseFilters;
  /** One car asked for (Reserve on its page). */
  only: string | null;
  /** The period as instants (ISO), when it reads as one. */
  from: string | undefined;
  to: string | undefined;
  /** What to ask GET /availability, or null when the period is not a valid one. */
  availability: AvailabilityQuery | null;
  /** The calendar's first month (the pick-up's) and what to ask GET /availability/days for it. */
  days: AvailabilityDaysQuery;
}

/**
 * What `/browse?from=…&to=…&model=…` asks for, in `timeZone`, tomorrow 10:00 → the day after by
 * default. One reading for the page (routes/browse.tsx) and for its loader (app/browse-loader.ts),
 * which asks the server while the page's code is still loading: the same query keys, so the page
 * finds the answers already in the cache.
 */
export function browseSearch(params: URLSearchParams, timeZone: string, now: number): BrowseSearch {
  const fallback = defaultRentalPeriod(new Date(now), timeZone);
  const period = { from: params.get('from') ?? fallback.from, to: params.get('to') ?? fallback.to };
  const modelParam = params.get('model');
  const model = isModel(modelParam) ? modelParam : undefined;
  const sortParam = params.get('sort');
  const from = zonedToInstant(period.from, timeZone)?.toISOString();
  const to = zonedToInstant(period.to, timeZone)?.toISOString();
  return {
    period,
    model,
    searched: params.has('from') && params.has('to'),
    sort: isSort(sortParam) ? sortParam : 'recommended',
    filters: {
      maxDailyMinor: positive(params.get(FILTER_PARAMS.maxDailyMinor)),
      minRangeMi: positive(params.get(FILTER_PARAMS.minRangeMi)),
      minSeats: positive(params.get(FILTER_PARAMS.minSeats)),
    },
    only: params.get('vehicle'),
    from,
    to,
    availability:
      from && to && from < to ? { from, to, timeZone, limit: 200, ...(model ? { model } : {}) } : null,
    days: { month: monthOf(period.from.slice(0, 10)), timeZone, ...(model ? { model } : {}) },
  };
}
