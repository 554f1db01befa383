import { describe, expect, it } from 'vitest';
import { CostMeter, TESLA_PRICES_USD, estimateUsd } from './cost-meter';

describe('CostMeter', () => {
  it('prices as TESLA.md does, exactly to the micro-dollar', () => {
    expect(TESLA_PRICES_USD.wake / TESLA_PRICES_USD.signal).toBe(3000);
    expect(estimateUsd({ data: 500 })).toBe(1);
    expect(estimateUsd({ data: 3, command: 7, wake: 1, signal: 150_000 })).toBe(0.006 + 0.007 + 0.02 + 1);
    expect(estimateUsd({})).toBe(0);
  });

  it('totals per connection and per vehicle per UTC day, and tells listeners', () => {
    const meter = new CostMeter();
    const seen: string[] = [];
    const stop = meter.onRecord((e) => seen.push(e.category));
    meter.record({ connectionId: 'c1', vin: 'V1', category: 'data', at: new Date('2026-03-01T23:59:59Z') });
    meter.record({ connectionId: 'c1', vin: 'V1', category: 'wake', at: new Date('2026-03-02T00:00:01Z') });
    meter.record({ connectionId: 'c2', vin: null, category: 'data', at: new Date('2026-03-02T10:00:00Z') });
    stop();
    meter.record({
      connectionId: 'c2',
      vin: 'V2',
      category: 'signal',
      count: 3000,
      at: new Date('2026-03-02T10:00:00Z'),
    });
    expect(seen).toEqual(['data', 'wake', 'data']);
    const s = meter.snapshot();
    expect(s.total).toEqual({ data: 2, command: 0, wake: 1, signal: 3000, usd: 0.044 });
    expect(s.byConnection.c1).toEqual({ data: 1, command: 0, wake: 1, signal: 0, usd: 0.022 });
    expect(s.byVehicleDay).toEqual([
      { vin: 'V1', day: '2026-03-01', counts: { data: 1, command: 0, wake: 0, signal: 0 }, usd: 0.002 },
      { vin: 'V1', day: '2026-03-02', counts: { data: 0, command: 0, wake: 1, signal: 0 }, usd: 0.02 },
      { vin: 'V2', day: '2026-03-02', counts: { data: 0, command: 0, wake: 0, signal: 3000 }, usd: 0.02 },
    ]);
  });
});
