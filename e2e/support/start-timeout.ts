/**
 * How long a built process (the app, a service, the simulator) may take to say it is ready, for
 * every e2e file and benchmark: E2E_START_TIMEOUT_MS, else 5 minutes. A fresh bundle on a loaded
 * 2-core CI machine (six test runs, builds, PGlite migrations, the simulator's fleet) has taken
 * minutes; an idle laptop takes seconds, and a process that dies is reported at once anyway.
 * The e2e project's hook timeout (vitest.config.ts, 10 min) leaves a beforeAll room for this and
 * its browser set-up.
 */
export const DEFAULT_E2E_START_TIMEOUT_MS = 300_000;

export function e2eStartTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.E2E_START_TIMEOUT_MS;
  if (raw === undefined || raw === '') return DEFAULT_E2E_START_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 1_000)
    throw new Error(
      `E2E_START_TIMEOUT_MS must be a whole number of milliseconds, at least 1000 (got "${raw}")`,
    );
  return ms;
}
