import { describe, expect, it } from 'vitest';
import { describeShape, parsePoints } from './geofence-points';

describe('a pasted polygon', () => {
  it('reads one "latitude, longitude" a line, or separated by semicolons, skipping blank lines', () => {
    expect(parsePoints('30.1, -97.9\n\n30.5 -97.9 ; 30.5, -97.5\n')).toEqual({
      points: [
        { latitude: 30.1, longitude: -97.9 },
        { latitude: 30.5, longitude: -97.9 },
        { latitude: 30.5, longitude: -97.5 },
      ],
      error: null,
    });
  });

  it('names the corner that is wrong and why', () => {
    expect(parsePoints('30, -97\n95, -97\n31, -96').error).toBe(
      'Corner 2: the latitude must be a number from -90 to 90',
    );
    expect(parsePoints('30, -97\n31, 200\n31, -96').error).toBe(
      'Corner 2: the longitude must be a number from -180 to 180',
    );
    expect(parsePoints('30, -97\nhere\n31, -96').error).toMatch(/^Corner 2: write it as/);
    expect(parsePoints('30, -97\n31, -96').error).toBe('A polygon needs at least 3 corners');
    expect(parsePoints(Array.from({ length: 201 }, () => '30, -97').join('\n')).error).toBe(
      'A polygon has at most 200 corners',
    );
  });
});

describe('a geofence in words', () => {
  it('says the radius and the centre, or the number of corners', () => {
    expect(
      describeShape({ kind: 'radius', center: { latitude: 30.26721, longitude: -97.74306 }, radiusKm: 50 }),
    ).toBe('50 km around 30.2672, -97.7431');
    expect(
      describeShape({
        kind: 'polygon',
        points: [
          { latitude: 30, longitude: -97 },
          { latitude: 31, longitude: -97 },
          { latitude: 31, longitude: -96 },
        ],
      }),
    ).toBe('A polygon of 3 corners');
  });
});
