import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaClient, telemetryTopics } from '@cybertacotruck/bus';
import { startKafkaMock, type KafkaForTests } from '@cybertacotruck/bus/testing';
import { migrateSchema } from '@cybertacotruck/db';
import { TEST_ENGINES, createTestDatabase, type TestDatabase } from '@cybertacotruck/db/testing';
import type { Logger } from '@cybertacotruck/platform';
import { decodeConnectivityJson, decodeVehiclePayload, toVehicleSignals } from '@cybertacotruck/tesla';
import {
  publishTelemetryToKafka,
  startTeslaSim,
  type KafkaPublisher,
  type TeslaSim,
} from '@cybertacotruck/tesla-sim';
import { inventoryMigrations } from '../../migrations';
import type { InventoryTables } from '../../tables';
import { TelemetryIngestService } from './telemetry-ingest.service';
import { startTelemetryConsumer, type TelemetryConsumer } from './telemetry.consumer';

const warnings: { reason?: string }[] = [];
const logger = {
  warn: (o: { reason?: string }) => warnings.push(o),
  info: () => {},
  error: () => {},
  debug: () => {},
  child: () => logger,
} as unknown as Logger;

async function until<T>(what: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The simulator publishing as fleet-telemetry does (V protobuf, connectivity protojson), librdkafka's
// mock cluster, the inventory consumer: records end up in live state; a poison message is skipped.
describe.each(TEST_ENGINES)('Fleet Telemetry from Kafka on %s', (engine) => {
  let test: TestDatabase;
  let kafka: KafkaForTests;
  let sim: TeslaSim;
  let publisher: KafkaPublisher;
  let consumer: TelemetryConsumer;
  const namespace = `e2e${engine}`;
  const ids = new Map<string, string>();
  const db = () => test.db.kysely.withTables<InventoryTables>();

  beforeAll(async () => {
    [test, kafka, sim] = await Promise.all([
      createTestDatabase(engine),
      startKafkaMock(),
      startTeslaSim({ port: 0, clock: 'manual', routine: false }),
    ]);
    await migrateSchema(test.db, inventoryMigrations);
    for (const kind of ['V', 'connectivity', 'alerts', 'errors'])
      await kafka.createTopic(`${namespace}_${kind}`, 2);
    for (const v of sim.vehicles()) {
      const row = await db()
        .insertInto('inventory.vehicle')
        .values({
          vin: v.vin,
          model: 'model_y',
          display_name: v.vin,
          color: null,
          trim: null,
          model_year: 2024,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(v.vin, row.id);
    }
    publisher = await publishTelemetryToKafka(sim.telemetry, {
      brokers: kafka.brokers,
      namespace,
      encodingOf: { connectivity: 'json' },
    });
    consumer = await startTelemetryConsumer({
      // As production runs it: topics declared beforehand and only checked, never created.
      kafka: { brokers: kafka.brokers, autoCreateTopics: false },
      groupId: `inventory-telemetry-${engine}`,
      namespace,
      ingest: new TelemetryIngestService(db(), { logger }),
      logger,
      fromBeginning: true,
    });
  }, 60_000);
  afterAll(async () => {
    await consumer.stop();
    await publisher.close();
    await sim.close();
    await kafka.close();
    await test.dispose();
  });

  const live = (vin: string) =>
    db()
      .selectFrom('inventory.vehicle_live_state')
      .selectAll()
      .where('vehicle_id', '=', ids.get(vin) ?? '')
      .executeTakeFirst();

  it('folds the simulator records published to Kafka into live state, skipping a poison message', async () => {
    const vin = sim.vehicles().find((v) => v.state === 'online')?.vin ?? '';
    expect(vin).not.toBe('');
    // fleet-telemetry's message shape, read back off the topic by a plain consumer.
    const seen: { topic: string; key: string; headers: string[]; value: Buffer }[] = [];
    const probe = await createKafkaClient({ brokers: kafka.brokers, clientId: 'probe' }).consumer({
      groupId: `probe-${engine}`,
      topics: telemetryTopics(namespace).filter((t) => t.name === `${namespace}_connectivity`),
      fromBeginning: true,
      autoCommit: { intervalMs: 1_000 },
      eachBatch: async ({ batch, resolveOffset }) => {
        for (const message of batch.messages) {
          seen.push({
            topic: batch.topic,
            key: message.key?.toString() ?? '',
            headers: Object.keys(message.headers ?? {}).sort(),
            value: message.value ?? Buffer.alloc(0),
          });
          resolveOffset(message.offset);
        }
      },
    });

    // Garbage first, on the car's partition (key = VIN): it must not hold up what follows.
    const raw = createKafkaClient({ brokers: kafka.brokers, clientId: 'poison' }).producer();
    await raw.send([
      {
        topic: `${namespace}_V`,
        messages: [{ key: vin, value: Buffer.from([0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0x00]) }],
      },
    ]);
    await raw.close();

    let newest: { latitude?: number; at: number } = { at: 0 };
    const stop = sim.telemetry.onRecord((r) => {
      if (r.topic !== 'V' || r.vin !== vin) return;
      const payload = decodeVehiclePayload(r.protobuf);
      const { latitude } = toVehicleSignals(payload).signals;
      if (latitude !== undefined && payload.createdAt.getTime() >= newest.at)
        newest = { latitude, at: payload.createdAt.getTime() };
    });
    sim.control.setStreaming(vin, true);
    sim.control.drive(vin, 5);
    sim.clock.advance(60_000);
    stop();
    await publisher.flush();
    expect(newest.latitude).toBeDefined();

    const state = await until(async () => {
      const row = await live(vin);
      return row?.streaming && row.data_as_of && row.latitude !== null ? row : undefined;
    });
    expect(state).toMatchObject({ connectivity: 'online', streaming: true });
    expect(state.battery_level).toBeGreaterThan(0);
    // The newest record the simulator sent is what live state shows.
    await until(async () => {
      const row = await live(vin);
      return row && Math.abs((row.latitude ?? 0) - (newest.latitude ?? 0)) < 1e-6;
    });
    expect(warnings.some((w) => /undecodable/.test(JSON.stringify(w)) || w.reason !== undefined)).toBe(true);
    expect(warnings.map((w) => JSON.stringify(w)).join()).not.toContain('deadbeef');

    // The connectivity topic carried protojson with fleet-telemetry's key and headers.
    await until(async () => seen.length > 0);
    await probe.disconnect();
    expect(seen[0]).toMatchObject({
      topic: `${namespace}_connectivity`,
      key: vin,
      headers: ['device_client_version', 'receivedat', 'timestamp', 'txid', 'txtype', 'version', 'vin'],
    });
    expect(decodeConnectivityJson(seen[0]?.value.toString() ?? '')).toMatchObject({
      vin,
      status: 'CONNECTED',
    });
    expect((await consumer.metrics.undecodable.get()).values.find((v) => v.labels.kind === 'V')?.value).toBe(
      1,
    );

    // The car parks and goes to sleep: the DISCONNECTED record (JSON) makes it asleep, no API call.
    sim.control.setStreaming(vin, false);
    await publisher.flush();
    await until(async () => (await live(vin))?.connectivity === 'asleep');
  }, 60_000);
});
