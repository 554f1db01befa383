import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createKafkaClient } from '../src/kafka';
import { declaredTopics, type TopicSpec } from '../src/topics';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(here, 'kafka-mock.c');

/** A Kafka-protocol peer for tests: librdkafka's mock cluster, or the broker in KAFKA_BROKERS. */
export interface KafkaForTests {
  brokers: string[];
  /** True for librdkafka's mock cluster (the faults below work only there). */
  mock: boolean;
  createTopic(name: string, partitions: number): Promise<void>;
  /** Takes a broker down (connections refused) until `brokerUp`. Mock cluster only. */
  brokerDown(id?: number): Promise<void>;
  brokerUp(id?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Compiles `kafka-mock.c` once per source version (gcc + Debian's librdkafka-dev), into
 * node_modules/.cache so parallel test workers share one binary.
 */
export function kafkaMockBinary(): string {
  const source = readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = resolve(here, '../../../node_modules/.cache/cybertacotruck');
  const binary = join(dir, `kafka-mock-${hash}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  try {
    execFileSync('gcc', ['-O2', '-o', tmp, SOURCE, '-lrdkafka'], { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(
      `could not compile the Kafka mock cluster (needs gcc and Debian's librdkafka-dev): ${stderr}`,
      { cause: error },
    );
  }
  renameSync(tmp, binary);
  return binary;
}

export interface KafkaMockOptions {
  /** Brokers, ids 1..n (default 1). */
  brokers?: number;
  /**
   * Topics to create at start (default: every declared topic, fleet-telemetry's under the `tesla`
   * namespace). The mock cluster has no CreateTopics API, so it starts as a deployed cluster does:
   * with its declared topics (Strimzi KafkaTopic objects). `[]` = none (a test creating its own).
   */
  topics?: TopicSpec[];
}

/** Starts librdkafka's mock cluster with `brokers` brokers (ids 1..n) and the declared topics. */
export async function startKafkaMock(o: KafkaMockOptions = {}): Promise<KafkaForTests> {
  const child: ChildProcessWithoutNullStreams = spawn(kafkaMockBinary(), [String(o.brokers ?? 1)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`Kafka mock cluster exited (${code}): ${stderr}`));
    });
  });
  exited.catch(() => undefined);
  const next = async (): Promise<string> => {
    const line = await Promise.race([lines.next(), exited]);
    if (line.done) throw new Error(`Kafka mock cluster closed its output: ${stderr}`);
    return line.value;
  };
  const bootstraps = await next();
  let queue = Promise.resolve();
  const command = (text: string): Promise<void> => {
    const run = queue.then(async () => {
      child.stdin.write(`${text}\n`);
      const answer = await next();
      if (answer !== 'ok') throw new Error(`Kafka mock cluster: ${text}: ${answer}`);
    });
    queue = run.catch(() => {});
    return run;
  };
  for (const t of o.topics ?? declaredTopics({ telemetryNamespace: 'tesla' }))
    await command(`topic ${t.name} ${t.partitions}`);
  return {
    brokers: bootstraps.split(','),
    mock: true,
    createTopic: (name, partitions) => command(`topic ${name} ${partitions}`),
    brokerDown: (id = 1) => command(`down ${id}`),
    brokerUp: (id = 1) => command(`up ${id}`),
    close: async () => {
      if (child.exitCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      const ended = await Promise.race([gone.then(() => true), sleep(2000).then(() => false)]);
      if (!ended) child.kill('SIGKILL');
    },
  };
}

/** The broker in KAFKA_BROKERS when set (faults unsupported), else a fresh mock cluster. */
export async function kafkaForTests(o: KafkaMockOptions = {}): Promise<KafkaForTests> {
  const configured = process.env.KAFKA_BROKERS?.trim();
  if (!configured) return startKafkaMock(o);
  const unsupported = () =>
    Promise.reject(new Error('broker faults need the mock cluster (unset KAFKA_BROKERS)'));
  const brokers = configured.split(',');
  // A real broker has the admin API: topics are created as the app creates them.
  const client = createKafkaClient({ brokers, clientId: 'tests', autoCreateTopics: true });
  return {
    brokers,
    mock: false,
    createTopic: (name, partitions) =>
      client.ensureTopics([
        { name, partitions, replicationFactor: 1, config: {}, description: 'a test topic' },
      ]),
    brokerDown: unsupported,
    brokerUp: unsupported,
    close: () => Promise.resolve(),
  };
}
