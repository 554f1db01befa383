import { describe, expect, it } from 'vitest';
import { distanceKm, insideFence } from './geofence';

describe('geofence', () => {
  const sf = { latitude: 37.7749, longitude: -122.4194 };
  it('measures great-circle distance', () => {
    expect(distanceKm(sf, { latitude: 34.0522, longitude: -118.2437 })).toBeCloseTo(559, -1);
  });
  it('a radius fence holds what is within it and not what is beyond', () => {
    const fence = { kind: 'radius' as const, center: sf, radiusKm: 10 };
    expect(insideFence(fence, { latitude: 37.8, longitude: -122.42 })).toBe(true);
    expect(insideFence(fence, { latitude: 37.9, longitude: -122.42 })).toBe(false);
  });
  it('a polygon fence holds its inside, not its outside (concave too)', () => {
    // An L shape: the notch at the top right is outside.
    const fence = {
      kind: 'polygon' as const,
      points: [
        { latitude: 0, longitude: 0 },
        { latitude: 0, longitude: 2 },
        { latitude: 1, longitude: 2 },
        { latitude: 1, longitude: 1 },
        { latitude: 2, longitude: 1 },
        { latitude: 2, longitude: 0 },
      ],
    };
    expect(insideFence(fence, { latitude: 0.5, longitude: 1.5 })).toBe(true);
    expect(insideFence(fence, { latitude: 1.5, longitude: 0.5 })).toBe(true);
    expect(insideFence(fence, { latitude: 1.5, longitude: 1.5 })).toBe(false);
    expect(insideFence(fence, { latitude: -0.1, longitude: 0.5 })).toBe(false);
  });
});
