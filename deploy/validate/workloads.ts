/** The pod templates of rendered workloads and the environment each container gets. */
import type { K8sObject } from './render';

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string; optional?: boolean };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
}

export interface Probe {
  httpGet?: { path?: string; port: string | number };
  tcpSocket?: { port: string | number };
  exec?: { command: string[] };
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { sleep?: { seconds: number }; exec?: unknown } };
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    runAsNonRoot?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    seccompProfile?: { type: string };
  };
}

export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; seccompProfile?: { type: string } };
  topologySpreadConstraints?: unknown[];
  volumes?: Array<{
    name: string;
    secret?: { secretName: string; items?: Array<{ key: string; path: string }> };
  }>;
}

export interface Workload {
  object: K8sObject;
  id: string;
  labels: Record<string, string>;
  pod: PodSpec;
}

export function workloadsOf(objects: K8sObject[]): Workload[] {
  return objects.flatMap((object) => {
    if (object.kind !== 'Deployment' && object.kind !== 'Job') return [];
    const template = (
      object.spec as { template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec } }
    ).template;
    return [
      {
        object,
        id: `${object.kind}/${object.metadata.name}`,
        labels: template.metadata?.labels ?? {},
        pod: template.spec,
      },
    ];
  });
}

/** What the process is: one of our services, all of them (the migrations Job), a simulator, or not ours. */
export type ProcessKind =
  | { kind: 'service'; service: string }
  | { kind: 'all-services' }
  | { kind: 'tesla-sim' }
  | { kind: 'payments-sim' }
  | { kind: 'third-party' };

export function processOf(container: Container): ProcessKind {
  const entry = container.command?.[1] ?? '';
  const service = /^services\/([a-z]+)\/dist\/main\.js$/.exec(entry)?.[1];
  if (service) return { kind: 'service', service };
  if (entry === 'apps/server/dist/main.js') return { kind: 'all-services' };
  if (entry === 'packages/tesla-sim/dist/main.js') return { kind: 'tesla-sim' };
  if (entry === 'packages/payments-sim/dist/main.js') return { kind: 'payments-sim' };
  return { kind: 'third-party' };
}

export type EnvSource =
  | { kind: 'literal'; value: string; from: string }
  | { kind: 'secret'; name: string; key: string; optional: boolean; from: string }
  | { kind: 'other'; from: string };

/** The container's environment as Kubernetes builds it: envFrom first, `env` entries override. */
export function effectiveEnv(container: Container, objects: K8sObject[]): Map<string, EnvSource> {
  const env = new Map<string, EnvSource>();
  for (const source of container.envFrom ?? []) {
    const name = source.configMapRef?.name;
    if (!name) continue;
    const map = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
    for (const [key, value] of Object.entries((map?.data as Record<string, string> | undefined) ?? {}))
      env.set(key, { kind: 'literal', value, from: `ConfigMap/${name}` });
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef;
    if (entry.value !== undefined) env.set(entry.name, { kind: 'literal', value: entry.value, from: 'env' });
    else if (ref)
      env.set(entry.name, {
        kind: 'secret',
        name: ref.name,
        key: ref.key,
        optional: ref.optional ?? false,
        from: 'env',
      });
    else env.set(entry.name, { kind: 'other', from: 'env' });
  }
  return env;
}
