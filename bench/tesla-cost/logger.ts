import type { Logger } from '@cybertacotruck/platform';

/** What the code under test logged at warn level or above, kept for the report instead of printed. */
export interface LogTally {
  warn: number;
  error: number;
  /** The first few distinct messages, for the report. */
  samples: string[];
}

const MAX_SAMPLES = 5;

/** A quiet logger for the services under test: counts warnings and errors, prints nothing. */
export function tallyingLogger(tally: LogTally = { warn: 0, error: 0, samples: [] }): {
  logger: Logger;
  tally: LogTally;
} {
  const keep =
    (level: 'warn' | 'error') =>
    (...args: unknown[]) => {
      tally[level] += 1;
      const message = args.find((a): a is string => typeof a === 'string') ?? '(no message)';
      const err = args.find((a): a is { err: unknown } => typeof a === 'object' && a !== null && 'err' in a);
      const detail = err?.err instanceof Error ? `: ${err.err.message}` : '';
      const line = `${level}: ${message}${detail}`;
      if (tally.samples.length < MAX_SAMPLES && !tally.samples.includes(line)) tally.samples.push(line);
    };
  const ignore = () => undefined;
  const logger: Logger = {
    level: 'warn',
    fatal: keep('error'),
    error: keep('error'),
    warn: keep('warn'),
    info: ignore,
    debug: ignore,
    trace: ignore,
    silent: ignore,
    child: () => logger,
  };
  return { logger, tally };
}
