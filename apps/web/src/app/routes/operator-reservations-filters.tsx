import type { UseFormRegister } from 'react-hook-form';
import {
  VEHICLE_MODELS,
  VEHICLE_MODEL_LABELS,
  type Claim,
  type VehicleModel,
} from '@cybertacotruck/contracts';

/** Which claims the timeline shows. */
export const SHOW = {
  active: { label: 'Active', test: (c: Claim) => c.status === 'active' },
  booking: { label: 'Bookings', test: (c: Claim) => c.kind === 'booking' && c.status === 'active' },
  hold: { label: 'Holds', test: (c: Claim) => c.kind === 'hold' && c.status === 'active' },
  maintenance: {
    label: 'Maintenance',
    test: (c: Claim) => c.kind === 'maintenance' && c.status === 'active',
  },
  all: { label: 'All, incl. released and expired', test: () => true },
} as const;
export type Show = keyof typeof SHOW;

/** The timeline's filters; they apply as they change (no submit). */
export interface TimelineFilters {
  model: VehicleModel | '';
  show: Show;
}

export const DEFAULT_FILTERS: TimelineFilters = { model: '', show: 'active' };

interface ToolbarProps {
  register: UseFormRegister<TimelineFilters>;
  /** Days from today the window starts at (0: today). */
  offsetDays: number;
  onMove: (offsetDays: number) => void;
}

/** The window's earlier/today/later buttons and the model and claim filters. */
export function TimelineToolbar({ register, offsetDays, onMove }: ToolbarProps) {
  return (
    <div className="toolbar timeline-toolbar">
      <div className="button-row window-nav" role="group" aria-label="Window">
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            onMove(offsetDays - 7);
          }}
        >
          ← Earlier
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={offsetDays === 0}
          onClick={() => {
            onMove(0);
          }}
        >
          Today
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            onMove(offsetDays + 7);
          }}
        >
          Later →
        </button>
      </div>
      <div className="timeline-filters">
        <label className="stacked-select">
          <span>Model</span>
          <select {...register('model')}>
            <option value="">All models</option>
            {VEHICLE_MODELS.map((m) => (
              <option key={m} value={m}>
                {VEHICLE_MODEL_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className="stacked-select">
          <span>Show</span>
          <select {...register('show')}>
            {Object.entries(SHOW).map(([key, s]) => (
              <option key={key} value={key}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </div>
  );
}
