/**
 * Just enough NetworkPolicy semantics to answer "may pod A open port P on pod B" inside one
 * namespace (podSelector rules, numeric or named ports), so the tests can state the topology's
 * paths — and the ones that must stay closed.
 */
import type { K8sObject } from './render';

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const value = labels[e.key];
    if (e.operator === 'In' && !(has && e.values?.includes(value ?? ''))) return false;
    if (e.operator === 'NotIn' && has && e.values?.includes(value ?? '')) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}
interface Rule {
  to?: Peer[];
  from?: Peer[];
  ports?: Array<{ port?: number | string; protocol?: string }>;
}
interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: Rule[];
  egress?: Rule[];
}

export interface Pod {
  labels: Record<string, string>;
  ports: Record<string, number>;
}

function portMatches(rule: Rule, port: number, target: Pod): boolean {
  if (!rule.ports?.length) return true;
  return rule.ports.some(
    (p) =>
      p.port === undefined ||
      p.port === port ||
      (typeof p.port === 'string' && target.ports[p.port] === port),
  );
}

function peerMatches(peers: Peer[] | undefined, pod: Pod): boolean {
  if (!peers?.length) return true;
  // A peer with a namespaceSelector or ipBlock names something outside this namespace's pods.
  return peers.some(
    (peer) =>
      peer.podSelector !== undefined &&
      !peer.namespaceSelector &&
      !peer.ipBlock &&
      selects(peer.podSelector, pod.labels),
  );
}

/** Whether policies let `from` open TCP `port` on `to` (both in the namespace): egress and ingress. */
export function allows(objects: K8sObject[], from: Pod, to: Pod, port: number): boolean {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.spec as PolicySpec);
  const side = (type: 'Ingress' | 'Egress', subject: Pod, peer: Pod) => {
    const mine = policies.filter(
      (s) => (s.policyTypes ?? ['Ingress']).includes(type) && selects(s.podSelector, subject.labels),
    );
    if (mine.length === 0) return true; // not isolated in this direction
    return mine.some((s) =>
      (type === 'Egress' ? s.egress : s.ingress)?.some(
        (r) =>
          peerMatches(type === 'Egress' ? r.to : r.from, peer) &&
          portMatches(r, port, type === 'Egress' ? peer : subject),
      ),
    );
  };
  return side('Egress', from, to) && side('Ingress', to, from);
}

/** The pods of the rendered workloads, by app.kubernetes.io/name. */
export function podsOf(objects: K8sObject[]): Map<string, Pod> {
  const pods = new Map<string, Pod>();
  for (const o of objects) {
    if (o.kind !== 'Deployment' && o.kind !== 'Job') continue;
    const t = (
      o.spec as {
        template: {
          metadata?: { labels?: Record<string, string> };
          spec: { containers: Array<{ ports?: Array<{ name?: string; containerPort: number }> }> };
        };
      }
    ).template;
    const labels = t.metadata?.labels ?? {};
    const ports = Object.fromEntries(
      t.spec.containers.flatMap((c) =>
        (c.ports ?? []).filter((p) => p.name).map((p) => [p.name ?? '', p.containerPort]),
      ),
    );
    pods.set(labels['app.kubernetes.io/name'] ?? o.metadata.name, { labels, ports });
  }
  return pods;
}
