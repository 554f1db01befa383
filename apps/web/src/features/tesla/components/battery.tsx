import type { LiveState } from '@cybertacotruck/contracts';
import { BoltIcon } from './icons';
import { pct } from './live-format';

/** Battery as a bar (colour by level) with the percentage as text for everyone. */
export function Battery({ live }: { live: LiveState | null }) {
  const level = live?.batteryLevel ?? null;
  const tone = level === null ? 'none' : level < 20 ? 'low' : level < 50 ? 'mid' : 'high';
  return (
    <span className="battery" title={level === null ? 'Battery unknown' : `Battery ${pct(level)}`}>
      <span className="battery-shell" aria-hidden="true">
        <span
          className={`battery-fill battery-${tone}`}
          style={{ width: `${Math.max(0, Math.min(100, level ?? 0))}%` }}
        />
      </span>
      <span>{pct(level)}</span>
      {live?.chargingState === 'Charging' && (
        <span title="Charging">
          <BoltIcon />
          <span className="visually-hidden">charging</span>
        </span>
      )}
    </span>
  );
}
