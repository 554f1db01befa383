import { useSearchParams } from 'react-router';
import { DELIVERY_STATUSES, type DeliveryListQuery, type DeliveryStatus } from '@cybertacotruck/contracts';
import { useDeliveries } from '../../features/notifications/api/list-deliveries';
import { DeliveryList } from '../../features/notifications/components/delivery-list';
import { CHANNEL_LABELS, DELIVERY_STATUS } from '../../features/notifications/components/labels';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';

type Channel = keyof typeof CHANNEL_LABELS;
const CHANNELS = Object.keys(CHANNEL_LABELS) as Channel[];
const isStatus = (v: string | null): v is DeliveryStatus => DELIVERY_STATUSES.some((s) => s === v);
const isChannel = (v: string | null): v is Channel => CHANNELS.some((c) => c === v);

/** The delivery log: every SMS and e-mail, filtered by status and channel; failed ones can be retried. */
export function OperatorDeliveriesPage() {
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const channelParam = params.get('channel');
  const query: DeliveryListQuery = {
    limit: 100,
    ...(isStatus(statusParam) ? { status: statusParam } : {}),
    ...(isChannel(channelParam) ? { channel: channelParam } : {}),
  };
  const deliveries = useDeliveries(query);
  const setFilter = (key: 'status' | 'channel', value: string) => {
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };
  const items = deliveries.data?.items ?? [];
  return (
    <section className="section narrow-wide" aria-labelledby="deliveries-heading">
      <div className="section-head">
        <h1 id="deliveries-heading">Deliveries</h1>
        <button
          type="button"
          className="button button-small"
          disabled={deliveries.isFetching}
          onClick={() => {
            void deliveries.refetch();
          }}
        >
          Refresh
        </button>
      </div>
      <div className="timeline-filters notification-filters">
        <label className="stacked-select">
          Status
          <select
            value={query.status ?? ''}
            onChange={(e) => {
              setFilter('status', e.target.value);
            }}
          >
            <option value="">All</option>
            {DELIVERY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {DELIVERY_STATUS[s].label}
              </option>
            ))}
          </select>
        </label>
        <label className="stacked-select">
          Channel
          <select
            value={query.channel ?? ''}
            onChange={(e) => {
              setFilter('channel', e.target.value);
            }}
          >
            <option value="">All</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {deliveries.isPending && <Loading label="Loading deliveries…" />}
      {deliveries.isError && <ErrorNotice error={deliveries.error} />}
      {deliveries.data && items.length === 0 && (
        <EmptyState title={query.status || query.channel ? 'No deliveries match' : 'Nothing sent yet'} />
      )}
      {items.length > 0 && <DeliveryList items={items} />}
      {items.length === query.limit && (
        <p className="muted small">Showing the newest {query.limit}; filter to narrow it down.</p>
      )}
    </section>
  );
}
