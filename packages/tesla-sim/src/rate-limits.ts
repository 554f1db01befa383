import type { BillingCategory } from './billing';

/** Per-device, per-minute request limits. Tesla's figures are unconfirmed, so all are opt-in. */
export interface RateLimits {
  dataPerMinute?: number;
  commandsPerMinute?: number;
  wakesPerMinute?: number;
}

export type RateDecision =
  | { ok: true; limit: number; remaining: number; resetSeconds: number }
  | { ok: false; limit: number; retryAfterSeconds: number }
  | null;

const WINDOW_MS = 60_000;

/** A sliding one-minute window per (device or account, category), on the simulated clock. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limits: RateLimits) {}

  /** Records a request; null when the category has no limit. */
  take(subject: string, category: BillingCategory, nowMs: number): RateDecision {
    const limit =
      category === 'data'
        ? this.limits.dataPerMinute
        : category === 'command'
          ? this.limits.commandsPerMinute
          : category === 'wake'
            ? this.limits.wakesPerMinute
            : undefined;
    if (limit === undefined) return null;
    const key = `${subject}:${category}`;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > nowMs - WINDOW_MS);
    const oldest = recent[0] ?? nowMs;
    const resetSeconds = Math.max(1, Math.ceil((oldest + WINDOW_MS - nowMs) / 1000));
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return { ok: false, limit, retryAfterSeconds: resetSeconds };
    }
    recent.push(nowMs);
    this.hits.set(key, recent);
    return { ok: true, limit, remaining: limit - recent.length, resetSeconds };
  }
}
