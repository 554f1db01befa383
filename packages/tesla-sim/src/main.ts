/**
 * Standalone simulator: `npm run tesla-sim`, and the simulator process of the distributed topology
 * (inventory finds it by TESLA_SIMULATOR_URL and reads its OAuth client from `GET /sim/client`).
 * Env: TESLA_SIM_PORT (4500; 0 = any free port), TESLA_SIM_HOST (127.0.0.1), TESLA_SIM_SPEED (1),
 * TESLA_SIM_SEED (1), TESLA_SIM_FLEET_SIZE (8), TESLA_SIM_PUBLIC_URL, TESLA_SIM_REDIRECT_URIS
 * (comma-separated, beyond loopback ones), TESLA_SIM_STATE_PATH (keys and issued tokens kept there
 * across restarts). Telemetry to Kafka as fleet-telemetry writes it: `--kafka host:port[,…]` or
 * KAFKA_BROKERS, with TELEMETRY_KAFKA_NAMESPACE (tesla) and `--kafka-json` or
 * TESLA_SIM_KAFKA_ENCODING=json.
 */
import { publishTelemetryToKafka, startTeslaSim, type KafkaPublisher } from './index';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function numberFrom(name: string, fallback: number, check: (n: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || !check(n)) {
    process.stderr.write(`tesla-sim: ${name}=${raw} is not valid\n`);
    process.exit(78); // EX_CONFIG
  }
  return n;
}

const sim = await startTeslaSim({
  port: numberFrom('TESLA_SIM_PORT', 4500, (n) => Number.isInteger(n) && n >= 0 && n < 65536),
  host: process.env.TESLA_SIM_HOST ?? '127.0.0.1',
  speed: numberFrom('TESLA_SIM_SPEED', 1, (n) => n > 0),
  seed: numberFrom('TESLA_SIM_SEED', 1, Number.isInteger),
  fleetSize: numberFrom('TESLA_SIM_FLEET_SIZE', 8, (n) => Number.isInteger(n) && n > 0 && n <= 500),
  publicUrl: process.env.TESLA_SIM_PUBLIC_URL || undefined,
  redirectUris: (process.env.TESLA_SIM_REDIRECT_URIS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  clock: 'real',
  ...(process.env.TESLA_SIM_STATE_PATH ? { statePath: process.env.TESLA_SIM_STATE_PATH } : {}),
});

const lines = [
  `tesla-sim listening on ${sim.url}`,
  `  authorize:     ${sim.oauth.authorizeUrl}`,
  `  token:         ${sim.oauth.tokenUrl}`,
  `  fleet api:     ${sim.regionBaseUrl('na')}  (eu: ${sim.regionBaseUrl('eu')}, cn: ${sim.regionBaseUrl('cn')})`,
  `  client id:     ${sim.oauth.clientId}`,
  `  client secret: ${sim.oauth.clientSecret}`,
  '  accounts:',
  ...sim.accounts.map(
    (a) => `    ${a.email} / ${a.password}  (${a.region}, ${String(sim.vehicles(a.email).length)} cars)`,
  ),
];
const kafkaBrokers = (argValue('--kafka') ?? process.env.KAFKA_BROKERS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
let publisher: KafkaPublisher | undefined;
if (kafkaBrokers.length > 0) {
  const namespace = process.env.TELEMETRY_KAFKA_NAMESPACE || 'tesla';
  const encoding =
    process.argv.includes('--kafka-json') || process.env.TESLA_SIM_KAFKA_ENCODING === 'json'
      ? 'json'
      : 'protobuf';
  publisher = await publishTelemetryToKafka(sim.telemetry, {
    brokers: kafkaBrokers,
    namespace,
    encoding,
    onError: (error) => process.stderr.write(`tesla-sim: Kafka send failed: ${String(error)}\n`),
  });
  lines.push(
    `  telemetry:     Kafka ${kafkaBrokers.join(',')} topics ${namespace}_V|connectivity|alerts (${encoding})`,
  );
}
// The last line, as every process of this repository says it (scripts and tests wait for it).
lines.push('', `  tesla-sim is ready at ${sim.url}`);
process.stdout.write(`${lines.join('\n')}\n`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    process.stdout.write(`tesla-sim: ${signal}, closing\n`);
    Promise.all([publisher?.close(), sim.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`tesla-sim: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
