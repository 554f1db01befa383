import { describe, expect, it } from 'vitest';
import { canonicalTimeZone, localTime, rentalDays } from './rental-days';

const at = (iso: string) => new Date(iso);

describe('rental days counted on the customer’s calendar', () => {
  const chicago = 'America/Chicago';

  it.each([
    // [pickup, return, zone, days, pickupDate, returnDate]
    ['2026-05-04T15:00:00Z', '2026-05-05T15:00:00Z', chicago, 1, '2026-05-04', '2026-05-05'], // Mon 10:00 → Tue 10:00
    ['2026-05-04T15:00:00Z', '2026-05-05T16:00:00Z', chicago, 2, '2026-05-04', '2026-05-05'], // Mon 10:00 → Tue 11:00
    ['2026-05-04T15:00:00Z', '2026-05-05T14:00:00Z', chicago, 1, '2026-05-04', '2026-05-05'], // Mon 10:00 → Tue 09:00
    ['2026-05-04T15:00:00Z', '2026-05-04T19:00:00Z', chicago, 1, '2026-05-04', '2026-05-04'], // 4 hours on Monday
    ['2026-05-05T03:00:00Z', '2026-05-05T07:00:00Z', chicago, 1, '2026-05-04', '2026-05-05'], // Mon 22:00 → Tue 02:00
    ['2026-05-04T15:00:00Z', '2026-05-11T15:00:00Z', chicago, 7, '2026-05-04', '2026-05-11'], // a week
  ])('%s → %s in %s is %i day(s)', (from, to, zone, days, pickupDate, returnDate) => {
    expect(rentalDays(at(from), at(to), zone)).toEqual({ days, pickupDate, returnDate });
  });

  it('counts 10:00 → 10:00 as one day across the spring-forward change (a 23-hour day)', () => {
    // 2026-03-08 02:00 CST → 03:00 CDT. Sat 10:00 CST = 16:00Z; Sun 10:00 CDT = 15:00Z.
    const from = at('2026-03-07T16:00:00Z');
    const to = at('2026-03-08T15:00:00Z');
    expect(to.getTime() - from.getTime()).toBe(23 * 3_600_000);
    expect(rentalDays(from, to, chicago)).toEqual({
      days: 1,
      pickupDate: '2026-03-07',
      returnDate: '2026-03-08',
    });
    // The same instants counted in 24-hour blocks of UTC would read 16:00 → 15:00: still one day,
    // but an hour later on Sunday is a second day only in local time.
    expect(rentalDays(from, at('2026-03-08T16:00:00Z'), chicago).days).toBe(2);
  });

  it('counts 10:00 → 10:00 as one day across the fall-back change (a 25-hour day)', () => {
    // 2026-11-01 02:00 CDT → 01:00 CST. Sat 10:00 CDT = 15:00Z; Sun 10:00 CST = 16:00Z.
    const from = at('2026-10-31T15:00:00Z');
    const to = at('2026-11-01T16:00:00Z');
    expect(to.getTime() - from.getTime()).toBe(25 * 3_600_000);
    expect(rentalDays(from, to, chicago).days).toBe(1);
  });

  it('counts the same instants differently in different time zones', () => {
    // 2026-05-04 22:00Z → 2026-05-05 23:00Z.
    const from = at('2026-05-04T22:00:00Z');
    const to = at('2026-05-05T23:00:00Z');
    // Chicago: Mon 17:00 → Tue 18:00 = 2 days.
    expect(rentalDays(from, to, chicago)).toMatchObject({ days: 2, pickupDate: '2026-05-04' });
    // Tokyo: Tue 07:00 → Wed 08:00 = 2 days, on other dates.
    expect(rentalDays(from, to, 'Asia/Tokyo')).toEqual({
      days: 2,
      pickupDate: '2026-05-05',
      returnDate: '2026-05-06',
    });
    // Kolkata (+05:30): Tue 03:30 → Wed 04:30.
    expect(rentalDays(from, to, 'Asia/Kolkata')).toMatchObject({ days: 2, pickupDate: '2026-05-05' });
    // 22:00Z → next day 21:00Z is one day in UTC but crosses two midnights nowhere else.
    expect(rentalDays(from, at('2026-05-05T21:00:00Z'), 'UTC').days).toBe(1);
    // Auckland leaves daylight saving on 2026-04-05: Sat 10:00 NZDT → Sun 10:00 NZST is 25 hours, one day.
    expect(rentalDays(at('2026-04-03T21:00:00Z'), at('2026-04-04T22:00:00Z'), 'Pacific/Auckland')).toEqual({
      days: 1,
      pickupDate: '2026-04-04',
      returnDate: '2026-04-05',
    });
  });

  it('accepts IANA zones (canonicalised) and refuses unknown zones and bare offsets', () => {
    expect(canonicalTimeZone('America/Chicago')).toBe('America/Chicago');
    expect(canonicalTimeZone('america/chicago')).toBe('America/Chicago');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('+02:00')).toBeNull();
    expect(canonicalTimeZone('')).toBeNull();
  });

  it('shows an instant as local wall-clock time', () => {
    expect(localTime(at('2026-05-04T15:00:00Z'), chicago)).toBe('2026-05-04 10:00 (America/Chicago)');
  });
});
