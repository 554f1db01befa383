import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone } from './phone';

const us = { defaultRegion: 'US', allowFictional: true };

describe('normalisePhone', () => {
  it('normalises what people type to E.164, using the default region for national numbers', () => {
    expect(normalisePhone('(202) 555-0123', us)).toBe('+12025550123');
    expect(normalisePhone(' +1 202.555.0123 ', us)).toBe('+12025550123');
    expect(normalisePhone('06 12 34 56 78', { ...us, defaultRegion: 'FR' })).toBe('+33612345678');
    expect(normalisePhone('+33 6 12 34 56 78', us)).toBe('+33612345678');
  });

  it('refuses what is not a phone number', () => {
    for (const input of ['555-12', '12', 'call me', '+1 202 555 01234567', '+999 123 456'])
      expect(normalisePhone(input, us), input).toBeNull();
  });

  it('accepts ranges reserved for fiction (the demo operator +1 555 010 0000) only when allowed', () => {
    expect(normalisePhone('+15550100000', us)).toBe('+15550100000');
    expect(normalisePhone('+447700900123', us)).toBe('+447700900123');
    expect(normalisePhone('+15550100000', { ...us, allowFictional: false })).toBeNull();
  });
});

describe('maskPhone', () => {
  it('keeps the country code and the last four digits', () => {
    expect(maskPhone('+12025550123')).toBe('+1 ••••••0123');
    expect(maskPhone('+33612345678')).toBe('+33 •••••5678');
  });
});
