/**
 * Offline validation of every overlay (deploy/README.md "Validation"): `kubectl kustomize`, then
 * the published schemas, unknown fields, the policies, the env keys against the services' config
 * schemas, the network paths of the topology and the Kafka topics against the bus's declaration.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { declaredTopics } from '../../packages/bus/src/topics';
import { DATA_SUBNETS_CIDR, VPC_CIDR } from '../infra/src/network';
import { allows, podsOf, selects } from './network';
import { render, type K8sObject } from './render';
import { validate, type Report } from './validate';

const OVERLAYS = ['overlays/local', 'overlays/eks', 'overlays/eks-cluster'] as const;
const rendered = new Map<string, K8sObject[]>();
const reports = new Map<string, Report>();

beforeAll(async () => {
  for (const overlay of OVERLAYS) {
    const objects = render(overlay);
    rendered.set(overlay, objects);
    reports.set(overlay, await validate(objects));
  }
}, 60_000);

const objectsOf = (overlay: string) => rendered.get(overlay) ?? [];
const reportOf = (overlay: string): Report => {
  const report = reports.get(overlay);
  if (!report) throw new Error(`${overlay} was not validated`);
  return report;
};
const byKind = (overlay: string, kind: string) => objectsOf(overlay).filter((o) => o.kind === kind);

describe.each(OVERLAYS)('%s', (overlay) => {
  it('renders', () => {
    expect(objectsOf(overlay).length).toBeGreaterThan(1);
  });
  it('has 0 schema errors', () => {
    expect(reportOf(overlay).schema).toEqual([]);
  });
  it('has 0 unknown fields', () => {
    expect(reportOf(overlay).unknownFields).toEqual([]);
  });
  it('has 0 policy violations', () => {
    expect(reportOf(overlay).policy).toEqual([]);
  });
  it("sets only env keys the process's config reads, with values that parse", () => {
    // Lists each key a manifest sets that the process does not know (or whose value fails).
    expect(reportOf(overlay).env.map((p) => `${p.container}: ${p.key} ${p.problem} (${p.detail})`)).toEqual(
      [],
    );
  });
});

describe.each(['overlays/local', 'overlays/eks'])('%s network paths', (overlay) => {
  const paths: Array<[string, string, boolean]> = [
    ['inventory', 'reservation', true], // the BFF forwards
    ['inventory', 'account', true],
    ['inventory', 'notification', true],
    ['reservation', 'inventory', true], // the vehicle calendar
    ['reservation', 'account', true], // sessions
    ['notification', 'account', true], // contacts and sessions
    ['account', 'inventory', false], // account calls no one
    ['account', 'reservation', false],
    ['notification', 'reservation', false],
    ['reservation', 'notification', false],
    ['migrate', 'inventory', false],
  ];
  it.each(paths)('%s → %s: %s', (from, to, allowed) => {
    const pods = podsOf(objectsOf(overlay));
    const a = pods.get(from);
    const b = pods.get(to);
    if (!a || !b) throw new Error(`no pod ${!a ? from : to}`);
    expect(allows(objectsOf(overlay), a, b, 3000)).toBe(allowed);
  });
});

describe('overlays/local payments simulator paths', () => {
  const paths: Array<[string, string, number, boolean]> = [
    ['reservation', 'payments-sim', 4600, true], // Stripe's API, simulated
    ['payments-sim', 'reservation', 3000, true], // its signed webhooks
    ['inventory', 'payments-sim', 4600, false],
    ['account', 'payments-sim', 4600, false],
    ['payments-sim', 'inventory', 3000, false],
    ['payments-sim', 'account', 3000, false],
  ];
  it.each(paths)('%s → %s:%s: %s', (from, to, port, allowed) => {
    const objects = objectsOf('overlays/local');
    const pods = podsOf(objects);
    const a = pods.get(from);
    const b = pods.get(to);
    if (!a || !b) throw new Error(`no pod ${!a ? from : to}`);
    expect(allows(objects, a, b, port)).toBe(allowed);
  });
});

describe('overlays/local Kafka', () => {
  it('declares exactly the topics packages/bus declares, with their partitions and config', () => {
    const topics = byKind('overlays/local', 'KafkaTopic').map((t) => {
      const spec = t.spec as {
        topicName: string;
        partitions: number;
        config: Record<string, string | number>;
      };
      const { ['min.insync.replicas']: _isr, ...config } = spec.config;
      return {
        name: spec.topicName,
        partitions: spec.partitions,
        config: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, String(v)])),
      };
    });
    const declared = declaredTopics({ telemetryNamespace: 'tesla' }).map((t) => {
      const { ['min.insync.replicas']: _isr, ...config } = t.config;
      return { name: t.name, partitions: t.partitions, config };
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(topics.sort(byName)).toEqual(declared.sort(byName));
  });

  it('gives every KafkaUser literal, named ACLs without All (least privilege)', () => {
    const users = byKind('overlays/local', 'KafkaUser');
    expect(users.map((u) => u.metadata.name).sort()).toEqual([
      'kafka-account',
      'kafka-inventory',
      'kafka-notification',
      'kafka-reservation',
      'kafka-tesla-sim',
    ]);
    for (const user of users) {
      const acls = (
        user.spec as {
          authorization: {
            acls: Array<{ resource: { name?: string; patternType?: string }; operations: string[] }>;
          };
        }
      ).authorization.acls;
      for (const acl of acls) {
        expect(acl.resource.patternType, user.metadata.name).toBe('literal');
        expect(acl.resource.name, user.metadata.name).not.toBe('*');
        expect(acl.operations, user.metadata.name).not.toContain('All');
      }
    }
  });
});

describe('overlays/eks', () => {
  it('reaches RDS and MSK only in the data subnets deploy/infra creates', () => {
    const policy = byKind('overlays/eks', 'NetworkPolicy').find((p) => p.metadata.name === 'egress-data');
    const cidrs = (
      policy?.spec as { egress: Array<{ to: Array<{ ipBlock?: { cidr: string } }> }> }
    ).egress.flatMap((r) => r.to.map((t) => t.ipBlock?.cidr));
    expect(cidrs).toContain(DATA_SUBNETS_CIDR);
    const alb = byKind('overlays/eks', 'NetworkPolicy').find((p) => p.metadata.name === 'inventory-from-alb');
    expect(JSON.stringify(alb?.spec)).toContain(VPC_CIDR);
  });
});

describe('overlays/eks payments', () => {
  const reservationEnv = () => {
    const deployment = byKind('overlays/eks', 'Deployment').find((d) => d.metadata.name === 'reservation');
    return (
      deployment?.spec as {
        template: {
          spec: {
            containers: Array<{
              env?: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
            }>;
          };
        };
      }
    ).template.spec.containers[0]?.env;
  };

  it("gives reservation Stripe's keys from the External Secret (Secrets Manager), no simulator", () => {
    const env = reservationEnv() ?? [];
    const external = byKind('overlays/eks', 'ExternalSecret').find(
      (e) => e.metadata.name === 'cybertacotruck-app',
    );
    const fromAws = new Set(
      (external?.spec as { data: Array<{ secretKey: string }> }).data.map((d) => d.secretKey),
    );
    for (const key of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_PUBLISHABLE_KEY']) {
      const ref = env.find((e) => e.name === key)?.valueFrom?.secretKeyRef;
      expect(ref, key).toEqual({ name: 'cybertacotruck-app', key });
      expect(fromAws.has(key), `${key} in the ExternalSecret`).toBe(true);
    }
    expect(env.map((e) => e.name)).not.toContain('STRIPE_API_URL');
    expect(env.map((e) => e.name)).not.toContain('PAYMENTS_SIMULATOR');
    expect(byKind('overlays/eks', 'Deployment').map((d) => d.metadata.name)).not.toContain('payments-sim');
  });

  it('lets reservation reach Stripe over HTTPS outside the VPC only', () => {
    const policies = byKind('overlays/eks', 'NetworkPolicy').filter((p) =>
      selects((p.spec as { podSelector: object }).podSelector, { 'app.kubernetes.io/name': 'reservation' }),
    );
    const https = policies.flatMap((p) =>
      (
        (
          p.spec as {
            egress?: Array<{
              to: Array<{ ipBlock?: { cidr: string; except?: string[] } }>;
              ports: Array<{ port: number }>;
            }>;
          }
        ).egress ?? []
      ).filter(
        (r) => r.ports.some((port) => port.port === 443) && r.to.some((t) => t.ipBlock?.cidr === '0.0.0.0/0'),
      ),
    );
    expect(https).toHaveLength(1);
    expect(https[0]?.to[0]?.ipBlock?.except).toContain('10.0.0.0/8');
  });
});

describe('the validation fails on', () => {
  const local = () => structuredClone(objectsOf('overlays/local'));
  const inventoryContainer = (objects: K8sObject[]) => {
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'inventory');
    const container = (
      deployment?.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } } | undefined
    )?.template.spec.containers[0];
    if (!container) throw new Error('no inventory container');
    return container;
  };

  it('a typo in a field name (readinessProbee)', async () => {
    const objects = local();
    const c = inventoryContainer(objects);
    c.readinessProbee = c.readinessProbe;
    delete c.readinessProbe;
    const report = await validate(objects);
    expect(report.unknownFields).toEqual([
      'Deployment/inventory: spec.template.spec.containers[0].readinessProbee: unknown field "readinessProbee"',
    ]);
  });

  it('a missing probe', async () => {
    const objects = local();
    delete inventoryContainer(objects).livenessProbe;
    const report = await validate(objects);
    expect(report.policy).toContainEqual({
      object: 'Deployment/inventory/inventory',
      rule: 'probes',
      detail: 'no livenessProbe',
    });
  });

  it('an env key the service does not know, and a value that does not parse', async () => {
    const objects = local();
    const env = inventoryContainer(objects).env as Array<{ name: string; value?: string }>;
    env.push(
      { name: 'RESERVATION_HOLD_SECONDS', value: '600' },
      { name: 'HOLD_TTL_SECONDS', value: 'ten minutes' },
    );
    const report = await validate(objects);
    expect(report.env).toContainEqual(
      expect.objectContaining({
        container: 'Deployment/inventory/inventory',
        key: 'RESERVATION_HOLD_SECONDS',
        problem: 'unknown',
      }),
    );
    expect(report.env).toContainEqual(
      expect.objectContaining({
        container: 'Deployment/inventory/inventory',
        key: 'HOLD_TTL_SECONDS',
        problem: 'invalid',
      }),
    );
  });

  it('an env key the payments simulator does not read', async () => {
    const objects = local();
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'payments-sim');
    const container = (
      deployment?.spec as {
        template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } };
      }
    ).template.spec.containers[0];
    container?.env.push({ name: 'PAYMENTS_SIM_WEBHOOK', value: 'http://reservation:3000/x' });
    const report = await validate(objects);
    expect(report.env).toContainEqual(
      expect.objectContaining({
        container: 'Deployment/payments-sim/payments-sim',
        key: 'PAYMENTS_SIM_WEBHOOK',
        problem: 'unknown',
      }),
    );
  });

  it('an image by tag and a *_URL to no Service', async () => {
    const objects = local();
    const c = inventoryContainer(objects);
    c.image = 'cybertacotruck:latest';
    (c.env as Array<{ name: string; value?: string }>).push({
      name: 'NOTIFICATION_URL',
      value: 'http://notifications:3000',
    });
    const rules = (await validate(objects)).policy.map((p) => `${p.rule}: ${p.detail}`);
    expect(rules).toContain('image-digest: image cybertacotruck:latest is not pinned by @sha256 digest');
    expect(rules).toContain('url: NOTIFICATION_URL: no rendered Service notifications');
  });
});
