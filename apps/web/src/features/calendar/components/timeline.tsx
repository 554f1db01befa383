import type { ClaimKind, ClaimStatus, VehicleModel } from '@cybertacotruck/contracts';
import { VEHICLE_MODEL_LABELS } from '@cybertacotruck/contracts';

export interface TimelineRow {
  id: string;
  displayName: string;
  model: VehicleModel;
}

export interface TimelineBlock {
  id: string;
  vehicleId: string;
  kind: ClaimKind;
  status: ClaimStatus;
  from: string;
  to: string;
  /** Short text inside the block: the customer's name, or the maintenance note. */
  label: string;
  /** The whole story, for screen readers and the tooltip. */
  description: string;
}

interface TimelineProps {
  rows: TimelineRow[];
  blocks: TimelineBlock[];
  /** Midnight of each day shown, plus the midnight ending the last one (days + 1 instants). */
  dayStarts: Date[];
  dayLabel: (day: Date) => { weekday: string; date: string };
  now: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
}

/** Where an instant falls, in day columns (2.5 = noon of the third day), clamped to the window. */
function columnOf(instant: number, dayStarts: Date[]): number {
  const last = dayStarts.length - 1;
  if (instant <= (dayStarts[0]?.getTime() ?? 0)) return 0;
  for (let d = 0; d < last; d++) {
    const start = dayStarts[d]?.getTime() ?? 0;
    const end = dayStarts[d + 1]?.getTime() ?? 0;
    // Day lengths differ across a daylight-saving change, so each column is scaled on its own.
    if (instant < end) return d + (instant - start) / (end - start);
  }
  return last;
}

/** Puts overlapping blocks (only possible among released or expired claims) on separate lanes. */
function lanes(blocks: TimelineBlock[]): Map<string, number> {
  const ends: number[] = [];
  const lane = new Map<string, number>();
  for (const b of [...blocks].sort((x, y) => Date.parse(x.from) - Date.parse(y.from))) {
    const free = ends.findIndex((end) => end <= Date.parse(b.from));
    const index = free === -1 ? ends.length : free;
    ends[index] = Date.parse(b.to);
    lane.set(b.id, index);
  }
  return lane;
}

/**
 * One row per vehicle over the window, blocks for holds, bookings and maintenance. It scrolls
 * sideways inside its own box (the vehicle names stay put), so the page never does.
 */
export function Timeline({ rows, blocks, dayStarts, dayLabel, now, selectedId, onSelect }: TimelineProps) {
  const days = dayStarts.length - 1;
  const pct = (column: number) => `${String((column / days) * 100)}%`;
  const nowColumn = columnOf(now, dayStarts);
  const showNow = now > (dayStarts[0]?.getTime() ?? 0) && now < (dayStarts[days]?.getTime() ?? 0);
  return (
    <div className="timeline" tabIndex={0} role="region" aria-label="Reservations timeline, scrolls sideways">
      <div className="timeline-grid" style={{ ['--days' as string]: days }}>
        <div className="timeline-row timeline-header">
          <div className="timeline-label" />
          <div className="timeline-track timeline-days">
            {dayStarts.slice(0, days).map((day) => {
              const { weekday, date } = dayLabel(day);
              return (
                <span key={day.toISOString()} className="timeline-day">
                  <span className="timeline-weekday">{weekday}</span> {date}
                </span>
              );
            })}
          </div>
        </div>
        {rows.map((row) => {
          const mine = blocks.filter((b) => b.vehicleId === row.id);
          const laneOf = lanes(mine);
          const laneCount = Math.max(1, ...[...laneOf.values()].map((l) => l + 1));
          return (
            <div key={row.id} className="timeline-row" data-vehicle={row.displayName}>
              <div className="timeline-label">
                <span className="timeline-name">{row.displayName}</span>
                <span className="timeline-model">{VEHICLE_MODEL_LABELS[row.model]}</span>
              </div>
              <ul
                className="timeline-track"
                style={{ ['--lanes' as string]: laneCount }}
                aria-label={`${row.displayName}: ${mine.length === 0 ? 'free' : `${String(mine.length)} entries`}`}
              >
                {showNow && (
                  <li className="timeline-now" style={{ left: pct(nowColumn) }} aria-hidden="true" />
                )}
                {mine.map((b) => {
                  const start = columnOf(Date.parse(b.from), dayStarts);
                  const end = columnOf(Date.parse(b.to), dayStarts);
                  return (
                    <li
                      key={b.id}
                      className="timeline-slot"
                      style={{
                        left: pct(start),
                        width: `max(1.5rem, ${pct(end - start)})`,
                        top: `calc(${String(laneOf.get(b.id) ?? 0)} * var(--lane-height) + 4px)`,
                      }}
                    >
                      <button
                        type="button"
                        className={`timeline-block block-${b.kind} block-${b.status}${b.id === selectedId ? ' block-selected' : ''}`}
                        title={b.description}
                        aria-label={b.description}
                        aria-pressed={b.id === selectedId}
                        onClick={() => {
                          onSelect(b.id);
                        }}
                      >
                        {b.label}
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </div>
    </div>
  );
}
