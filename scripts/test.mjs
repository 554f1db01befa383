// `npm test`: installs and builds what is missing, then runs every test project (unit, integration
// on PostgreSQL and PGlite, browser) and ends with the line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ensureDependencies, root } from './ensure.mjs';

ensureDependencies();
ensureBuilt();

if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
  process.stderr.write(
    'Browser tests need Debian chromium: apt-get update && apt-get install -y chromium (bash .ci/run does it).\n',
  );
  process.exit(1);
}

// The Kafka tests compile librdkafka's mock cluster (packages/bus/testing/kafka-mock.c).
if (!process.env.KAFKA_BROKERS && !existsSync('/usr/include/librdkafka/rdkafka_mock.h')) {
  process.stderr.write(
    "Kafka tests need gcc and Debian's librdkafka-dev: apt-get update && apt-get install -y gcc librdkafka-dev (bash .ci/run does it).\n",
  );
  process.exit(1);
}

mkdirSync(join(root, '.artifacts'), { recursive: true });
const report = join(root, '.artifacts', 'vitest-report.json');
const result = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);

let summary = '0 passed, 1 failed'; // vitest wrote no report: count the run itself as the failure
if (existsSync(report)) {
  const { numPassedTests, numFailedTests, numPendingTests } = JSON.parse(readFileSync(report, 'utf8'));
  summary = `${numPassedTests} passed, ${numFailedTests} failed${numPendingTests ? `, ${numPendingTests} skipped` : ''}`;
}
process.stdout.write(`\n${summary}\n`);
process.exit(result.status ?? 1);
