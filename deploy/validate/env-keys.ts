/**
 * Every environment key a manifest sets on one of our processes must be one its configuration
 * reads, and every value written in the manifests (literals, the ConfigMap, rendered Secrets) must
 * parse under that key's schema. The schema of a process is what `runService` validates
 * (processConfigSchema: the platform's BaseConfigSchema + each mounted service's configSchema)
 * plus SecurityConfigSchema, which createServer parses on its own.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfig, processConfigSchema } from '@cybertacotruck/platform';
import { SecurityConfigSchema } from '../../packages/platform/src/security-headers';
import { InventoryConfigSchema } from '../../services/inventory/src/config';
import { ReservationConfigSchema } from '../../services/reservation/src/config';
import { PaymentsConfigSchema } from '../../services/reservation/src/modules/payments/payments.config';
import { AccountConfigSchema } from '../../services/account/src/config';
import { NotificationConfigSchema } from '../../services/notification/src/config';
import type { K8sObject } from './render';
import { knownSecrets } from './policy';
import {
  effectiveEnv,
  processOf,
  workloadsOf,
  type Container,
  type EnvSource,
  type PodSpec,
} from './workloads';

type ConfigSchema = ReturnType<typeof processConfigSchema>;

const SERVICE_SCHEMAS: Record<string, ConfigSchema[]> = {
  inventory: [InventoryConfigSchema],
  // As services/reservation/src/index.ts composes it: its own keys and the payments module's.
  reservation: [ReservationConfigSchema, PaymentsConfigSchema],
  account: [AccountConfigSchema],
  notification: [NotificationConfigSchema],
};

/** The keys one process reads: what runService validates, plus what createServer parses itself. */
function schemaOf(services: string[]): ConfigSchema {
  return processConfigSchema([
    ...services.flatMap((name) => (SERVICE_SCHEMAS[name] ?? []).map((configSchema) => ({ configSchema }))),
    { configSchema: SecurityConfigSchema },
  ]);
}

/** The simulators, by process kind: each main reads process.env by hand (no schema). */
const SIMULATOR_MAINS = {
  'tesla-sim': '../../packages/tesla-sim/src/main.ts',
  'payments-sim': '../../packages/payments-sim/src/main.ts',
} as const;

/**
 * The keys a simulator knows are the ones its source reads: process.env.X, or a name passed to its
 * numberFrom/integer helper.
 */
function simulatorKeys(kind: keyof typeof SIMULATOR_MAINS): Set<string> {
  const main = readFileSync(fileURLToPath(new URL(SIMULATOR_MAINS[kind], import.meta.url)), 'utf8');
  const keys = [
    ...main.matchAll(/process\.env\.([A-Z0-9_]+)|(?:numberFrom|integer)\(\s*'([A-Z0-9_]+)'/g),
  ].map((m) => m[1] ?? m[2] ?? '');
  return new Set(keys.filter(Boolean));
}

/**
 * Keys another literal of the same container refers to as $(KEY) (Kubernetes' dependent
 * environment variables): inputs to that value, e.g. a secret spliced into a URL list.
 */
function referencedKeys(env: Map<string, EnvSource>): Set<string> {
  const keys = new Set<string>();
  for (const source of env.values())
    if (source.kind === 'literal')
      for (const m of source.value.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) if (m[1]) keys.add(m[1]);
  return keys;
}

export interface EnvProblem {
  container: string;
  key: string;
  problem: 'unknown' | 'invalid';
  detail: string;
}

function secretValue(objects: K8sObject[], name: string, key: string): string | undefined {
  const secret = objects.find((o) => o.kind === 'Secret' && o.metadata.name === name);
  const data = secret?.data as Record<string, string> | undefined;
  const stringData = secret?.stringData as Record<string, string> | undefined;
  if (stringData?.[key] !== undefined) return stringData[key];
  return data?.[key] === undefined ? undefined : Buffer.from(data[key], 'base64').toString('utf8');
}

function valueOf(source: EnvSource, objects: K8sObject[]): string | undefined {
  if (source.kind === 'literal') return source.value;
  if (source.kind === 'secret') return secretValue(objects, source.name, source.key);
  return undefined;
}

/**
 * A path value under one of the container's mounts (e.g. KAFKA_SSL_CA_FILE=/etc/kafka-ca/ca.crt)
 * exists only in the pod, so its parse (which reads the file) cannot run here: instead the file
 * must be one the mounted Secret provides. Returns undefined for values that are not such paths.
 */
function mountedFileProblem(
  value: string,
  container: Container,
  pod: PodSpec,
  objects: K8sObject[],
): string | undefined {
  if (!value.startsWith('/')) return undefined;
  const mount = container.volumeMounts?.find((m) => value.startsWith(`${m.mountPath.replace(/\/$/, '')}/`));
  if (!mount) return undefined;
  const file = value.slice(mount.mountPath.replace(/\/$/, '').length + 1);
  const secret = pod.volumes?.find((v) => v.name === mount.name)?.secret;
  if (!secret) return `${value}: volume ${mount.name} is not a Secret this check can see into`;
  const files = secret.items
    ? secret.items.map((i) => i.path)
    : [...(knownSecrets(objects).get(secret.secretName) ?? [])];
  return files.includes(file)
    ? ''
    : `${value}: Secret ${secret.secretName} mounted at ${mount.mountPath} has no ${file}`;
}

/** Unknown keys and values that do not parse, for every container running our code. */
export function envProblems(objects: K8sObject[]): EnvProblem[] {
  const problems: EnvProblem[] = [];
  for (const workload of workloadsOf(objects)) {
    for (const container of workload.pod.containers) {
      const process = processOf(container);
      if (process.kind === 'third-party') continue;
      const where = `${workload.id}/${container.name}`;
      const env = effectiveEnv(container, objects);
      if (process.kind === 'tesla-sim' || process.kind === 'payments-sim') {
        const known = simulatorKeys(process.kind);
        const inputs = referencedKeys(env);
        for (const key of env.keys())
          if (!known.has(key) && !inputs.has(key))
            problems.push({
              container: where,
              key,
              problem: 'unknown',
              detail: `packages/${process.kind}/src/main.ts does not read it`,
            });
        continue;
      }
      const services = process.kind === 'service' ? [process.service] : Object.keys(SERVICE_SCHEMAS);
      const schema = schemaOf(services);
      const values: Record<string, string> = {};
      for (const [key, source] of env) {
        if (!Object.hasOwn(schema.properties, key)) {
          problems.push({
            container: where,
            key,
            problem: 'unknown',
            detail: `not in the config schema of ${services.join('+')}`,
          });
          continue;
        }
        const value = valueOf(source, objects);
        if (value === undefined) continue;
        const mounted = mountedFileProblem(value, container, workload.pod, objects);
        if (mounted) problems.push({ container: where, key, problem: 'invalid', detail: mounted });
        else if (mounted === undefined) values[key] = value;
      }
      // One parse of every value the manifests write, as the process does at start; a problem
      // counts only for a key written here (keys left to the cluster's secrets are not known).
      try {
        parseConfig(schema, values);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        for (const line of error.problems) {
          const key = line.slice(0, line.indexOf(':'));
          if (Object.hasOwn(values, key))
            problems.push({ container: where, key, problem: 'invalid', detail: line });
        }
      }
    }
  }
  return problems;
}
