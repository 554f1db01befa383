import { describe, expect, it } from 'vitest';
import { PayloadType } from './schema';
import { toVehicleSignals } from './signals';
import type { TelemetryDatum, TelemetryPayload, TelemetryValue } from './types';
import {
  decodeVehiclePayload,
  decodeVehiclePayloadJson,
  encodeVehiclePayload,
  telemetryDecodeCounts,
  vehiclePayloadToJson,
} from './vehicle-data';
import { TELEMETRY_ENUMS, VALUE_MEMBERS, type TelemetryEnumType } from './values';

const VIN = '7SAYGDEE1PA000003';
const createdAt = new Date('2026-12-01T10:00:00.500Z');
const payloadOf = (data: TelemetryDatum[]): TelemetryPayload => ({
  vin: VIN,
  createdAt,
  isResend: false,
  data,
});

/** A sample value for a member, and the same as protobufjs' reflection wants it (proto names). */
function sampleOf(member: string, type: string): { value: TelemetryValue; reflected: unknown } {
  switch (type) {
    case 'string':
      return { value: { kind: 'string', value: 'x' }, reflected: 'x' };
    case 'int32':
      return { value: { kind: 'int', value: -7 }, reflected: -7 };
    case 'int64':
      return { value: { kind: 'long', value: 2 ** 40 }, reflected: 2 ** 40 };
    case 'float':
      return { value: { kind: 'float', value: 1.5 }, reflected: 1.5 };
    case 'double':
      return { value: { kind: 'double', value: 0 }, reflected: 0 };
    case 'bool':
      return member === 'invalid'
        ? { value: { kind: 'invalid' }, reflected: true }
        : { value: { kind: 'boolean', value: false }, reflected: false };
    case 'LocationValue':
      return {
        value: { kind: 'location', latitude: 1.25, longitude: -2.5 },
        reflected: { latitude: 1.25, longitude: -2.5 },
      };
    case 'Time':
      return {
        value: { kind: 'time', hour: 7, minute: 5, second: 9 },
        reflected: { hour: 7, minute: 5, second: 9 },
      };
    case 'Doors':
      return {
        value: {
          kind: 'doors',
          value: {
            driverFront: false,
            driverRear: true,
            passengerFront: false,
            passengerRear: false,
            trunkFront: true,
            trunkRear: false,
          },
        },
        reflected: { DriverRear: true, TrunkFront: true },
      };
    case 'TireLocation':
      return {
        value: {
          kind: 'tireLocation',
          value: {
            frontLeft: false,
            frontRight: true,
            rearLeft: false,
            rearRight: false,
            semiMiddleAxleLeft2: false,
            semiMiddleAxleRight2: false,
            semiRearAxleLeft: false,
            semiRearAxleRight: false,
            semiRearAxleLeft2: false,
            semiRearAxleRight2: true,
          },
        },
        reflected: { front_right: true, semi_rear_axle_right_2: true },
      };
    default: {
      const enumType = type as TelemetryEnumType;
      const names: readonly string[] = TELEMETRY_ENUMS[enumType].names;
      const last = names.length - 1;
      const name = names[last] ?? 'Unknown';
      const value: TelemetryValue =
        enumType === 'ShiftState'
          ? { kind: 'shiftState', value: 'SNA' }
          : enumType === 'DetailedChargeStateValue'
            ? { kind: 'detailedChargeState', value: 'Stopped' }
            : { kind: 'enum', type: enumType, value: name };
      return { value, reflected: last };
    }
  }
}

describe('the Value oneof', () => {
  const samples = VALUE_MEMBERS.map(([member, n, type]) => ({ member, n, ...sampleOf(member, type) }));

  it('has every member of upstream v0.9.4: 53, numbered 1 to 54 without 20', () => {
    expect(VALUE_MEMBERS.map(([, n]) => n)).toEqual([
      ...Array.from({ length: 19 }, (_, i) => i + 1),
      ...Array.from({ length: 34 }, (_, i) => i + 21),
    ]);
  });

  it('writes each member as the schema built from the same tables reads it', () => {
    for (const { member, value, reflected } of samples) {
      const bytes = encodeVehiclePayload(payloadOf([{ key: 'Soc', value }]));
      const wire = PayloadType.toObject(PayloadType.decode(bytes), { longs: Number, enums: Number }) as {
        data: { key: number; value: Record<string, unknown> }[];
      };
      expect({ member, value: wire.data[0]?.value }).toEqual({ member, value: { [member]: reflected } });
    }
  });

  it('reads each member as the schema built from the same tables writes it', () => {
    for (const { member, value, reflected } of samples) {
      const message = PayloadType.fromObject({
        data: [{ key: 8, value: { [member]: reflected } }],
        created_at: { seconds: 1_796_000_000, nanos: 0 },
        vin: VIN,
      });
      const decoded = decodeVehiclePayload(PayloadType.encode(message).finish());
      expect({ member, data: decoded.data }).toEqual({ member, data: [{ key: 'Soc', value }] });
    }
  });

  it('round-trips every member through protobuf and protojson', () => {
    const data = samples.map(({ value }) => ({ key: 'Soc', value }));
    expect(decodeVehiclePayload(encodeVehiclePayload(payloadOf(data))).data).toEqual(data);
    expect(decodeVehiclePayloadJson(vehiclePayloadToJson(payloadOf(data))).data).toEqual(data);
  });
});

describe('values this build does not know', () => {
  /** A Datum (key Soc) whose Value holds `valueBytes`. */
  const datum = (valueBytes: number[]) => [
    0x0a,
    valueBytes.length + 4,
    0x08,
    0x08,
    0x12,
    valueBytes.length,
    ...valueBytes,
  ];

  it('leaves out a datum of an unknown Value member, counts it, keeps the record and bills it', () => {
    const known = encodeVehiclePayload(
      payloadOf([{ key: 'Locked', value: { kind: 'boolean', value: true } }]),
    );
    const before = telemetryDecodeCounts();
    // Member 60 (varint 1), and member 20 (unused upstream) as a length-delimited field.
    const bytes = Uint8Array.from([
      ...known,
      ...datum([0xe0, 0x03, 0x01]),
      ...datum([0xa2, 0x01, 0x01, 0x00]),
    ]);
    const decoded = decodeVehiclePayload(bytes);
    expect(decoded).toMatchObject({ vin: VIN, createdAt, received: 3 });
    expect(decoded.data).toEqual([{ key: 'Locked', value: { kind: 'boolean', value: true } }]);
    const after = telemetryDecodeCounts();
    expect(after.unknownValueMembers - before.unknownValueMembers).toBe(2);
    expect(after.datums - before.datums).toBe(3);
  });

  it('leaves out and counts an enum number the table does not have', () => {
    const before = telemetryDecodeCounts();
    // sentry_mode_state_value (13) = 99.
    const decoded = decodeVehiclePayload(Uint8Array.from([...datum([0x68, 0x63]), 0x1a, 0x01, 0x56]));
    expect(decoded).toMatchObject({ vin: 'V', data: [], received: 1 });
    expect(telemetryDecodeCounts().unknownEnumValues - before.unknownEnumValues).toBe(1);
  });

  it('does the same for protojson: an unknown member key, an unknown enum name', () => {
    const before = telemetryDecodeCounts();
    const decoded = decodeVehiclePayloadJson({
      vin: VIN,
      createdAt: '2026-12-01T10:00:00Z',
      data: [
        { key: 'Soc', value: { hologramValue: 'x' } },
        { key: 'SentryMode', value: { sentryModeStateValue: 'SentryModeStateDisco' } },
        { key: 'SentryMode', value: { sentryModeStateValue: 4 } },
        { key: 'CarType', value: { car_type_value: 'Cybertruck' } },
      ],
    });
    expect(decoded.received).toBe(4);
    expect(decoded.data).toEqual([
      { key: 'SentryMode', value: { kind: 'enum', type: 'SentryModeState', value: 'Aware' } },
      { key: 'CarType', value: { kind: 'enum', type: 'CarTypeValue', value: 'Cybertruck' } },
    ]);
    const after = telemetryDecodeCounts();
    expect(after.unknownValueMembers - before.unknownValueMembers).toBe(1);
    expect(after.unknownEnumValues - before.unknownEnumValues).toBe(1);
  });

  it('refuses to encode an enum value name the table does not have', () => {
    expect(() =>
      encodeVehiclePayload(
        payloadOf([{ key: 'SentryMode', value: { kind: 'enum', type: 'SentryModeState', value: 'Disco' } }]),
      ),
    ).toThrow(/SentryModeState has no value Disco/);
  });
});

describe('the signals the app uses, typed and as text', () => {
  const signalsOf = (key: string, value: TelemetryValue) => toVehicleSignals(payloadOf([{ key, value }]));

  it.each([
    [{ kind: 'enum', type: 'SentryModeState', value: 'Off' }, false, 'Off'],
    [{ kind: 'enum', type: 'SentryModeState', value: 'Idle' }, true, 'Idle'],
    [{ kind: 'enum', type: 'SentryModeState', value: 'Panic' }, true, 'Panic'],
    [{ kind: 'string', value: 'SentryModeStateQuiet' }, true, 'Quiet'],
    [{ kind: 'string', value: 'Armed' }, true, 'Armed'],
    [{ kind: 'boolean', value: false }, false, undefined],
    [{ kind: 'string', value: 'true' }, true, undefined],
  ] as [TelemetryValue, boolean, string | undefined][])('SentryMode %j', (value, on, state) => {
    const { signals, ignored } = signalsOf('SentryMode', value);
    expect(ignored).toEqual([]);
    expect(signals.sentryMode).toBe(on);
    expect(signals.sentryModeState).toBe(state);
  });

  it('ignores SentryMode Unknown and text it cannot read, listing them', () => {
    expect(signalsOf('SentryMode', { kind: 'enum', type: 'SentryModeState', value: 'Unknown' })).toEqual({
      signals: {},
      ignored: ['SentryMode'],
    });
    expect(signalsOf('SentryMode', { kind: 'string', value: 'maybe' }).ignored).toEqual(['SentryMode']);
  });

  it('reads CarType typed, as its enum name and as vehicle_data words', () => {
    expect(
      signalsOf('CarType', { kind: 'enum', type: 'CarTypeValue', value: 'ModelY' }).signals.carType,
    ).toBe('modely');
    expect(signalsOf('CarType', { kind: 'string', value: 'CarTypeCybertruck' }).signals.carType).toBe(
      'cybertruck',
    );
    expect(signalsOf('CarType', { kind: 'string', value: 'model3' }).signals.carType).toBe('model3');
  });

  it('reads DoorState typed', () => {
    const doors = {
      driverFront: true,
      driverRear: false,
      passengerFront: false,
      passengerRear: false,
      trunkFront: false,
      trunkRear: true,
    };
    expect(signalsOf('DoorState', { kind: 'doors', value: doors }).signals.doors).toEqual(doors);
  });

  it.each([
    ['Idle', undefined],
    ['QualifyLineConfig', 'Starting'],
    ['Enable', 'Charging'],
    ['Shutdown', undefined],
    ['Charging', 'Charging'],
    ['ChargeStateComplete', 'Complete'],
  ])('reads ChargeState text %s', (word, state) => {
    const { signals, ignored } = signalsOf('ChargeState', { kind: 'string', value: word });
    expect(ignored).toEqual([]);
    expect(signals.chargingState).toBe(state);
  });
});
