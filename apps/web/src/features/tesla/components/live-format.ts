import type { LiveState } from '@cybertacotruck/contracts';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

/** "2 min ago", "3 hr ago": when the car was last heard from. */
export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  // A car's clock may run ahead of ours: a time in the future is "just now", never "in 3 min".
  const seconds = Math.min(0, Math.round((Date.parse(iso) - now) / 1000));
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}

export type StatusTone = 'ok' | 'muted' | 'warn' | 'info';

/** One word for what the car is doing, and its tone, for badges and map markers. */
export function statusOf(live: LiveState | null): { label: string; tone: StatusTone; key: string } {
  if (!live) return { label: 'No data', tone: 'muted', key: 'unknown' };
  if (live.connectivity === 'offline') return { label: 'Offline', tone: 'warn', key: 'offline' };
  if (live.connectivity === 'asleep') return { label: 'Asleep', tone: 'muted', key: 'asleep' };
  if (live.connectivity === 'unknown') return { label: 'Unknown', tone: 'muted', key: 'unknown' };
  if (live.activity === 'driving') return { label: 'Driving', tone: 'info', key: 'driving' };
  if (live.activity === 'charging') return { label: 'Charging', tone: 'ok', key: 'charging' };
  return { label: 'Parked', tone: 'ok', key: 'parked' };
}

/** The letter on each status's map pin (its colour is in styles.css, .map-pin-<status>). */
export const MARKER_LETTERS: Record<string, string> = {
  driving: 'D',
  charging: 'C',
  parked: 'P',
  asleep: 'Z',
  offline: '!',
  unknown: '?',
};

export const MARKER_STATUS_LABELS: Record<string, string> = {
  driving: 'Driving',
  charging: 'Charging',
  parked: 'Parked',
  asleep: 'Asleep',
  offline: 'Offline',
  unknown: 'No data',
};

export const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n)}%`);
export const miles = (n: number | null) => (n === null ? '—' : `${Math.round(n)} mi`);
