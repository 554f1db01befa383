import { describe, expect, it } from 'vitest';
import { colorName, paintOf, trimName } from './vehicle-names';

describe('vehicle names', () => {
  it('names trims', () => {
    expect(trimName('50')).toBe('Standard Range');
    expect(trimName('p74d')).toBe('Performance');
    expect(trimName('Plaid')).toBe('Plaid');
    expect(trimName('cyberbeast')).toBe('Cyberbeast');
    expect(trimName('p90d')).toBe('P90D');
    expect(trimName(null)).toBeNull();
  });

  it('names colours from names and paint codes', () => {
    expect(colorName('SolidBlack')).toBe('Solid Black');
    expect(colorName('MidnightSilverMetallic')).toBe('Midnight Silver Metallic');
    expect(colorName('PPSW')).toBe('Pearl White');
    expect(colorName('deep_blue')).toBe('Deep Blue');
    expect(colorName(null)).toBeNull();
  });

  it('paints drawings in the car colour', () => {
    expect(paintOf('SolidBlack')).toBe('#1c1d21');
    expect(paintOf('PPSW')).toBe('#f2f2ee');
    expect(paintOf('UltraRed')).toBe('#a3121f');
    expect(paintOf('Unknown')).toBe('#c8cbcf');
  });
});
