import { useState } from 'react';
import { useUsage } from '../../features/tesla/api/usage';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';

const usd = new Intl.NumberFormat(undefined, {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 4,
});
const int = new Intl.NumberFormat();
const WINDOWS = [1, 7, 30];

/** What the Fleet API costs, per vehicle per day, at Tesla's list prices. */
export function OperatorCostsPage() {
  const [days, setDays] = useState(7);
  const usage = useUsage(days);
  return (
    <section className="section" aria-labelledby="costs-heading">
      <div className="section-head">
        <h1 id="costs-heading">Tesla costs</h1>
        <label className="inline-select">
          <span>Period</span>
          <select
            value={days}
            onChange={(e) => {
              setDays(Number(e.target.value));
            }}
          >
            {WINDOWS.map((d) => (
              <option key={d} value={d}>
                {d === 1 ? 'Today' : `Last ${d} days`}
              </option>
            ))}
          </select>
        </label>
      </div>
      {usage.isPending && <Loading label="Loading usage…" />}
      {usage.isError && <ErrorNotice error={usage.error} />}
      {usage.data && (
        <>
          <div className="stats">
            <div className="stat">
              <p className="stat-label">Estimated cost</p>
              <p className="stat-value">{usd.format(usage.data.total.usd)}</p>
            </div>
            <div className="stat">
              <p className="stat-label">Data calls</p>
              <p className="stat-value">{int.format(usage.data.total.data)}</p>
            </div>
            <div className="stat">
              <p className="stat-label">Wakes</p>
              <p className="stat-value">{int.format(usage.data.total.wake)}</p>
            </div>
            <div className="stat">
              <p className="stat-label">Streamed signals</p>
              <p className="stat-value">{int.format(usage.data.total.signal)}</p>
            </div>
          </div>
          <p className="muted small">
            Tesla list prices: $1 per {int.format(Math.round(1 / usage.data.prices.data))} data calls,{' '}
            {int.format(Math.round(1 / usage.data.prices.command))} commands,{' '}
            {int.format(Math.round(1 / usage.data.prices.wake))} wakes or{' '}
            {int.format(Math.round(1 / usage.data.prices.signal))} streamed signals, before the $10 monthly
            credit.
          </p>
          {usage.data.rows.length === 0 ? (
            <EmptyState title="No Tesla calls in this period" />
          ) : (
            <div className="table-wrap">
              <table className="table">
                <caption className="visually-hidden">Fleet API calls per vehicle per day</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Vehicle</th>
                    <th scope="col" className="num">
                      Data
                    </th>
                    <th scope="col" className="num">
                      Cmds
                    </th>
                    <th scope="col" className="num">
                      Wakes
                    </th>
                    <th scope="col" className="num">
                      Signals
                    </th>
                    <th scope="col" className="num">
                      Cost
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {usage.data.rows.map((r) => (
                    <tr key={`${r.day}-${r.vin}`}>
                      <td>{r.day}</td>
                      <td>{r.vin ? (r.displayName ?? r.vin) : 'Account (vehicle list)'}</td>
                      <td className="num">{int.format(r.data)}</td>
                      <td className="num">{int.format(r.command)}</td>
                      <td className="num">{int.format(r.wake)}</td>
                      <td className="num">{int.format(r.signal)}</td>
                      <td className="num">{usd.format(r.usd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
