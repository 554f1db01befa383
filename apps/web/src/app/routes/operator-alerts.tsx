import { useSearchParams } from 'react-router';
import { ALERT_REASONS, type AlertListQuery, type AlertReason } from '@cybertacotruck/contracts';
import { useAlerts } from '../../features/notifications/api/list-alerts';
import { AlertList } from '../../features/notifications/components/alert-list';
import { ALERT_LABELS } from '../../features/notifications/components/labels';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';

const isReason = (v: string | null): v is AlertReason => ALERT_REASONS.some((r) => r === v);

/** Low charge or a charge at risk before a pick-up, a car offline or silent during a rental: newest first. */
export function OperatorAlertsPage() {
  const [params, setParams] = useSearchParams();
  const reasonParam = params.get('reason');
  const query: AlertListQuery = { limit: 100, ...(isReason(reasonParam) ? { reason: reasonParam } : {}) };
  const alerts = useAlerts(query);
  const items = alerts.data?.items ?? [];
  return (
    <section className="section narrow-wide" aria-labelledby="alerts-heading">
      <div className="section-head">
        <h1 id="alerts-heading">Alerts</h1>
        <button
          type="button"
          className="button button-small"
          disabled={alerts.isFetching}
          onClick={() => {
            void alerts.refetch();
          }}
        >
          Refresh
        </button>
      </div>
      <div className="timeline-filters notification-filters">
        <label className="stacked-select">
          Reason
          <select
            value={query.reason ?? ''}
            onChange={(e) => {
              setParams(e.target.value ? { reason: e.target.value } : {}, { replace: true });
            }}
          >
            <option value="">All</option>
            {ALERT_REASONS.map((r) => (
              <option key={r} value={r}>
                {ALERT_LABELS[r].label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {alerts.isPending && <Loading label="Loading alerts…" />}
      {alerts.isError && <ErrorNotice error={alerts.error} />}
      {alerts.data && items.length === 0 && (
        <EmptyState title="No alerts">
          <p className="muted">
            You are told here (and by SMS and e-mail) when a car is low on charge before a pick-up or will not
            reach its charge target by then, goes offline or stops reporting during a rental, or a confirmed
            booking lost its car and could not be booked again.
          </p>
        </EmptyState>
      )}
      {items.length > 0 && <AlertList items={items} />}
    </section>
  );
}
