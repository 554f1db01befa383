import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafkaMock, type KafkaForTests } from '@cybertacotruck/bus/testing';
import { migrateSchema } from '@cybertacotruck/db';
import { TEST_ENGINES, createTestDatabase, until, type TestDatabase } from '@cybertacotruck/db/testing';
import type { Logger } from '@cybertacotruck/platform';
import {
  CHARGER_STATES,
  CostMeter,
  DETAILED_CHARGE_STATES,
  SENTRY_MODE_STATES,
  TELEMETRY_ENUMS,
  TELEMETRY_FIELDS,
  VALUE_MEMBERS,
  encodeVehiclePayload,
  vehiclePayloadToJson,
  type GenericTelemetryEnum,
  type TelemetryDatum,
  type TelemetryValue,
} from '@cybertacotruck/tesla';
import {
  publishTelemetryToKafka,
  startKafkaPublisher,
  startTeslaSim,
  type KafkaPublisher,
  type TeslaSim,
} from '@cybertacotruck/tesla-sim';
import { inventoryMigrations } from '../../migrations';
import type { InventoryTables } from '../../tables';
import { TelemetryIngestService } from './telemetry-ingest.service';
import { startTelemetryConsumer, type TelemetryConsumer } from './telemetry.consumer';

const logger = {
  warn: () => {},
  info: () => {},
  error: () => {},
  debug: () => {},
  child: () => logger,
} as unknown as Logger;

const T0 = Date.parse('2026-12-01T10:00:00Z');
const typed = (type: GenericTelemetryEnum, value: string): TelemetryValue => ({ kind: 'enum', type, value });
const text = (value: string): TelemetryValue => ({ kind: 'string', value });

/** One value of every member of the `Value` oneof, each keyed by a field that carries it. */
function everyMember(): TelemetryDatum[] {
  const spare = Object.entries(TELEMETRY_FIELDS)
    .filter(([, n]) => n > 179)
    .map(([name]) => name);
  const data: TelemetryDatum[] = [
    { key: 'VehicleName', value: text('cybertruck') },
    { key: 'ChargeLimitSoc', value: { kind: 'int', value: 81 } },
    { key: 'Odometer', value: { kind: 'long', value: 12_345 } },
    { key: 'InsideTemp', value: { kind: 'float', value: 21.5 } },
    { key: 'BatteryLevel', value: { kind: 'double', value: 64.25 } },
    { key: 'Locked', value: { kind: 'boolean', value: true } },
    { key: 'Location', value: { kind: 'location', latitude: 30.2672, longitude: -97.7431 } },
    { key: 'VehicleSpeed', value: { kind: 'invalid' } },
    { key: 'Gear', value: { kind: 'shiftState', value: 'P' } },
    { key: 'DetailedChargeState', value: { kind: 'detailedChargeState', value: 'Complete' } },
    {
      key: 'DoorState',
      value: {
        kind: 'doors',
        value: {
          driverFront: true,
          driverRear: false,
          passengerFront: false,
          passengerRear: false,
          trunkFront: false,
          trunkRear: true,
        },
      },
    },
    { key: 'ScheduledChargingStartTime', value: { kind: 'time', hour: 23, minute: 30, second: 0 } },
    {
      key: 'TpmsSoftWarnings',
      value: {
        kind: 'tireLocation',
        value: {
          frontLeft: true,
          frontRight: false,
          rearLeft: false,
          rearRight: false,
          semiMiddleAxleLeft2: false,
          semiMiddleAxleRight2: false,
          semiRearAxleLeft: false,
          semiRearAxleRight: false,
          semiRearAxleLeft2: false,
          semiRearAxleRight2: false,
        },
      },
    },
  ];
  // Every other enum member, with its highest value (SentryMode on its own field).
  const generic = Object.keys(TELEMETRY_ENUMS).filter(
    (t): t is GenericTelemetryEnum => t !== 'ShiftState' && t !== 'DetailedChargeStateValue',
  );
  generic.forEach((type, i) => {
    const names: readonly string[] = TELEMETRY_ENUMS[type].names;
    const key = type === 'SentryModeState' ? 'SentryMode' : type === 'CarTypeValue' ? 'CarType' : spare[i];
    const value = type === 'SentryModeState' ? 'Armed' : (names[names.length - 1] ?? 'Unknown');
    data.push({ key: key ?? 'Unknown', value: typed(type, value) });
  });
  return data;
}

/** A Datum whose Value holds member 60: what a newer firmware's value type looks like to this build. */
const UNKNOWN_MEMBER_DATUM = Uint8Array.from([0x0a, 0x07, 0x08, 0x08, 0x12, 0x03, 0xe0, 0x03, 0x03]);

interface Scenario {
  name: string;
  /** Records sent one second apart, in order. */
  records: TelemetryDatum[][];
  expected: Record<string, unknown>;
}

const sentry = (value: TelemetryValue): TelemetryDatum[] => [{ key: 'SentryMode', value }];
const charge = (key: 'ChargeState' | 'DetailedChargeState', value: TelemetryValue): TelemetryDatum => ({
  key,
  value,
});

function scenarios(): Scenario[] {
  const list: Scenario[] = [
    {
      name: 'every Value member',
      records: [everyMember()],
      expected: {
        battery_level: 64.25,
        locked: true,
        latitude: 30.2672,
        charging_state: 'Complete',
        charge_limit_soc: 81,
        odometer_mi: 12_345,
        sentry_mode: true,
      },
    },
  ];
  // SentryMode typed, every state: Off is off, every other state is sentry mode on, and the state
  // itself is kept (panic: the alarm is sounding).
  for (const state of SENTRY_MODE_STATES.filter((s) => s !== 'Unknown')) {
    list.push({
      name: `SentryMode typed ${state}`,
      records: [sentry(typed('SentryModeState', state))],
      expected: { sentry_mode: state !== 'Off', sentry_state: state.toLowerCase() },
    });
  }
  // A later legacy "on" after a known Panic keeps the state; "off" is a state of its own.
  list.push({
    name: 'SentryMode Panic, then boolean true',
    records: [sentry(typed('SentryModeState', 'Panic')), sentry({ kind: 'boolean', value: true })],
    expected: { sentry_mode: true, sentry_state: 'panic' },
  });
  list.push({
    name: 'SentryMode Armed, then text false',
    records: [sentry(typed('SentryModeState', 'Armed')), sentry(text('false'))],
    expected: { sentry_mode: false, sentry_state: 'off' },
  });
  // …and the legacy forms: a boolean, text booleans, the enum's name as text.
  for (const [label, value, on, state] of [
    ['boolean', { kind: 'boolean', value: true }, true, null],
    ['text false', text('false'), false, 'off'],
    ['text SentryModeStateAware', text('SentryModeStateAware'), true, 'aware'],
    ['text SentryModeStatePanic', text('SentryModeStatePanic'), true, 'panic'],
    ['text SentryModeStateOff', text('SentryModeStateOff'), false, 'off'],
  ] as const) {
    list.push({
      name: `SentryMode ${label}`,
      records: [sentry(value)],
      expected: { sentry_mode: on, ...(state ? { sentry_state: state } : {}) },
    });
  }
  for (const state of DETAILED_CHARGE_STATES) {
    list.push({
      name: `DetailedChargeState typed ${state}`,
      records: [[charge('DetailedChargeState', { kind: 'detailedChargeState', value: state })]],
      expected: { charging_state: state },
    });
    list.push({
      name: `DetailedChargeState as text ${state}`,
      records: [[charge('DetailedChargeState', text(`DetailedChargeState${state}`))]],
      expected: { charging_state: state },
    });
    // The deprecated typed charging_value, and vehicle_data's words as ChargeState text.
    list.push({
      name: `ChargeState typed (charging_value) ${state}`,
      records: [[charge('ChargeState', typed('ChargingState', state))]],
      expected: { charging_state: state },
    });
    if (state !== 'Unknown') {
      list.push({
        name: `ChargeState text ${state}`,
        records: [[charge('ChargeState', text(state))]],
        expected: { charging_state: state },
      });
    }
  }
  // ChargeState as real cars send it: the charger's state machine, after the car was charging.
  for (const [word, meaning] of Object.entries(CHARGER_STATES)) {
    list.push({
      name: `ChargeState charger ${word}`,
      records: [
        [charge('DetailedChargeState', { kind: 'detailedChargeState', value: 'Charging' })],
        [charge('ChargeState', text(word))],
      ],
      expected: { charging_state: meaning ?? 'Stopped' },
    });
  }
  list.push(
    {
      name: 'ChargeState Idle leaves a complete charge complete',
      records: [
        [charge('DetailedChargeState', { kind: 'detailedChargeState', value: 'Complete' })],
        [charge('ChargeState', text('Idle'))],
      ],
      expected: { charging_state: 'Complete' },
    },
    {
      name: 'DetailedChargeState wins over ChargeState in one record',
      records: [
        [
          charge('ChargeState', text('Enable')),
          charge('DetailedChargeState', { kind: 'detailedChargeState', value: 'Stopped' }),
        ],
      ],
      expected: { charging_state: 'Stopped' },
    },
  );
  return list;
}

const VALUE_MEMBER_COUNT = VALUE_MEMBERS.length;

// Records holding every member of the Value oneof and every enum value the app maps, published to
// librdkafka's mock cluster as fleet-telemetry writes them (protobuf, and protojson), consumed into
// live state; every datum billed, the one this build cannot read included.
describe.each(TEST_ENGINES)('Fleet Telemetry values through Kafka on %s', (engine) => {
  let test: TestDatabase;
  let kafka: KafkaForTests;
  let sim: TeslaSim;
  let consumer: TelemetryConsumer;
  let meter: CostMeter;
  let connectionId: string;
  const publishers: KafkaPublisher[] = [];
  const namespace = `values${engine}`;
  const ids = new Map<string, string>();
  const db = () => test.db.kysely.withTables<InventoryTables>();
  const vinOf = (encoding: string, n: number) =>
    `5YJ3VAL${encoding === 'json' ? 'J' : 'P'}${String(n).padStart(9, '0')}`;

  const addVehicle = async (vin: string) => {
    const row = await db()
      .insertInto('inventory.vehicle')
      .values({
        vin,
        model: 'model_3',
        display_name: vin,
        color: null,
        trim: null,
        model_year: 2024,
        tesla_connection_id: connectionId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.set(vin, row.id);
  };

  beforeAll(async () => {
    [test, kafka, sim] = await Promise.all([
      createTestDatabase(engine),
      startKafkaMock(),
      startTeslaSim({ port: 0, clock: 'manual', routine: false }),
    ]);
    await migrateSchema(test.db, inventoryMigrations);
    const { rows } = await sql<{ id: string }>`
      insert into inventory.tesla_connection (subject, label, region, fleet_api_base_url, status, scopes,
        access_token_sealed, refresh_token_sealed, refresh_token_hash, access_token_expires_at)
      values ('s', 'l', 'na', 'https://x', 'connected', '{}', 'a', 'r', 'h', now()) returning id`.execute(
      test.db.kysely,
    );
    connectionId = rows[0]?.id ?? '';
    for (const encoding of ['protobuf', 'json']) {
      for (let n = 0; n < scenarios().length; n++) await addVehicle(vinOf(encoding, n));
    }
    for (const v of sim.vehicles()) await addVehicle(v.vin);
    for (const kind of ['V', 'connectivity', 'alerts', 'errors']) {
      await kafka.createTopic(`${namespace}_${kind}`, 2);
    }
    meter = new CostMeter();
    consumer = await startTelemetryConsumer({
      kafka: { brokers: kafka.brokers, autoCreateTopics: false },
      groupId: `inventory-values-${engine}`,
      namespace,
      ingest: new TelemetryIngestService(db(), { logger, meter }),
      logger,
      fromBeginning: true,
    });
  }, 60_000);
  afterAll(async () => {
    await consumer.stop();
    for (const p of publishers) await p.close();
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
  const signalsBilled = (vins: Set<string>) =>
    meter
      .snapshot()
      .byVehicleDay.filter((d) => vins.has(d.vin))
      .reduce((sum, d) => sum + d.counts.signal, 0);

  it.each(['protobuf', 'json'] as const)(
    'lands every member, sentry state and charge state (%s), billing every datum',
    async (encoding) => {
      const publisher = await startKafkaPublisher({ brokers: kafka.brokers, namespace, encoding });
      publishers.push(publisher);
      const all = scenarios();
      const vins = new Set<string>();
      let datums = 0;
      all.forEach((scenario, n) => {
        const vin = vinOf(encoding, n);
        vins.add(vin);
        scenario.records.forEach((data, i) => {
          const payload = { vin, createdAt: new Date(T0 + i * 1000), isResend: false, data };
          let protobuf = encodeVehiclePayload(payload);
          let json = vehiclePayloadToJson(payload);
          datums += data.length;
          if (scenario.name === 'every Value member') {
            expect(data.length).toBe(VALUE_MEMBER_COUNT);
            // Plus a datum of a member this build does not know: left out, the record kept, billed.
            protobuf = Uint8Array.from([...protobuf, ...UNKNOWN_MEMBER_DATUM]);
            json = json.replace('"data":[', '"data":[{"key":"Soc","value":{"futureValue":3}},');
            datums += 1;
          }
          publisher.publish({ topic: 'V', vin, key: vin, protobuf, json, createdAt: payload.createdAt });
        });
      });
      await publisher.flush();

      await until(
        'every datum billed',
        async () => signalsBilled(vins),
        (billed) => billed === datums,
      );
      for (const [n, scenario] of all.entries()) {
        const vin = vinOf(encoding, n);
        const row = await until(
          `live state of "${scenario.name}"`,
          () => live(vin),
          (r) => r?.data_as_of?.getTime() === T0 + (scenario.records.length - 1) * 1000,
        );
        expect({ scenario: scenario.name, ...row }).toMatchObject({
          scenario: scenario.name,
          ...scenario.expected,
        });
      }
      const skipped = await consumer.metrics.registry.getSingleMetricAsString(
        'telemetry_datums_skipped_total',
      );
      expect(skipped).toMatch(/reason="unknown_value_member"} [1-9]/);
    },
    60_000,
  );

  it("bills exactly the simulator's bill for streamed signals", async () => {
    const publisher = await publishTelemetryToKafka(sim.telemetry, { brokers: kafka.brokers, namespace });
    publishers.push(publisher);
    const online = sim.vehicles().filter((v) => v.state === 'online');
    expect(online.length).toBeGreaterThan(1);
    for (const v of online) sim.control.setStreaming(v.vin, true);
    const [first] = online;
    if (first) sim.control.drive(first.vin, 10);
    sim.clock.advance(10 * 60_000);
    await publisher.flush();

    const bill = sim.billing.snapshot();
    const vins = new Set(online.map((v) => v.vin));
    const expected = [...vins].reduce((sum, vin) => sum + (bill.byVin[vin]?.signal ?? 0), 0);
    expect(expected).toBeGreaterThan(online.length * 10);
    expect(bill.total.signal).toBe(expected);
    await until(
      "the simulator's bill",
      async () => signalsBilled(vins),
      (billed) => billed === expected,
    );
    for (const vin of vins) {
      const metered = meter
        .snapshot()
        .byVehicleDay.filter((d) => d.vin === vin)
        .reduce((sum, d) => sum + d.counts.signal, 0);
      expect({ vin, metered }).toEqual({ vin, metered: bill.byVin[vin]?.signal ?? 0 });
    }
  }, 60_000);
});
