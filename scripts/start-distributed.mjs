// `npm run start:distributed`: the distributed topology on one machine. Each service runs as its own
// process from its own bundle (services/<name>/dist/main.js, built by scripts/build-server.mjs),
// against a PostgreSQL server (DATABASE_URL) and Kafka (KAFKA_BROKERS), on its own port. Inventory
// is the backend-for-frontend: the one origin a browser talks to, serving the web app and
// forwarding the other services' /api/v1 routes to them. Unless TESLA_CLIENT_ID (Tesla) or
// TESLA_SIMULATOR_URL (a simulator elsewhere) is set, the Tesla simulator runs as its own process
// too (packages/tesla-sim/dist/main.js, on the port after the services'), publishing telemetry to
// Kafka as fleet-telemetry would, and inventory is given its URL. Ctrl-C stops every process.
//
// Without KAFKA_BROKERS it starts librdkafka's mock cluster (a test peer, not a broker: nothing it
// holds survives it) and says so.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, ensureDependencies, root, run } from './ensure.mjs';

const SERVICES = ['inventory', 'reservation', 'account', 'notification'];
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/cybertacotruck';
/** The demo operator (README), created at the first start unless OPERATOR_PHONE is set. */
const DEMO_OPERATOR = { phone: '+15550100000', password: 'taco-fleet-demo' };
const COLOURS = {
  inventory: 36,
  reservation: 35,
  account: 33,
  notification: 32,
  kafka: 31,
  'tesla-sim': 34,
  start: 1,
};

const width = Math.max(...SERVICES.map((s) => s.length));
const tty = process.stdout.isTTY;
const prefix = (name) => {
  const label = `${name.padEnd(width)} |`;
  return tty ? `\x1b[${COLOURS[name] ?? 0}m${label}\x1b[0m ` : `${label} `;
};
const say = (line) => process.stdout.write(`${prefix('start')}${line}\n`);

/** Creates the database DATABASE_URL names when it does not exist yet (the server must be up). */
async function ensureDatabase(url) {
  const { default: pg } = await import('pg');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/^[A-Za-z_][\w$-]*$/.test(name)) throw new Error(`unexpected database name in DATABASE_URL: ${name}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database "${name}"`);
      say(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

/** KAFKA_BROKERS, or a fresh librdkafka mock cluster (compiled from packages/bus on first use). */
async function kafka() {
  const configured = process.env.KAFKA_BROKERS?.trim();
  if (configured) return { brokers: configured, close: async () => {} };
  const { tsImport } = await import('tsx/esm/api');
  const { startKafkaMock } = await tsImport('@cybertacotruck/bus/testing', import.meta.url);
  const mock = await startKafkaMock();
  const banner = [
    '',
    "!!! KAFKA_BROKERS is not set: started librdkafka's MOCK Kafka cluster at " + mock.brokers.join(','),
    '!!! It is a test peer for local use, not a broker: events live only as long as this command.',
    '!!! Set KAFKA_BROKERS=host:9092 to use a real Kafka.',
    '',
  ];
  for (const line of banner) process.stdout.write(`${prefix('kafka')}${line}\n`);
  return { brokers: mock.brokers.join(','), close: () => mock.close() };
}

/** Every service's URL on consecutive ports from `base`: inventory (the browser's origin) first. */
export function serviceUrls(host, base) {
  return Object.fromEntries(SERVICES.map((s, i) => [s, `http://${host}:${base + i}`]));
}

/** The environment of one service's process in the distributed topology. */
export function serviceEnv(service, o) {
  const urls = o.urls;
  const env = {
    ...o.env,
    NODE_ENV: o.env.NODE_ENV ?? 'development',
    HOST: o.host,
    PORT: String(new URL(urls[service]).port),
    DATABASE_URL: o.databaseUrl,
    KAFKA_BROKERS: o.kafkaBrokers,
    INTERNAL_TOKEN: o.internalToken,
    MIGRATE_ON_START: 'false',
    INVENTORY_URL: urls.inventory,
    RESERVATION_URL: urls.reservation,
    ACCOUNT_URL: urls.account,
    NOTIFICATION_URL: urls.notification,
  };
  // Every service but inventory sits behind the BFF: the browser's address comes in X-Forwarded-For.
  if (service !== 'inventory') env.TRUST_PROXY = o.env.TRUST_PROXY ?? 'true';
  // Tesla is the simulator process, known by its URL only.
  if (service === 'inventory' && o.simulatorUrl) env.TESLA_SIMULATOR_URL = o.simulatorUrl;
  // Links in SMS and e-mail point at the browser's one origin.
  if (service === 'account' || service === 'notification')
    env.PUBLIC_URL = o.env.PUBLIC_URL ?? urls.inventory;
  return env;
}

/** Spawns `node <bundle>`, prefixing each of its lines with `name`. */
function spawnBundle(name, bundle, env, write = (line) => process.stdout.write(line)) {
  const child = spawn(process.execPath, [bundle], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (line) => write(`${prefix(name)}${line}\n`));
  return child;
}

/** Spawns `node services/<service>/dist/main.js`, prefixing each of its lines with its name. */
export function spawnService(service, env, write) {
  return spawnBundle(service, `services/${service}/dist/main.js`, env, write);
}

/**
 * The Tesla simulator as its own process (as a Deployment would run it), publishing telemetry to
 * Kafka; resolves with the process and its URL once it says it is ready.
 */
export async function startSimulator(env, write) {
  const child = spawnBundle('tesla-sim', 'packages/tesla-sim/dist/main.js', env, write);
  const url = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const ready = /tesla-sim is ready at (http:\/\/\S+)/.exec(line);
      if (ready) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`tesla-sim exited (${code}) before it was ready`)));
  });
  return { child, url };
}

async function main() {
  ensureDependencies();
  ensureBuilt();
  process.chdir(root);

  const host = process.env.HOST ?? '127.0.0.1';
  const base = Number(process.env.PORT ?? 3000);
  const urls = serviceUrls(host, base);
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const env = { ...process.env };
  if (!env.OPERATOR_PHONE && !env.OPERATOR_PASSWORD && env.NODE_ENV !== 'production') {
    env.OPERATOR_PHONE = DEMO_OPERATOR.phone;
    env.OPERATOR_PASSWORD = DEMO_OPERATOR.password;
  }
  env.DATA_DIR ??= './data/distributed'; // the Tesla simulator's state and inventory's development keys

  await ensureDatabase(databaseUrl);
  // Every schema once, before the services start (as a Kubernetes Job would).
  run(process.execPath, ['apps/server/dist/main.js', '--migrate-only'], {
    env: { ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });
  const bus = await kafka();

  const children = new Map();
  let simulatorUrl;
  if (!env.TESLA_CLIENT_ID && !env.TESLA_SIMULATOR_URL) {
    const simulator = await startSimulator({
      ...env,
      TESLA_SIM_HOST: host,
      TESLA_SIM_PORT: String(base + SERVICES.length),
      TESLA_SIM_STATE_PATH: join(env.DATA_DIR, 'tesla-sim.json'),
      KAFKA_BROKERS: bus.brokers,
    });
    children.set('tesla-sim', simulator.child);
    simulatorUrl = simulator.url;
  }

  const options = {
    env,
    host,
    urls,
    databaseUrl,
    kafkaBrokers: bus.brokers,
    internalToken: process.env.INTERNAL_TOKEN ?? randomBytes(24).toString('hex'),
    simulatorUrl,
  };
  for (const s of SERVICES) children.set(s, spawnService(s, serviceEnv(s, options)));

  let stopping = false;
  const stopAll = async (code) => {
    if (stopping) return;
    stopping = true;
    say('stopping every service…');
    await Promise.all(
      [...children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }),
    );
    await bus.close();
    process.exit(code);
  };
  for (const [service, child] of children)
    child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`${service} exited (${signal ?? code}); stopping the others`);
      void stopAll(1);
    });
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  say('');
  say(`open ${urls.inventory}  (inventory: the web app and the whole /api/v1, forwarded)`);
  for (const s of SERVICES.slice(1)) say(`${s.padEnd(width)} ${urls[s]}`);
  say(`database ${new URL(databaseUrl).pathname.slice(1)}; Kafka ${bus.brokers}`);
  if (simulatorUrl) say(`Tesla simulator ${simulatorUrl} (Connect Tesla, then pick a demo account)`);
  if (env.OPERATOR_PHONE === DEMO_OPERATOR.phone)
    say(`demo operator: ${DEMO_OPERATOR.phone} / ${DEMO_OPERATOR.password}`);
  say('Ctrl-C stops every service.');
  say('');
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) await main();
