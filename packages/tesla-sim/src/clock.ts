/**
 * The simulator's clock. `manual`: time moves only through advance(). `real`: time follows the
 * wall clock multiplied by `speed`, and advance() still adds a jump on top.
 */
export interface SimClock {
  readonly mode: 'real' | 'manual';
  now(): Date;
  nowMs(): number;
  advance(ms: number): void;
}

export function createClock(
  mode: 'real' | 'manual',
  options: { speed?: number; startAt?: Date } = {},
): SimClock {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new Error(`speed must be > 0 (got ${speed})`);
  const realStart = Date.now();
  const simStart = options.startAt?.getTime() ?? realStart;
  let offset = 0;
  const nowMs = (): number =>
    mode === 'manual' ? simStart + offset : simStart + Math.floor((Date.now() - realStart) * speed) + offset;
  return {
    mode,
    nowMs,
    now: () => new Date(nowMs()),
    advance(ms) {
      if (!(ms >= 0)) throw new Error(`advance needs a non-negative number of ms (got ${ms})`);
      offset += ms;
    },
  };
}
