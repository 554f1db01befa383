/**
 * Every Kafka consumer the services run is granted what it needs, in both places a deployment
 * grants it: the local overlay's Strimzi KafkaUser ACLs and the EKS Pod Identity policies
 * (deploy/infra SERVICE_KAFKA_ACCESS). Neither the pod topology (librdkafka's mock cluster) nor the
 * distributed e2e has ACLs, so a consumer group missing from them would first fail on a real
 * cluster: "Group authorization failed" at start-up. The consumers are read from the services' own
 * constants, and a source scan fails when a service subscribes somewhere this table does not know.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topicOf } from '@cybertacotruck/contracts';
import { SERVICE_KAFKA_ACCESS } from '../infra/src/identity';
import {
  INSIGHTS_EVENTS,
  INSIGHTS_GROUP,
} from '../../services/inventory/src/modules/insights/insights.consumer';
import {
  RENTAL_ACCESS_EVENTS,
  RENTAL_ACCESS_GROUP,
} from '../../services/inventory/src/modules/rental-access/rental-access.consumer';
import { telemetryTopics } from '../../services/inventory/src/modules/telemetry/telemetry.consumer';
import { InventoryConfigSchema } from '../../services/inventory/src/config';
import { CONSUMED_EVENTS } from '../../services/notification/src/modules/events/events.service';
import {
  PAYMENTS_GROUP,
  PAYMENT_EVENTS,
} from '../../services/reservation/src/modules/payments/payments.worker';
import { render, type K8sObject } from './render';

const ROOT = join(import.meta.dirname, '../..');
/** The namespace both overlays give fleet-telemetry (TELEMETRY_KAFKA_NAMESPACE). */
const TELEMETRY_NAMESPACE = 'tesla';

const topicsOf = (events: ReadonlyArray<{ type: string }>) => [
  ...new Set(events.map((e) => topicOf(e.type))),
];

interface Consumer {
  service: string;
  group: string;
  topics: string[];
  /** The files that subscribe it (checked against the source scan below). */
  files: string[];
}

const CONSUMERS: Consumer[] = [
  {
    service: 'inventory',
    group: (InventoryConfigSchema.properties.TELEMETRY_KAFKA_GROUP as { default: string }).default,
    topics: telemetryTopics(TELEMETRY_NAMESPACE),
    files: [
      'services/inventory/src/modules/telemetry/telemetry-source.ts',
      'services/inventory/src/modules/telemetry/telemetry.consumer.ts',
    ],
  },
  {
    service: 'inventory',
    group: RENTAL_ACCESS_GROUP,
    topics: topicsOf(RENTAL_ACCESS_EVENTS),
    files: [
      'services/inventory/src/modules/rental-access/rental-access.consumer.ts',
      'services/inventory/src/index.ts',
    ],
  },
  {
    service: 'inventory',
    group: INSIGHTS_GROUP,
    topics: topicsOf(INSIGHTS_EVENTS),
    files: [
      'services/inventory/src/modules/insights/insights.consumer.ts',
      'services/inventory/src/index.ts',
    ],
  },
  {
    service: 'reservation',
    group: PAYMENTS_GROUP,
    topics: topicsOf(PAYMENT_EVENTS),
    files: ['services/reservation/src/index.ts'],
  },
  {
    service: 'notification',
    group: 'notification',
    topics: topicsOf(CONSUMED_EVENTS),
    files: ['services/notification/src/index.ts'],
  },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

interface Acl {
  resource: { type: string; name: string };
  operations: string[];
}

const aclsOf = (objects: K8sObject[], service: string): Acl[] => {
  const user = objects.find((o) => o.kind === 'KafkaUser' && o.metadata.name === `kafka-${service}`);
  if (!user) throw new Error(`no KafkaUser kafka-${service} in overlays/local`);
  return (user.spec as { authorization: { acls: Acl[] } }).authorization.acls;
};

const grants = (acls: Acl[], type: 'topic' | 'group', name: string, operation: string) =>
  acls.some((a) => a.resource.type === type && a.resource.name === name && a.operations.includes(operation));

describe('Kafka access of every consumer', () => {
  it('knows every place a service subscribes (a new consumer must be added to this table)', () => {
    const subscribing = [
      'services/inventory',
      'services/reservation',
      'services/account',
      'services/notification',
    ]
      .flatMap((dir) => sourceFiles(join(ROOT, dir, 'src')))
      .filter((file) =>
        /\beventSubscription\(|\bbus\.subscribe\(|\bgroupId:/.test(readFileSync(file, 'utf8')),
      )
      .map((file) => relative(ROOT, file))
      .sort();
    expect(subscribing).toEqual([...new Set(CONSUMERS.flatMap((c) => c.files))].sort());
  });

  it('overlays/local: each KafkaUser may read its consumers’ topics and use their groups', () => {
    const objects = render('overlays/local');
    const missing = CONSUMERS.flatMap((c) => {
      const acls = aclsOf(objects, c.service);
      return [
        ...(grants(acls, 'group', c.group, 'Read') ? [] : [`kafka-${c.service}: group ${c.group} (Read)`]),
        ...c.topics
          .filter((t) => !grants(acls, 'topic', t, 'Read'))
          .map((t) => `kafka-${c.service}: topic ${t} (Read) for group ${c.group}`),
      ];
    });
    expect(missing).toEqual([]);
  });

  it('EKS: each service’s Pod Identity may read its consumers’ topics and use their groups', () => {
    const missing = CONSUMERS.flatMap((c) => {
      const access = SERVICE_KAFKA_ACCESS[c.service];
      if (!access) return [`${c.service}: no entry in SERVICE_KAFKA_ACCESS`];
      return [
        ...(access.groups.includes(c.group) ? [] : [`${c.service}: group ${c.group}`]),
        ...c.topics
          .filter((t) => !access.read.includes(t))
          .map((t) => `${c.service}: read ${t} for ${c.group}`),
      ];
    });
    expect(missing).toEqual([]);
  });
});
