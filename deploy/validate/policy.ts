/**
 * The rules every rendered overlay keeps (deploy/README.md "Validation"): probes, resources,
 * security context, images by digest, PDB/HPA/spread per Deployment, drain inside the grace
 * period, `*_URL`s that point at a rendered Service and port, secrets that exist or that an
 * operator creates, and a NetworkPolicy over every pod.
 */
import type { K8sObject } from './render';
import { effectiveEnv, processOf, workloadsOf, type Container, type Workload } from './workloads';
import { selects } from './network';

export interface PolicyProblem {
  object: string;
  rule: string;
  detail: string;
}

/** One replica by design (the fleet, the payments live in memory): no HPA, no PDB. Anything else gets both. */
const SINGLETONS = new Set(['Deployment/tesla-sim', 'Deployment/payments-sim']);
/** URL keys that name an address outside the cluster (a browser's, or Tesla's). */
const EXTERNAL_URL_KEYS = new Set([
  'PUBLIC_URL',
  'TESLA_SIM_PUBLIC_URL',
  'PAYMENTS_SIM_PUBLIC_URL',
  'TESLA_AUTHORIZE_URL',
  'TESLA_TOKEN_URL',
]);
const DIGEST = /@sha256:[0-9a-f]{64}$/;
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

type Problems = PolicyProblem[];

function checkContainer(w: Workload, c: Container, p: Problems): void {
  const where = `${w.id}/${c.name}`;
  const add = (rule: string, detail: string) => p.push({ object: where, rule, detail });
  if (!c.image || !DIGEST.test(c.image))
    add('image-digest', `image ${c.image ?? '(none)'} is not pinned by @sha256 digest`);
  for (const r of ['cpu', 'memory'])
    if (c.resources?.requests?.[r] === undefined) add('resources', `no ${r} request`);
  if (c.resources?.limits?.memory === undefined) add('resources', 'no memory limit');
  const sc = c.securityContext;
  if (sc?.allowPrivilegeEscalation !== false)
    add('security-context', 'allowPrivilegeEscalation is not false');
  if (sc?.readOnlyRootFilesystem !== true) add('security-context', 'readOnlyRootFilesystem is not true');
  if (!sc?.capabilities?.drop?.includes('ALL')) add('security-context', 'capabilities.drop lacks ALL');
  if (sc?.capabilities?.add?.length)
    add('security-context', `adds capabilities ${sc.capabilities.add.join(',')}`);
  if (sc?.runAsNonRoot !== true && w.pod.securityContext?.runAsNonRoot !== true)
    add('security-context', 'runAsNonRoot is not true');
  const seccomp = sc?.seccompProfile?.type ?? w.pod.securityContext?.seccompProfile?.type;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost')
    add('security-context', 'seccompProfile is not RuntimeDefault');
  if (w.object.kind !== 'Deployment') return;
  for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe'] as const)
    if (!c[probe]) add('probes', `no ${probe}`);
  if (processOf(c).kind === 'service') {
    if (c.startupProbe?.httpGet?.path !== '/health/ready')
      add('probes', 'startupProbe is not GET /health/ready');
    if (c.readinessProbe?.httpGet?.path !== '/health/ready')
      add('probes', 'readinessProbe is not GET /health/ready');
    if (c.livenessProbe?.httpGet?.path !== '/health/live')
      add('probes', 'livenessProbe is not GET /health/live');
  }
}

function checkDrain(w: Workload, objects: K8sObject[], p: Problems): void {
  for (const c of w.pod.containers) {
    if (processOf(c).kind !== 'service') continue;
    const pause = c.lifecycle?.preStop?.sleep?.seconds;
    if (pause === undefined) {
      p.push({ object: w.id, rule: 'drain', detail: `${c.name} has no preStop sleep` });
      continue;
    }
    const source = effectiveEnv(c, objects).get('SHUTDOWN_GRACE_MS');
    const graceMs = source?.kind === 'literal' ? Number(source.value) : DEFAULT_SHUTDOWN_GRACE_MS;
    const period = w.pod.terminationGracePeriodSeconds ?? 30;
    if (pause + graceMs / 1000 >= period)
      p.push({
        object: w.id,
        rule: 'drain',
        detail: `preStop ${String(pause)} s + SHUTDOWN_GRACE_MS ${String(graceMs / 1000)} s is not below terminationGracePeriodSeconds ${String(period)}`,
      });
  }
}

function checkAvailability(w: Workload, objects: K8sObject[], p: Problems): void {
  if (w.object.kind !== 'Deployment' || SINGLETONS.has(w.id)) return;
  const pdb = objects.some(
    (o) =>
      o.kind === 'PodDisruptionBudget' &&
      selects((o.spec as { selector?: { matchLabels?: Record<string, string> } }).selector ?? {}, w.labels),
  );
  if (!pdb) p.push({ object: w.id, rule: 'pdb', detail: 'no PodDisruptionBudget selects its pods' });
  const hpa = objects.some((o) => {
    const ref = (o.spec as { scaleTargetRef?: { kind: string; name: string } } | undefined)?.scaleTargetRef;
    return (
      o.kind === 'HorizontalPodAutoscaler' &&
      ref?.kind === 'Deployment' &&
      ref.name === w.object.metadata.name
    );
  });
  if (!hpa) p.push({ object: w.id, rule: 'hpa', detail: 'no HorizontalPodAutoscaler scales it' });
  if (!w.pod.topologySpreadConstraints?.length)
    p.push({ object: w.id, rule: 'spread', detail: 'no topologySpreadConstraints' });
  if (w.pod.automountServiceAccountToken !== false)
    p.push({ object: w.id, rule: 'service-account', detail: 'automountServiceAccountToken is not false' });
}

/** Secrets rendered here, and those an operator writes from a rendered resource, with their keys. */
export function knownSecrets(objects: K8sObject[]): Map<string, Set<string>> {
  const secrets = new Map<string, Set<string>>();
  const add = (name: string, keys: string[]) =>
    secrets.set(name, new Set([...(secrets.get(name) ?? []), ...keys]));
  for (const o of objects) {
    const spec = o.spec as Record<string, unknown> | undefined;
    if (o.kind === 'Secret')
      add(o.metadata.name, [
        ...Object.keys((o.data as object | undefined) ?? {}),
        ...Object.keys((o.stringData as object | undefined) ?? {}),
      ]);
    if (o.kind === 'ExternalSecret') {
      const s = spec as {
        target?: { name?: string; template?: { data?: object } };
        data?: Array<{ secretKey: string }>;
      };
      const keys = s.target?.template?.data
        ? Object.keys(s.target.template.data)
        : (s.data ?? []).map((d) => d.secretKey);
      add(s.target?.name ?? o.metadata.name, keys);
    }
    // Strimzi's User Operator: a Secret named as the KafkaUser; the Cluster Operator: the cluster CA.
    if (o.kind === 'KafkaUser') add(o.metadata.name, ['password', 'sasl.jaas.config']);
    if (o.kind === 'Kafka') add(`${o.metadata.name}-cluster-ca-cert`, ['ca.crt', 'ca.p12', 'ca.password']);
    // CloudNativePG: <cluster>-app for the application owner, <cluster>-ca for the server CA.
    if (o.kind === 'Cluster' && o.apiVersion.startsWith('postgresql.cnpg.io/')) {
      add(`${o.metadata.name}-app`, [
        'username',
        'password',
        'host',
        'port',
        'dbname',
        'uri',
        'jdbc-uri',
        'pgpass',
      ]);
      add(`${o.metadata.name}-ca`, ['ca.crt']);
    }
  }
  return secrets;
}

function checkSecrets(
  w: Workload,
  objects: K8sObject[],
  secrets: Map<string, Set<string>>,
  p: Problems,
): void {
  for (const c of w.pod.containers)
    for (const [key, source] of effectiveEnv(c, objects)) {
      if (source.kind !== 'secret') continue;
      const keys = secrets.get(source.name);
      if (!keys)
        p.push({
          object: `${w.id}/${c.name}`,
          rule: 'secret-ref',
          detail: `${key}: Secret ${source.name} is neither rendered nor created by an operator`,
        });
      else if (!keys.has(source.key) && !source.optional)
        p.push({
          object: `${w.id}/${c.name}`,
          rule: 'secret-ref',
          detail: `${key}: Secret ${source.name} has no key ${source.key}`,
        });
    }
  for (const v of w.pod.volumes ?? []) {
    if (!v.secret) continue;
    const keys = secrets.get(v.secret.secretName);
    if (!keys)
      p.push({
        object: w.id,
        rule: 'secret-ref',
        detail: `volume ${v.name}: Secret ${v.secret.secretName} is neither rendered nor created by an operator`,
      });
    else
      for (const item of v.secret.items ?? [])
        if (!keys.has(item.key))
          p.push({
            object: w.id,
            rule: 'secret-ref',
            detail: `volume ${v.name}: Secret ${v.secret.secretName} has no key ${item.key}`,
          });
  }
}

interface ServicePort {
  name?: string;
  port: number;
}

function checkUrls(w: Workload, objects: K8sObject[], p: Problems): void {
  const services = new Map(
    objects
      .filter((o) => o.kind === 'Service')
      .map((o) => [o.metadata.name, ((o.spec as { ports?: ServicePort[] }).ports ?? []).map((x) => x.port)]),
  );
  for (const c of w.pod.containers)
    for (const [key, source] of effectiveEnv(c, objects)) {
      if (!key.endsWith('_URL') || source.kind !== 'literal' || EXTERNAL_URL_KEYS.has(key)) continue;
      let url: URL;
      try {
        url = new URL(source.value);
      } catch {
        p.push({ object: `${w.id}/${c.name}`, rule: 'url', detail: `${key}: ${source.value} is not a URL` });
        continue;
      }
      const host = url.hostname.replace(/\.svc(\.cluster\.local)?$/, '').split('.')[0] ?? '';
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      const ports = services.get(host);
      if (!ports)
        p.push({ object: `${w.id}/${c.name}`, rule: 'url', detail: `${key}: no rendered Service ${host}` });
      else if (!ports.includes(port))
        p.push({
          object: `${w.id}/${c.name}`,
          rule: 'url',
          detail: `${key}: Service ${host} has no port ${String(port)}`,
        });
    }
}

function checkNetworkPolicies(w: Workload, objects: K8sObject[], p: Problems): void {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  for (const type of ['Ingress', 'Egress']) {
    const covered = policies.some((np) => {
      const spec = np.spec as { podSelector: object; policyTypes?: string[] };
      return (spec.policyTypes ?? ['Ingress']).includes(type) && selects(spec.podSelector, w.labels);
    });
    if (!covered)
      p.push({
        object: w.id,
        rule: 'network-policy',
        detail: `no NetworkPolicy with ${type} selects its pods`,
      });
  }
}

export function policyProblems(objects: K8sObject[]): PolicyProblem[] {
  const problems: Problems = [];
  const secrets = knownSecrets(objects);
  for (const w of workloadsOf(objects)) {
    for (const c of [...w.pod.containers, ...(w.pod.initContainers ?? [])]) checkContainer(w, c, problems);
    checkDrain(w, objects, problems);
    checkAvailability(w, objects, problems);
    checkSecrets(w, objects, secrets, problems);
    checkUrls(w, objects, problems);
    checkNetworkPolicies(w, objects, problems);
  }
  return problems;
}
