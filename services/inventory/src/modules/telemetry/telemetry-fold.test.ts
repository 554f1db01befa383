import { describe, expect, it } from 'vitest';
import type { Observation } from '../live-state/live-state.fold';
import type { LiveStateRow } from '../live-state/live-state.repository';
import type { DecodedTelemetry } from './telemetry-decode';
import { changedColumns, foldVehicle, groupByVehicle, inFoldOrder } from './telemetry-fold';

const T0 = Date.parse('2026-05-01T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const SF = { latitude: 37.7749, longitude: -122.4194 };
/** About 1.1 km north of SF: a move, not GPS noise. */
const NORTH = { latitude: 37.7849, longitude: -122.4194 };

const obs = (s: number, fields: Omit<Observation, 'at' | 'source'> = {}): Observation => ({
  at: at(s),
  source: 'telemetry',
  // A vehicle that streams a record is awake and connected (observationFromSignals).
  connectivity: 'online',
  ...fields,
});

const record = (
  vin: string,
  s: number,
  observation: Observation | null,
  billedSignals = 0,
): DecodedTelemetry => ({
  kind: 'V',
  vin,
  createdAt: at(s),
  observation,
  billedSignals,
});

describe('groupByVehicle', () => {
  it('sorts records out by known vehicle, counting unknown VINs and billing only billed datums', () => {
    const vehicles = new Map([
      ['VIN_A', { id: 'a', vin: 'VIN_A', connectionId: 'c1' }],
      ['VIN_B', { id: 'b', vin: 'VIN_B', connectionId: null }],
    ]);
    const records = [
      record('VIN_A', 2, obs(2, { batteryLevel: 50 }), 8),
      record('VIN_X', 3, obs(3, { batteryLevel: 10 }), 8),
      record('VIN_B', 1, null, 0),
      record('VIN_A', 1, obs(1, { batteryLevel: 51 }), 0),
      record('VIN_B', 4, obs(4, { locked: true }), 2),
    ];
    const grouped = groupByVehicle(records, vehicles);
    expect([...grouped.byVehicle.keys()]).toEqual(['a', 'b']);
    expect(grouped.byVehicle.get('a')?.map((o) => o.batteryLevel)).toEqual([50, 51]);
    expect(grouped.unknownVin).toBe(1);
    expect(grouped.folded).toBe(3);
    expect(grouped.billed.map((b) => [b.vehicle.id, b.record.billedSignals])).toEqual([
      ['a', 8],
      ['b', 2],
    ]);
    expect(grouped.createdAtMs).toEqual([2, 3, 1, 1, 4].map((s) => at(s).getTime()));
  });
});

describe('inFoldOrder', () => {
  it('orders ids and each vehicle’s observations by record time, arrival order among equal times', () => {
    const first = obs(5, { batteryLevel: 1 });
    const second = obs(5, { batteryLevel: 2 });
    const byVehicle = new Map([
      ['z', [obs(9), first, obs(1), second]],
      ['a', [obs(3), obs(2)]],
    ]);
    expect(inFoldOrder(byVehicle)).toEqual(['a', 'z']);
    expect(byVehicle.get('a')?.map((o) => o.at.getTime())).toEqual([at(2), at(3)].map((d) => d.getTime()));
    const z = byVehicle.get('z') ?? [];
    expect(z.map((o) => o.at.getTime())).toEqual([at(1), at(5), at(5), at(9)].map((d) => d.getTime()));
    expect(z[1]).toBe(first);
    expect(z[2]).toBe(second);
  });
});

describe('foldVehicle', () => {
  it('creates a row from nothing, with position history and a connectivity status change', () => {
    const columns = new Set<keyof LiveStateRow>();
    const folded = foldVehicle(
      'v1',
      undefined,
      [obs(1, { ...SF, batteryLevel: 80 }), obs(2, { ...NORTH })],
      columns,
    );
    expect(folded?.state).toMatchObject({
      vehicle_id: 'v1',
      connectivity: 'online',
      streaming: true,
      battery_level: 80,
      latitude: NORTH.latitude,
      data_as_of: at(2),
    });
    expect(folded?.positions.map((p) => [p.latitude, p.at])).toEqual([
      [SF.latitude, at(1)],
      [NORTH.latitude, at(2)],
    ]);
    expect(folded?.change).toMatchObject({ reasons: ['connectivity'], at: at(2) });
  });

  it('is null when the observations change nothing (a repeated batch), leaving the columns untouched', () => {
    const first = foldVehicle('v1', undefined, [obs(1, { ...SF, batteryLevel: 80 })], new Set());
    if (!first) throw new Error('no row');
    const columns = new Set<keyof LiveStateRow>();
    expect(foldVehicle('v1', first.state, [obs(1, { ...SF, batteryLevel: 80 })], columns)).toBeNull();
    expect(columns.size).toBe(0);
    expect(foldVehicle('v1', undefined, [], columns)).toBeNull();
  });

  it('an older record never moves the state back; a newer one names exactly the columns it changed', () => {
    const first = foldVehicle('v1', undefined, [obs(10, { ...SF, batteryLevel: 35 })], new Set());
    if (!first) throw new Error('no row');
    const columns = new Set<keyof LiveStateRow>();
    expect(foldVehicle('v1', first.state, [obs(5, { batteryLevel: 90 })], columns)).toBeNull();
    const later = foldVehicle('v1', first.state, [obs(20, { batteryLevel: 28 })], columns);
    expect(later?.state.battery_level).toBe(28);
    expect(later?.positions).toEqual([]);
    expect(later?.change).toMatchObject({ reasons: ['battery'], at: at(20) });
    expect([...columns].sort()).toEqual(['battery_level', 'data_as_of', 'last_seen_at', 'last_telemetry_at']);
  });
});

describe('changedColumns', () => {
  it('compares dates by instant and ignores updated_at', () => {
    const row = foldVehicle('v1', undefined, [obs(1, { batteryLevel: 50 })], new Set())?.state;
    if (!row) throw new Error('no row');
    const into = new Set<keyof LiveStateRow>();
    const copy = { ...row, data_as_of: new Date(at(1).getTime()), updated_at: at(99) };
    expect(changedColumns(row, copy, into)).toBe(false);
    expect(into.size).toBe(0);
    expect(changedColumns(row, { ...copy, locked: true, last_polled_at: at(3) }, into)).toBe(true);
    expect([...into].sort()).toEqual(['last_polled_at', 'locked']);
  });
});
