import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

// The benchmark itself, small, so it cannot rot unnoticed: real PostgreSQL, the librdkafka producer
// and mock cluster, the inventory consumer. Its speed is the benchmark's to report, not asserted here.
describe('bench:telemetry-ingest (smoke run, small fleet)', () => {
  it('produces, consumes and commits every record, and prints its figures', () => {
    const run = spawnSync(
      'npx',
      [
        'tsx',
        'bench/telemetry-ingest.ts',
        '--vehicles',
        '300',
        '--rate',
        '2000',
        '--duration',
        '7',
        '--partitions',
        '4',
      ],
      { cwd: root, encoding: 'utf8', timeout: 110_000 },
    );
    const out = run.stdout;
    expect(run.status, `${out}\n${run.stderr}`).toBe(0);
    const produced = Number(/produced: +([\d,]+) records/.exec(out)?.[1]?.replace(/,/g, ''));
    const consumed = Number(/consumed: +([\d,]+) records committed/.exec(out)?.[1]?.replace(/,/g, ''));
    expect(produced).toBeGreaterThan(10_000);
    expect(consumed).toBe(produced);
    expect(out).toContain('every produced record committed');
    expect(out).toContain('problems:  no warnings or errors');
    expect(out).toMatch(/sustained: [\d,]+ records\/s/);
    expect(out).toMatch(/lag: +p50 \d+ ms, p99 \d+ ms/);
    expect(out).toMatch(/decode-only baseline: [\d,]+ records\/s/);
    expect(out).toMatch(/target ≥ 20,000 records\/s sustained with lag p99 < 2 s: (PASS|NOT met)/);
  }, 120_000);
});
