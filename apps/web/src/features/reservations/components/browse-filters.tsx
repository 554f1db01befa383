import { useId } from 'react';
import { SORTS, type BrowseFilters as Filters, type SortKey } from '../../../lib/browse-arrange';
import { formatMoney, minorPerMajor } from '../../../lib/format';

const SORT_LABELS: Record<SortKey, string> = {
  recommended: 'Recommended',
  'price-asc': 'Price: low to high',
  'price-desc': 'Price: high to low',
  'range-desc': 'Range at pick-up: most first',
};
const PRICES = [75, 100, 150, 200, 300];
const RANGES = [100, 150, 200, 250, 300];
const SEATS = [5, 7];

interface BrowseFiltersProps {
  sort: SortKey;
  filters: Filters;
  /** The currency prices are in (the answer's), for the price steps. */
  currency: string;
  onChange: (next: { sort: SortKey; filters: Filters }) => void;
}

const numberOr = (text: string) => (text === '' ? undefined : Number(text));

/** Sort and narrow the cars found; the choices live in the address, so Back and a reload keep them. */
export function BrowseFilters({ sort, filters, currency, onChange }: BrowseFiltersProps) {
  const id = useId();
  const perMajor = minorPerMajor(currency);
  const set = (patch: Partial<Filters>) => {
    onChange({ sort, filters: { ...filters, ...patch } });
  };
  return (
    <div className="browse-filters" role="group" aria-label="Sort and filter">
      <div className="field">
        <label htmlFor={`${id}-sort`}>Sort by</label>
        <select
          id={`${id}-sort`}
          value={sort}
          onChange={(e) => {
            onChange({ sort: e.target.value as SortKey, filters });
          }}
        >
          {SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-price`}>Price per day</label>
        <select
          id={`${id}-price`}
          value={filters.maxDailyMinor ?? ''}
          onChange={(e) => {
            set({ maxDailyMinor: numberOr(e.target.value) });
          }}
        >
          <option value="">Any price</option>
          {PRICES.map((p) => (
            <option key={p} value={p * perMajor}>
              Up to {formatMoney(p * perMajor, currency)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-range`}>Range when collected</label>
        <select
          id={`${id}-range`}
          value={filters.minRangeMi ?? ''}
          onChange={(e) => {
            set({ minRangeMi: numberOr(e.target.value) });
          }}
        >
          <option value="">Any range</option>
          {RANGES.map((r) => (
            <option key={r} value={r}>
              At least {r} mi
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-seats`}>Seats</label>
        <select
          id={`${id}-seats`}
          value={filters.minSeats ?? ''}
          onChange={(e) => {
            set({ minSeats: numberOr(e.target.value) });
          }}
        >
          <option value="">Any</option>
          {SEATS.map((n) => (
            <option key={n} value={n}>
              {n} or more
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
