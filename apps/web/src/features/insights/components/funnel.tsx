import type { FunnelRow, FunnelStep } from '@cybertacotruck/contracts';

const LABELS: Record<FunnelStep, string> = {
  invited: 'Invited',
  registered: 'Registered',
  searched: 'Searched',
  held: 'Held a car',
  confirmed: 'Confirmed',
  completed: 'Completed a rental',
};

const percent = (share: number) => `${String(Math.round(share * 100))}%`;

/**
 * The funnel from invitation to a completed rental: each step's people as a bar (scaled to the
 * largest step) and the share of the previous step lost on the way. A list a screen reader reads
 * in order; the bars are decoration.
 */
export function Funnel({ rows }: { rows: FunnelRow[] }) {
  const most = Math.max(1, ...rows.map((r) => r.count));
  return (
    <ol className="funnel" aria-label="Funnel">
      {rows.map((r) => (
        <li key={r.step} className="funnel-step" data-step={r.step}>
          <div className="funnel-line">
            <span className="funnel-label">{LABELS[r.step]}</span>
            <span className="funnel-count">{r.count}</span>
          </div>
          <div className="funnel-track" aria-hidden="true">
            <div className="funnel-bar" style={{ width: `${String((r.count / most) * 100)}%` }} />
          </div>
          <p className="funnel-drop muted small">
            {r.dropOff === null ? '\u00a0' : `${percent(r.dropOff)} drop-off`}
          </p>
        </li>
      ))}
    </ol>
  );
}
