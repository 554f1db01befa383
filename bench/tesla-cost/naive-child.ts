/**
 * Child-process entry of the naive run, so it uses the second core while the project run (bound
 * to PGlite on the main thread) uses the first. Options arrive as JSON in argv; progress lines
 * and the result go back over the IPC channel.
 */
import { runNaivePolicy } from './naive-run';
import type { RunResult } from './shared';

export type NaiveChildMessage =
  | { kind: 'progress'; line: string }
  | { kind: 'result'; result: RunResult }
  | { kind: 'failed'; error: string };

const send = (message: NaiveChildMessage): Promise<void> =>
  new Promise((resolve, reject) => {
    if (!process.send) {
      reject(new Error('naive-child.ts runs only as a child process with an IPC channel'));
      return;
    }
    process.send(message, (error: Error | null) => {
      if (error) reject(error);
      else resolve();
    });
  });

const options = JSON.parse(process.argv[2] ?? '{}') as {
  seed: number;
  fleetSize: number;
  startAt: string;
  hours: number;
};
try {
  const result = await runNaivePolicy({
    ...options,
    startAt: new Date(options.startAt),
    progress: (line) => {
      void send({ kind: 'progress', line });
    },
  });
  await send({ kind: 'result', result });
} catch (error) {
  await send({
    kind: 'failed',
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  process.exitCode = 1;
} finally {
  process.disconnect();
}
