import { WEEKDAYS, type OpeningHours, type Weekday } from '@cybertacotruck/contracts';

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

const dayText = (hours: OpeningHours, day: Weekday) =>
  hours[day].length === 0 ? 'Closed' : hours[day].map((i) => `${i.opens}–${i.closes}`).join(', ');

/** The week's opening hours, local time at the location (its zone named once). */
export function OpeningHoursList({ hours, timeZone }: { hours: OpeningHours; timeZone: string }) {
  return (
    <details>
      <summary>Opening hours</summary>
      <dl className="pickup-hours">
        {WEEKDAYS.map((day) => (
          <div key={day} style={{ display: 'contents' }}>
            <dt>{WEEKDAY_LABELS[day]}</dt>
            <dd>{dayText(hours, day)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">Local time ({timeZone.replace(/_/g, ' ')}).</p>
    </details>
  );
}
