/**
 * What each pod of a rendered overlay runs, as a container run here can reproduce it: the command,
 * the environment Kubernetes would give the container (ConfigMaps, Secrets, literals), and the
 * restrictions of its security context and resources. The cluster-only parts are rewritten to this
 * machine — and only those, each named in `rewrites` with the reason — so that the services run
 * with the manifests' own configuration (NODE_ENV=production, topics never auto-created, …).
 */
import type { K8sObject } from '../validate/render';
import { effectiveEnv, workloadsOf, type Container, type PodSpec } from '../validate/workloads';

export interface PodRun {
  /** The Deployment or Job name. */
  name: string;
  /** `command` of the container: the image's node and the entry point. */
  command: string[];
  env: Record<string, string>;
  /** Port the process listens on here (host network: one port per pod). */
  port?: number;
  /** The startup/readiness probe's path. */
  readyPath?: string;
  livePath?: string;
  /** resources.limits.memory as podman writes it (`384m`). */
  memory?: string;
  readOnlyRootFilesystem: boolean;
  dropAllCapabilities: boolean;
  noNewPrivileges: boolean;
  runAsNonRoot: boolean;
  terminationGracePeriodSeconds: number;
}

export interface Rewrite {
  pod: string;
  key: string;
  why: string;
}

export interface LocalWiring {
  /** Host port for each in-cluster Service name that a pod here stands for. */
  ports: Record<string, number>;
  /** The Service name the Ingress routes to (the BFF): Ingress hosts map to it. */
  ingressService: string;
  databaseUrl: string;
  kafkaBrokers: string;
}

/** Keys that configure the cluster's Kafka listener (Strimzi TLS + SCRAM); the mock cluster has neither. */
const KAFKA_LISTENER_KEYS = /^KAFKA_(SSL|SSL_CA_FILE|SASL_MECHANISM|SASL_USERNAME|SASL_PASSWORD)$/;

const memoryForPodman = (quantity: string | number | undefined): string | undefined => {
  if (quantity === undefined) return undefined;
  const m = /^(\d+)(Mi|Gi)$/.exec(String(quantity));
  if (!m?.[1]) throw new Error(`memory limit ${String(quantity)}: expected Mi or Gi`);
  return m[2] === 'Gi' ? `${m[1]}g` : `${m[1]}m`;
};

/**
 * The pods of `objects` (a rendered overlay) wired to this machine. Throws on anything it cannot
 * resolve (a secret no rule covers), so a new manifest dependency is a decision, not a silent gap.
 */
export function podRuns(
  objects: K8sObject[],
  local: LocalWiring,
): { pods: Map<string, PodRun>; rewrites: Rewrite[] } {
  const services = objects.filter((o) => o.kind === 'Service');
  const ingressHosts = new Set(
    objects
      .filter((o) => o.kind === 'Ingress')
      .flatMap((o) =>
        ((o.spec as { rules?: Array<{ host?: string }> }).rules ?? []).map((r) => r.host ?? ''),
      ),
  );
  const secrets = new Map(
    objects
      .filter((o) => o.kind === 'Secret')
      .map((o) => [o.metadata.name, (o.data as Record<string, string> | undefined) ?? {}]),
  );
  const urlOf = (service: string) => {
    const port = local.ports[service];
    if (port === undefined) throw new Error(`no local port for Service ${service}`);
    return `http://127.0.0.1:${String(port)}`;
  };
  const rewrites: Rewrite[] = [];
  const pods = new Map<string, PodRun>();

  for (const workload of workloadsOf(objects)) {
    const name = workload.object.metadata.name;
    const pod: PodSpec = workload.pod;
    if (pod.containers.length !== 1) throw new Error(`${workload.id}: expected one container`);
    const container = pod.containers[0] as Container;
    const rewrite = (key: string, why: string) => rewrites.push({ pod: name, key, why });
    const env: Record<string, string> = {};
    const own = workload.object.kind === 'Deployment' ? local.ports[name] : undefined;

    for (const [key, source] of effectiveEnv(container, objects)) {
      if (KAFKA_LISTENER_KEYS.test(key)) {
        rewrite(key, "dropped: librdkafka's mock cluster has a plain listener (no TLS, no SCRAM)");
        continue;
      }
      if (key === 'KAFKA_BROKERS') {
        env[key] = local.kafkaBrokers;
        rewrite(key, "librdkafka's mock cluster, with the rendered KafkaTopics created");
        continue;
      }
      if (key === 'DATABASE_URL') {
        env[key] = local.databaseUrl;
        rewrite(key, 'a fresh database on the local PostgreSQL (CloudNativePG makes it in the cluster)');
        continue;
      }
      if (source.kind === 'secret') {
        const data = secrets.get(source.name);
        const encoded = data?.[source.key];
        if (encoded === undefined) {
          if (source.optional) continue;
          throw new Error(
            `${workload.id}: ${key} needs Secret ${source.name} key ${source.key}, not rendered`,
          );
        }
        env[key] = Buffer.from(encoded, 'base64').toString('utf8');
        continue;
      }
      if (source.kind !== 'literal')
        throw new Error(`${workload.id}: ${key} has a source this run cannot give`);
      let value = source.value;
      if ((key === 'PORT' || key === 'TESLA_SIM_PORT' || key === 'PAYMENTS_SIM_PORT') && own !== undefined) {
        value = String(own);
        rewrite(key, 'host network: each pod its own port');
      } else if (/^https?:\/\//.test(value)) {
        // A URL to an in-cluster Service or to the Ingress host → the pod standing for it here.
        const replaced = value
          .split(',')
          .map((one) => {
            const url = new URL(one);
            const service = services.find((s) => s.metadata.name === url.hostname)?.metadata.name;
            const target = service ?? (ingressHosts.has(url.hostname) ? local.ingressService : undefined);
            const byPort = url.hostname === 'localhost' ? portForwarded(url, services) : undefined;
            const to = target ?? byPort;
            return to ? `${urlOf(to)}${url.pathname === '/' ? '' : url.pathname}${url.search}` : one;
          })
          .join(',');
        if (replaced !== value) {
          rewrite(key, `${value} → ${replaced}`);
          value = replaced;
        }
      }
      // After the rewrite, so that the rewrite's note never holds a secret spliced in.
      env[key] = expandReferences(value, env);
    }

    const probe = container.startupProbe ?? container.readinessProbe;
    const security = container.securityContext ?? {};
    pods.set(name, {
      name,
      command: container.command ?? [],
      env,
      ...(own === undefined ? {} : { port: own }),
      ...(probe?.httpGet?.path ? { readyPath: probe.httpGet.path } : {}),
      ...(container.livenessProbe?.httpGet?.path ? { livePath: container.livenessProbe.httpGet.path } : {}),
      ...(container.resources?.limits?.memory === undefined
        ? {}
        : { memory: memoryForPodman(container.resources.limits.memory) }),
      readOnlyRootFilesystem: security.readOnlyRootFilesystem === true,
      dropAllCapabilities: security.capabilities?.drop?.includes('ALL') === true,
      noNewPrivileges: security.allowPrivilegeEscalation === false,
      runAsNonRoot: security.runAsNonRoot === true || pod.securityContext?.runAsNonRoot === true,
      terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds ?? 30,
    });
  }
  return { pods, rewrites };
}

/**
 * Kubernetes' dependent environment variables: `$(NAME)` in a value is the value of NAME when it is
 * defined earlier in the container's environment, else left as written; `$$` is a literal `$`.
 */
export function expandReferences(value: string, earlier: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string | undefined) =>
    name === undefined ? '$' : Object.hasOwn(earlier, name) ? (earlier[name] as string) : whole,
  );
}

/** `http://localhost:<port>` in a manifest means `kubectl port-forward svc/<s> <port>`: the Service with that port. */
function portForwarded(url: URL, services: K8sObject[]): string | undefined {
  const port = Number(url.port);
  return services.find((s) =>
    ((s.spec as { ports?: Array<{ port: number }> }).ports ?? []).some((p) => p.port === port),
  )?.metadata.name;
}
