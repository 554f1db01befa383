/**
 * Standalone simulator: `npm run tesla-sim`, and the simulator process of the distributed topology
 * (inventory finds it by TESLA_SIMULATOR_URL and reads its OAuth client from `GET /sim/client`).
 * Env: TESLA_SIM_PORT (4500; 0 = any free port), TESLA_SIM_HOST (127.0.0.1), TESLA_SIM_SPEED (1),
 * TESLA_SIM_SEED (1), TESLA_SIM_FLEET_SIZE (8), TESLA_SIM_PUBLIC_URL, TESLA_SIM_REDIRECT_URIS
 * (comma-separated, beyond loopback ones), TESLA_SIM_STATE_PATH (keys and issued tokens kept there
 * across restarts). Telemetry to Kafka as fleet-telemetry writes it: `--kafka host:port[,…]` or
 * KAFKA_BROKERS (and the services' KAFKA_SSL*, KAFKA_SASL_*, AWS_REGION keys), with
 * TELEMETRY_KAFKA_NAMESPACE (tesla) and `--kafka-json` or TESLA_SIM_KAFKA_ENCODING=json.
 */
import {
  KAFKA_SASL_MECHANISMS,
  KafkaConfigError,
  kafkaConnectionFromConfig,
  type KafkaConnection,
  type KafkaSaslMechanism,
} from '@cybertacotruck/bus';
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
  // A demo fleet: some cars without the app's virtual key, one on firmware too old to stream.
  virtualKeys: 'mixed',
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
/** The KAFKA_* keys as the services read them (TLS, SASL, MSK IAM), so the simulator reaches the same cluster. */
function kafkaFromEnv(): KafkaConnection | null {
  // Each key named as process.env.X: deploy/validate reads this file for the keys it accepts.
  const flag = (name: string, raw: string | undefined): boolean | undefined => {
    if (raw === undefined || raw === '') return undefined;
    if (raw === 'true' || raw === 'false') return raw === 'true';
    process.stderr.write(`tesla-sim: ${name}=${raw} is not valid (true or false)\n`);
    process.exit(78);
  };
  const raw = process.env.KAFKA_SASL_MECHANISM || undefined;
  const isMechanism = (m: string): m is KafkaSaslMechanism =>
    (KAFKA_SASL_MECHANISMS as readonly string[]).includes(m);
  const mechanism = raw !== undefined && isMechanism(raw) ? raw : undefined;
  if (raw !== undefined && mechanism === undefined) {
    process.stderr.write(
      `tesla-sim: KAFKA_SASL_MECHANISM=${raw} is not one of ${KAFKA_SASL_MECHANISMS.join(', ')}\n`,
    );
    process.exit(78);
  }
  try {
    return kafkaConnectionFromConfig(
      {
        NODE_ENV: process.env.NODE_ENV,
        KAFKA_BROKERS: argValue('--kafka') ?? process.env.KAFKA_BROKERS,
        KAFKA_CLIENT_ID: process.env.KAFKA_CLIENT_ID || undefined,
        KAFKA_SSL: flag('KAFKA_SSL', process.env.KAFKA_SSL),
        KAFKA_SSL_CA_FILE: process.env.KAFKA_SSL_CA_FILE || undefined,
        KAFKA_SASL_MECHANISM: mechanism,
        KAFKA_SASL_USERNAME: process.env.KAFKA_SASL_USERNAME || undefined,
        KAFKA_SASL_PASSWORD: process.env.KAFKA_SASL_PASSWORD || undefined,
        AWS_REGION: process.env.AWS_REGION || undefined,
        KAFKA_TOPICS_AUTO_CREATE: flag('KAFKA_TOPICS_AUTO_CREATE', process.env.KAFKA_TOPICS_AUTO_CREATE),
      },
      { defaultClientId: 'cybertacotruck-tesla-sim' },
    );
  } catch (error) {
    if (!(error instanceof KafkaConfigError)) throw error;
    process.stderr.write(`tesla-sim: ${error.message}\n`);
    process.exit(78);
  }
}
const kafka = kafkaFromEnv();
let publisher: KafkaPublisher | undefined;
if (kafka) {
  const namespace = process.env.TELEMETRY_KAFKA_NAMESPACE || 'tesla';
  const encoding =
    process.argv.includes('--kafka-json') || process.env.TESLA_SIM_KAFKA_ENCODING === 'json'
      ? 'json'
      : 'protobuf';
  publisher = await publishTelemetryToKafka(sim.telemetry, {
    kafka,
    namespace,
    encoding,
    onError: (error) => process.stderr.write(`tesla-sim: Kafka send failed: ${String(error)}\n`),
  });
  lines.push(
    `  telemetry:     Kafka ${kafka.brokers.join(',')} topics ${namespace}_V|connectivity|alerts (${encoding})`,
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
