import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal } from '@js-temporal/polyfill';
import {
  addDays,
  defaultRentalPeriod,
  instantToZoned,
  startOfZonedDay,
  zonedDayStarts,
  zonedToInstant,
} from './time';

const HOUR = 3_600_000;
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const lengths = (starts: Date[]) =>
  starts.slice(1).map((d, i) => (d.getTime() - (starts[i] as Date).getTime()) / HOUR);

// 2026: New York springs forward on 8 March and falls back on 1 November (at 02:00 local);
// Berlin on 29 March and 25 October (at 01:00 UTC).
describe('zonedDayStarts: whole local days across daylight-saving changes', () => {
  it('America/New_York, spring forward: the day of the change is 23 hours', () => {
    const starts = zonedDayStarts('2026-03-07', 3, 'America/New_York');
    expect(iso(starts)).toEqual([
      '2026-03-07T05:00:00.000Z',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-03-10T04:00:00.000Z',
    ]);
    expect(lengths(starts)).toEqual([24, 23, 24]);
  });

  it('America/New_York, fall back: the day of the change is 25 hours', () => {
    const starts = zonedDayStarts('2026-10-31', 3, 'America/New_York');
    expect(iso(starts)).toEqual([
      '2026-10-31T04:00:00.000Z',
      '2026-11-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z',
      '2026-11-03T05:00:00.000Z',
    ]);
    expect(lengths(starts)).toEqual([24, 25, 24]);
  });

  it('Europe/Berlin, spring forward and fall back', () => {
    const spring = zonedDayStarts('2026-03-28', 3, 'Europe/Berlin');
    expect(iso(spring)).toEqual([
      '2026-03-27T23:00:00.000Z',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-03-30T22:00:00.000Z',
    ]);
    expect(lengths(spring)).toEqual([24, 23, 24]);
    const fall = zonedDayStarts('2026-10-24', 3, 'Europe/Berlin');
    expect(iso(fall)).toEqual([
      '2026-10-23T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
      '2026-10-26T23:00:00.000Z',
    ]);
    expect(lengths(fall)).toEqual([24, 25, 24]);
  });

  it('a 14-day window across the change still has 15 midnights, each at 00:00 local', () => {
    const starts = zonedDayStarts('2026-03-01', 14, 'America/New_York');
    expect(starts).toHaveLength(15);
    expect(starts.map((d) => instantToZoned(d, 'America/New_York'))).toEqual(
      Array.from({ length: 15 }, (_, i) => `${addDays('2026-03-01', i)}T00:00`),
    );
  });
});

describe('zonedToInstant', () => {
  it('reads local midnight in each zone as the right UTC instant, on both sides of a change', () => {
    expect(zonedToInstant('2026-03-08T00:00', 'America/New_York')?.toISOString()).toBe(
      '2026-03-08T05:00:00.000Z',
    );
    expect(zonedToInstant('2026-03-09T00:00', 'America/New_York')?.toISOString()).toBe(
      '2026-03-09T04:00:00.000Z',
    );
    expect(zonedToInstant('2026-10-25T00:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-10-24T22:00:00.000Z',
    );
    expect(zonedToInstant('2026-10-26T00:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-10-25T23:00:00.000Z',
    );
  });

  it('a wall time in the spring-forward gap is read as the time after it; a repeated one as the first', () => {
    expect(zonedToInstant('2026-03-08T02:30', 'America/New_York')?.toISOString()).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    expect(zonedToInstant('2026-11-01T01:30', 'America/New_York')?.toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(zonedToInstant('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(zonedToInstant('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('is null for text that is not a local date and time, or a day that does not exist', () => {
    for (const text of [
      '',
      'tomorrow',
      '2026-05-01',
      '2026-05-01T10:00:00',
      '2026-02-30T10:00',
      '2026-05-01T24:00',
    ]) {
      expect(zonedToInstant(text, 'Europe/Berlin'), text).toBeNull();
    }
  });
});

describe('instantToZoned and whole-day rentals', () => {
  it('shows both occurrences of a repeated hour as the same wall time', () => {
    expect(instantToZoned(new Date('2026-11-01T05:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30');
    expect(instantToZoned(new Date('2026-11-01T06:30:00Z'), 'America/New_York')).toBe('2026-11-01T01:30');
    expect(instantToZoned(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29T03:00');
  });

  it('the default rental is tomorrow 10:00 to the day after, local: 23 hours across spring forward', () => {
    // 23:30 on 6 March in New York (04:30 UTC on the 7th).
    const period = defaultRentalPeriod(new Date('2026-03-07T04:30:00Z'), 'America/New_York');
    expect(period).toEqual({ from: '2026-03-07T10:00', to: '2026-03-08T10:00' });
    const from = zonedToInstant(period.from, 'America/New_York');
    const to = zonedToInstant(period.to, 'America/New_York');
    expect(from?.toISOString()).toBe('2026-03-07T15:00:00.000Z');
    expect(to?.toISOString()).toBe('2026-03-08T14:00:00.000Z');
  });

  it('startOfZonedDay is local midnight, or the first instant of a day whose midnight is skipped', () => {
    expect(startOfZonedDay(new Date('2026-10-25T20:00:00Z'), 'Europe/Berlin').toISOString()).toBe(
      '2026-10-24T22:00:00.000Z',
    );
    // São Paulo sprang forward at midnight on 4 November 2018: that day began at 01:00 (-02:00).
    expect(startOfZonedDay(new Date('2018-11-04T15:00:00Z'), 'America/Sao_Paulo').toISOString()).toBe(
      '2018-11-04T03:00:00.000Z',
    );
  });

  it('addDays crosses months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31T10:00', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

// The readings above are Temporal's; check the Intl-based code against the polyfill itself
// (the one the server counts rental days with) over many instants, wall times and zones.
describe('agrees with Temporal', () => {
  const zones = fc.constantFrom(
    'America/New_York',
    'Europe/Berlin',
    'America/Sao_Paulo',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'UTC',
  );
  const epochs = fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2040, 0, 1) });

  it('instantToZoned and startOfZonedDay', () => {
    fc.assert(
      fc.property(epochs, zones, (epoch, zone) => {
        const t = Temporal.Instant.fromEpochMilliseconds(epoch).toZonedDateTimeISO(zone);
        expect(instantToZoned(new Date(epoch), zone)).toBe(t.toPlainDateTime().toString().slice(0, 16));
        expect(startOfZonedDay(new Date(epoch), zone).getTime()).toBe(t.startOfDay().epochMilliseconds);
      }),
      { numRuns: 500 },
    );
  });

  it('zonedToInstant, gaps and repeats included', () => {
    fc.assert(
      fc.property(epochs, fc.integer({ min: -180, max: 180 }), zones, (epoch, nudge, zone) => {
        // Wall times near real instants (and so near changes as often as anywhere).
        const wall = Temporal.Instant.fromEpochMilliseconds(epoch + nudge * 60_000)
          .toZonedDateTimeISO('UTC')
          .toPlainDateTime()
          .toString()
          .slice(0, 16);
        const expected = Temporal.PlainDateTime.from(wall).toZonedDateTime(zone, {
          disambiguation: 'compatible',
        }).epochMilliseconds;
        expect(zonedToInstant(wall, zone)?.getTime()).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('zonedToInstant across every 2026 change in New York and Berlin, minute by minute', () => {
    for (const [zone, day] of [
      ['America/New_York', '2026-03-08'],
      ['America/New_York', '2026-11-01'],
      ['Europe/Berlin', '2026-03-29'],
      ['Europe/Berlin', '2026-10-25'],
    ] as const) {
      for (let minute = 0; minute < 24 * 60; minute += 15) {
        const wall = `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        const expected = Temporal.PlainDateTime.from(wall).toZonedDateTime(zone, {
          disambiguation: 'compatible',
        }).epochMilliseconds;
        expect(zonedToInstant(wall, zone)?.getTime(), `${zone} ${wall}`).toBe(expected);
      }
    }
  });
});
