import { describe, expect, it } from 'vitest';
import type { LiveStateRow } from '../live-state/live-state.repository';
import { LiveStateCache, VinCache } from './telemetry-cache';
import type { VehicleOfVin } from './telemetry.repository';

const fleet: Record<string, VehicleOfVin> = {
  VIN_A: { id: 'a', vin: 'VIN_A', connectionId: 'c1' },
  VIN_B: { id: 'b', vin: 'VIN_B', connectionId: null },
};

function vinCache() {
  let clock = 1_000;
  const lookups: string[][] = [];
  const cache = new VinCache(
    (vins) => {
      lookups.push([...vins]);
      return Promise.resolve(vins.flatMap((vin) => (fleet[vin] ? [fleet[vin]] : [])));
    },
    { knownTtlMs: 300, unknownTtlMs: 60, now: () => clock },
  );
  return {
    cache,
    lookups,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

describe('VinCache', () => {
  it('looks up only VINs not remembered, in one call, and remembers the unknown ones too', async () => {
    const { cache, lookups } = vinCache();
    const first = await cache.resolve(['VIN_A', 'VIN_X']);
    expect([...first.keys()]).toEqual(['VIN_A']);
    expect(first.get('VIN_A')).toEqual(fleet.VIN_A);
    const second = await cache.resolve(['VIN_A', 'VIN_X', 'VIN_B']);
    expect([...second.keys()].sort()).toEqual(['VIN_A', 'VIN_B']);
    expect(lookups).toEqual([['VIN_A', 'VIN_X'], ['VIN_B']]);
  });

  it('asks again once an entry lapsed: unknown VINs sooner than known ones', async () => {
    const { cache, lookups, advance } = vinCache();
    await cache.resolve(['VIN_A', 'VIN_X']);
    advance(60);
    await cache.resolve(['VIN_A', 'VIN_X']);
    expect(lookups.at(-1)).toEqual(['VIN_X']);
    advance(240);
    await cache.resolve(['VIN_A', 'VIN_X']);
    expect(lookups).toEqual([['VIN_A', 'VIN_X'], ['VIN_X'], ['VIN_A', 'VIN_X']]);
  });

  it('forgetUnknown drops the unknown VINs only (a vehicle was just imported)', async () => {
    const { cache, lookups } = vinCache();
    await cache.resolve(['VIN_A', 'VIN_X']);
    cache.forgetUnknown();
    await cache.resolve(['VIN_A', 'VIN_X']);
    expect(lookups).toEqual([['VIN_A', 'VIN_X'], ['VIN_X']]);
  });
});

describe('LiveStateCache', () => {
  const row = (id: string, battery: number) => ({ vehicle_id: id, battery_level: battery }) as LiveStateRow;

  it('after a commit remembers rows written at the new xmin and rows read at theirs, and forgets the rest of the batch', () => {
    const cache = new LiveStateCache();
    cache.committed(['a', 'b', 'c'], [row('a', 50), row('b', 60), row('c', 70)], '100', []);
    expect(cache.get('a')).toEqual({ row: row('a', 50), xmin: '100' });

    // Next batch: a written again, b read unchanged (at another writer's version), c neither.
    cache.committed(['a', 'b', 'c'], [row('a', 49)], '105', [{ row: row('b', 61), xmin: '103' }]);
    expect(cache.get('a')).toEqual({ row: row('a', 49), xmin: '105' });
    expect(cache.get('b')).toEqual({ row: row('b', 61), xmin: '103' });
    expect(cache.get('c')).toBeUndefined();
    // A vehicle outside the batch is left as it was.
    cache.committed(['b'], [], '', []);
    expect(cache.get('a')?.xmin).toBe('105');
    expect(cache.get('b')).toBeUndefined();
  });
});
