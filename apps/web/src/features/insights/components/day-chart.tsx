import { useId } from 'react';

export interface DayValue {
  day: string;
  value: number;
}

const WIDTH = 320;
const HEIGHT = 120;
const AXIS = 16;

/** "2026-12-05" as "5 Dec", read as the day it names whatever the browser's zone. */
const shortDay = (day: string) =>
  new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );

/**
 * One number per day as bars in inline SVG (no chart library), scaled to the largest; negative
 * values hang below the axis. The SVG is an image named by its summary; the same numbers are in
 * the table beside it (folded away), which is what a screen reader reads.
 */
export function DayChart({
  title,
  data,
  format,
  summary,
}: {
  title: string;
  data: DayValue[];
  format: (value: number) => string;
  /** One sentence a screen reader hears for the picture, e.g. the total. */
  summary: string;
}) {
  const id = useId();
  const top = Math.max(0, ...data.map((d) => d.value));
  const bottom = Math.min(0, ...data.map((d) => d.value));
  const span = top - bottom || 1;
  const plot = HEIGHT - AXIS;
  const zeroY = (top / span) * plot;
  const slot = WIDTH / Math.max(1, data.length);
  const bar = Math.max(1, slot * 0.7);
  const first = data[0];
  const last = data.at(-1);
  return (
    <figure className="day-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="day-chart-title">
        {title}
      </figcaption>
      <svg
        viewBox={`0 0 ${String(WIDTH)} ${String(HEIGHT)}`}
        role="img"
        aria-label={`${title}: ${summary}`}
        preserveAspectRatio="none"
        className="day-chart-svg"
      >
        <line x1="0" x2={WIDTH} y1={zeroY} y2={zeroY} className="day-chart-axis" />
        {data.map((d, i) => {
          const h = (Math.abs(d.value) / span) * plot;
          return (
            <rect
              key={d.day}
              x={i * slot + (slot - bar) / 2}
              y={d.value >= 0 ? zeroY - h : zeroY}
              width={bar}
              height={Math.max(d.value === 0 ? 0 : 1, h)}
              className={d.value < 0 ? 'day-chart-bar negative' : 'day-chart-bar'}
            />
          );
        })}
      </svg>
      <div className="day-chart-ends muted small" aria-hidden="true">
        <span>{first ? shortDay(first.day) : ''}</span>
        <span>{last ? shortDay(last.day) : ''}</span>
      </div>
      <details className="day-chart-table">
        <summary>Show the numbers</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{title}, per day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" className="num">
                  {title}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{shortDay(d.day)}</th>
                  <td className="num">{format(d.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
