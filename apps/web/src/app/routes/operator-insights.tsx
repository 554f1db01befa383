import { useState } from 'react';
import {
  INSIGHTS_WINDOWS,
  VEHICLE_MODEL_LABELS,
  type CancellationLeadTime,
  type Insights,
  type InsightsWindow,
} from '@cybertacotruck/contracts';
import { insightsCsvUrl, useInsights } from '../../features/insights/api/insights';
import { DayChart } from '../../features/insights/components/day-chart';
import { Funnel } from '../../features/insights/components/funnel';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { formatMoney } from '../../lib/format';

const percent = (share: number) => `${String(Math.round(share * 100))}%`;
const usd = (value: number) =>
  new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  }).format(value);
const days = (value: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(value);
const dayRange = (from: string, to: string) => {
  const f = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return `${f.format(new Date(`${from}T12:00:00Z`))} – ${f.format(new Date(`${to}T12:00:00Z`))}`;
};

const LEAD_TIMES: Record<CancellationLeadTime, string> = {
  after_start: 'After the start',
  under_1d: 'Less than a day before',
  '1_3d': '1–3 days before',
  '3_7d': '3–7 days before',
  over_7d: 'More than 7 days before',
};

function Figures({ i }: { i: Insights }) {
  const money = (minor: number) => formatMoney(minor, i.currency);
  const figures = [
    { key: 'revenue', label: 'Revenue', value: money(i.money.revenueMinor) },
    { key: 'tesla-cost', label: 'Tesla cost', value: usd(i.money.teslaCostUsd) },
    {
      key: 'revenue-per-day',
      label: 'Revenue per vehicle-day',
      value: money(i.money.revenuePerVehicleDayMinor),
    },
    {
      key: 'cost-per-day',
      label: 'Tesla cost per vehicle-day',
      value: usd(i.money.teslaCostPerVehicleDayUsd),
    },
    { key: 'utilisation', label: 'Fleet utilisation', value: percent(i.utilisation.fleet) },
    {
      key: 'unmet',
      label: 'Searches with no car',
      value: `${String(i.searches.unmet)} of ${String(i.searches.total)}`,
    },
    {
      key: 'fees',
      label: 'Payment fees',
      value: i.money.paymentFeesMinor === null ? 'Not reported' : money(i.money.paymentFeesMinor),
    },
    { key: 'cancelled', label: 'Cancellations', value: String(i.cancellations.total) },
  ];
  return (
    <ul className="stats insights-figures" aria-label="Key figures">
      {figures.map((f) => (
        <li key={f.key} className="stat" data-figure={f.key}>
          <p className="stat-value">{f.value}</p>
          <p className="stat-label">{f.label}</p>
        </li>
      ))}
    </ul>
  );
}

function Charts({ i }: { i: Insights }) {
  const series = (pick: (d: Insights['daily'][number]) => number) =>
    i.daily.map((d) => ({ day: d.day, value: pick(d) }));
  const money = (minor: number) => formatMoney(minor, i.currency);
  return (
    <div className="day-charts">
      <DayChart
        title="Confirmed bookings"
        data={series((d) => d.confirmed)}
        format={String}
        summary={`${String(i.reservations.confirmed)} in ${String(i.days)} days`}
      />
      <DayChart
        title="Revenue"
        data={series((d) => d.revenueMinor)}
        format={money}
        summary={`${money(i.money.revenueMinor)} in ${String(i.days)} days`}
      />
      <DayChart
        title="Utilisation"
        data={series((d) => d.utilisation * 100)}
        format={(v) => `${String(Math.round(v))}%`}
        summary={`${percent(i.utilisation.fleet)} of the fleet's time booked`}
      />
      <DayChart
        title="Searches with no car"
        data={series((d) => d.unmetSearches)}
        format={String}
        summary={`${String(i.searches.unmet)} of ${String(i.searches.total)} searches`}
      />
    </div>
  );
}

function Tables({ i }: { i: Insights }) {
  const money = (minor: number) => formatMoney(minor, i.currency);
  return (
    <>
      <h2>Unmet demand</h2>
      {i.unmetDemand.length === 0 ? (
        <p className="muted">Every search found a car.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" aria-label="Unmet demand">
            <thead>
              <tr>
                <th scope="col">Dates</th>
                <th scope="col">Model</th>
                <th scope="col" className="num">
                  No car
                </th>
              </tr>
            </thead>
            <tbody>
              {i.unmetDemand.map((u) => (
                <tr key={`${u.fromDay}-${u.toDay}-${u.model ?? 'any'}`}>
                  <td>{dayRange(u.fromDay, u.toDay)}</td>
                  <td>{u.model ? VEHICLE_MODEL_LABELS[u.model] : 'Any'}</td>
                  <td className="num">
                    {u.unmet} of {u.searches}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Utilisation</h2>
      <div className="table-wrap">
        <table className="table" aria-label="Utilisation by model">
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">
                Cars
              </th>
              <th scope="col" className="num">
                Booked days
              </th>
              <th scope="col" className="num">
                Used
              </th>
            </tr>
          </thead>
          <tbody>
            {i.utilisation.models.map((m) => (
              <tr key={m.model}>
                <td>{VEHICLE_MODEL_LABELS[m.model]}</td>
                <td className="num">{m.cars}</td>
                <td className="num">{days(m.bookedDays)}</td>
                <td className="num">{percent(m.utilisation)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table className="table" aria-label="Each car">
          <thead>
            <tr>
              <th scope="col">Car</th>
              <th scope="col" className="num">
                Used
              </th>
              <th scope="col" className="num">
                Revenue
              </th>
              <th scope="col" className="num">
                Tesla
              </th>
            </tr>
          </thead>
          <tbody>
            {i.utilisation.cars.map((c) => (
              <tr key={c.vehicleId} data-car={c.vehicleId}>
                <td>{c.displayName}</td>
                <td className="num">{percent(c.utilisation)}</td>
                <td className="num">{money(c.revenueMinor)}</td>
                <td className="num">{usd(c.teslaCostUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Cancellations</h2>
      {i.cancellations.total === 0 ? (
        <p className="muted">No cancellations.</p>
      ) : (
        <>
          <div className="table-wrap">
            <table className="table" aria-label="Cancellations by reason">
              <thead>
                <tr>
                  <th scope="col">Reason</th>
                  <th scope="col">By</th>
                  <th scope="col" className="num">
                    Count
                  </th>
                </tr>
              </thead>
              <tbody>
                {i.cancellations.byReason.map((c) => (
                  <tr key={`${c.cancelledBy}-${c.reason ?? ''}`}>
                    <td>{c.reason ?? 'No reason given'}</td>
                    <td>{c.cancelledBy === 'customer' ? 'Customer' : 'Operator'}</td>
                    <td className="num">{c.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table className="table" aria-label="Cancellations by lead time">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col" className="num">
                    Count
                  </th>
                </tr>
              </thead>
              <tbody>
                {i.cancellations.byLeadTime.map((l) => (
                  <tr key={l.leadTime}>
                    <td>{LEAD_TIMES[l.leadTime]}</td>
                    <td className="num">{l.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

/**
 * Is the business working? The funnel from invitation to a completed rental, what customers looked
 * for and did not find, how much of the fleet's time is booked, revenue against Tesla's bill, and
 * why bookings are cancelled, over the last 7, 30 or 90 days; the daily numbers as CSV.
 */
export function OperatorInsightsPage() {
  const [period, setPeriod] = useState<InsightsWindow>(7);
  const insights = useInsights(period);
  const i = insights.data;
  return (
    <section className="section insights" aria-labelledby="insights-heading">
      <div className="section-head">
        <h1 id="insights-heading">Business</h1>
        <a className="button button-small" href={insightsCsvUrl(period)} download>
          Download CSV
        </a>
      </div>
      <fieldset className="segmented">
        <legend>Period</legend>
        {INSIGHTS_WINDOWS.map((d) => (
          <label key={d} className={`chip${d === period ? ' chip-on' : ''}`}>
            <input
              type="radio"
              name="insights-window"
              checked={d === period}
              onChange={() => {
                setPeriod(d);
              }}
            />
            {d} days
          </label>
        ))}
      </fieldset>
      {insights.isPending && <Loading label="Loading the numbers…" />}
      {insights.isError && <ErrorNotice error={insights.error} />}
      {i && (
        <>
          <p className="muted small">
            Days begin at midnight {i.timeZone === 'UTC' ? 'UTC' : `in ${i.timeZone}`}. Money as charged: a
            rental counts when confirmed, a cancelled one is taken back when cancelled.
          </p>
          <h2>Funnel</h2>
          {i.funnel.every((f) => f.count === 0) ? (
            <EmptyState title="Nothing happened in this period yet" />
          ) : (
            <Funnel rows={i.funnel} />
          )}
          <Figures i={i} />
          <Charts i={i} />
          <Tables i={i} />
        </>
      )}
    </section>
  );
}
