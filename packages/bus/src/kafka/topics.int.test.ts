import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLARED_EVENTS } from '@cybertacotruck/contracts';
import { startKafkaMock, type KafkaForTests } from '../../testing/kafka-mock';
import { busTopics, declaredTopics, topicOf, type TopicSpec } from '../topics';
import { createKafkaClient } from './client';
import {
  KafkaTopicsMissing,
  KafkaTopicsNotCreated,
  creationConfig,
  ensureTopics,
  type TopicAdmin,
} from './topic-admin';

const spec = (name: string, partitions = 3): TopicSpec => ({
  name,
  partitions,
  replicationFactor: 3,
  config: { 'retention.ms': '1000', 'min.insync.replicas': '2' },
  description: 'test',
});

/** An admin over a set of names: what was asked of it is recorded. */
function fakeAdmin(existing: string[], refuse?: Error) {
  const topics = new Set(existing);
  const created: TopicSpec[][] = [];
  const admin: TopicAdmin = {
    listTopics: () => Promise.resolve([...topics]),
    createTopics: (specs) => {
      if (refuse) return Promise.reject(refuse);
      created.push(specs);
      for (const s of specs) topics.add(s.name);
      return Promise.resolve();
    },
  };
  return { admin, created };
}

describe('the topic declaration', () => {
  it('every event declared in the contracts travels on a declared bus topic', () => {
    const declared = new Set(busTopics().map((t) => t.name));
    expect(DECLARED_EVENTS.length).toBeGreaterThan(0);
    for (const event of DECLARED_EVENTS) {
      expect(declared, event.type).toContain(event.topic);
      expect(event.topic).toBe(topicOf(event.type));
    }
  });

  it("declares fleet-telemetry's four topics under the namespace, and names are unique", () => {
    const names = declaredTopics({ telemetryNamespace: 'tesla' }).map((t) => t.name);
    expect(names).toEqual(
      expect.arrayContaining(['tesla_V', 'tesla_alerts', 'tesla_errors', 'tesla_connectivity']),
    );
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('ensureTopics', () => {
  it('auto-create: creates only the missing topics, with their declared partitions', async () => {
    const { admin, created } = fakeAdmin(['a']);
    expect(await ensureTopics(admin, [spec('a'), spec('b', 12)], { autoCreate: true })).toEqual(['b']);
    expect(created).toEqual([[spec('b', 12)]]);
  });

  it('no auto-create: creates nothing and names every missing topic', async () => {
    const { admin, created } = fakeAdmin(['a']);
    const failure = ensureTopics(admin, [spec('a'), spec('b'), spec('c')], { autoCreate: false });
    await expect(failure).rejects.toBeInstanceOf(KafkaTopicsMissing);
    await expect(failure).rejects.toThrow(/^Kafka topics missing: b, c\. KAFKA_TOPICS_AUTO_CREATE is false/);
    expect(created).toEqual([]);
  });

  it('a refused creation fails with the topics named (never left to broker auto-creation)', async () => {
    const { admin } = fakeAdmin([], new Error('Topic authorization failed'));
    await expect(ensureTopics(admin, [spec('x')], { autoCreate: true })).rejects.toThrow(
      KafkaTopicsNotCreated,
    );
  });

  it('a created topic gets its retention but not min.insync.replicas (that belongs to the declared replication)', () => {
    expect(creationConfig(spec('a'))).toEqual([{ name: 'retention.ms', value: '1000' }]);
  });
});

// librdkafka's mock cluster lists topics (Metadata) but has no CreateTopics API: the check path
// runs against it for real; creation is covered above and, with KAFKA_BROKERS, by a real broker.
describe('topics on the mock cluster', () => {
  let kafka: KafkaForTests;
  beforeAll(async () => {
    kafka = await startKafkaMock({ topics: [spec('present.one', 2)] });
  });
  afterAll(async () => {
    await kafka.close();
  });

  it('KAFKA_TOPICS_AUTO_CREATE=false: a missing topic fails start-up with its name; once declared, it passes', async () => {
    const client = createKafkaClient({ brokers: kafka.brokers, autoCreateTopics: false });
    const wanted = [spec('present.one'), spec('absent.two')];
    await expect(client.ensureTopics(wanted)).rejects.toThrow(/^Kafka topics missing: absent\.two\./);
    // Nothing was created by the check (a producer or consumer never asks the broker to).
    expect(await client.listTopics()).not.toContain('absent.two');
    await kafka.createTopic('absent.two', 3);
    await expect(client.ensureTopics(wanted)).resolves.toBeUndefined();
  });

  it('the mock starts with every declared topic by default', async () => {
    const mock = await startKafkaMock();
    try {
      const listed = await createKafkaClient({ brokers: mock.brokers }).listTopics();
      expect(listed.sort()).toEqual(
        declaredTopics({ telemetryNamespace: 'tesla' })
          .map((t) => t.name)
          .sort(),
      );
    } finally {
      await mock.close();
    }
  });
});
