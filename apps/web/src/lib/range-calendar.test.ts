import { describe, expect, it } from 'vitest';
import { addMonths, daysInMonth, monthWeeks, pickDay, placeInRange } from './range-calendar';

describe('range calendar', () => {
  it('steps months across years', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-05', 14)).toBe('2027-07');
  });

  it('knows month lengths, leap Februaries included', () => {
    expect(daysInMonth('2026-02')).toBe(28);
    expect(daysInMonth('2028-02')).toBe(29);
    expect(daysInMonth('2026-12')).toBe(31);
    expect(daysInMonth('2026-04')).toBe(30);
  });

  it('lays a month out in weeks from the given first weekday', () => {
    // 1 December 2026 is a Tuesday.
    const sunday = monthWeeks('2026-12', 0);
    expect(sunday[0]).toEqual([
      null,
      null,
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
    ]);
    expect(sunday).toHaveLength(5);
    expect(sunday[4]).toEqual([
      '2026-12-27',
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      null,
      null,
    ]);
    const monday = monthWeeks('2026-12', 1);
    expect(monday[0]?.slice(0, 2)).toEqual([null, '2026-12-01']);
    expect(monday.every((w) => w.length === 7)).toBe(true);
    // February 2026 starts on a Sunday: four full weeks from Sunday, five from Monday.
    expect(monthWeeks('2026-02', 0)).toHaveLength(4);
    expect(monthWeeks('2026-02', 1)).toHaveLength(5);
  });

  it('picks a range: start, then an end on or after it; a day before the start moves the start', () => {
    let r = pickDay({ start: null, end: null }, '2026-12-10');
    expect(r).toEqual({ start: '2026-12-10', end: null });
    expect(pickDay(r, '2026-12-08')).toEqual({ start: '2026-12-08', end: null });
    expect(pickDay(r, '2026-12-10')).toEqual({ start: '2026-12-10', end: '2026-12-10' });
    r = pickDay(r, '2026-12-13');
    expect(r).toEqual({ start: '2026-12-10', end: '2026-12-13' });
    // A complete range: the next tap starts again.
    expect(pickDay(r, '2026-12-20')).toEqual({ start: '2026-12-20', end: null });
  });

  it('places days in the range', () => {
    const r = { start: '2026-12-10', end: '2026-12-13' };
    expect(
      ['2026-12-09', '2026-12-10', '2026-12-11', '2026-12-13', '2026-12-14'].map((d) => placeInRange(r, d)),
    ).toEqual([null, 'start', 'within', 'end', null]);
    expect(placeInRange({ start: '2026-12-10', end: null }, '2026-12-11')).toBeNull();
    expect(placeInRange({ start: null, end: null }, '2026-12-11')).toBeNull();
  });
});
