import { Link, useSearchParams } from 'react-router';
import { RESERVATION_SCOPES, type ReservationScope } from '@cybertacotruck/contracts';
import { useMyReservations } from '../../features/reservations/api/list-reservations';
import { ReservationListItem } from '../../features/reservations/components/reservation-list-item';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';

const SCOPES: Record<ReservationScope, { label: string; empty: string }> = {
  upcoming: { label: 'Upcoming', empty: 'Nothing coming up' },
  past: { label: 'Past', empty: 'No past rentals yet' },
  cancelled: { label: 'Cancelled', empty: 'Nothing cancelled' },
};

const isScope = (value: string | null): value is ReservationScope =>
  RESERVATION_SCOPES.some((s) => s === value);

export function MyReservationsPage() {
  const [params] = useSearchParams();
  const scopeParam = params.get('scope');
  const scope = isScope(scopeParam) ? scopeParam : 'upcoming';
  const list = useMyReservations(scope);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="section narrow-wide" aria-labelledby="my-reservations-heading">
      <h1 id="my-reservations-heading">My reservations</h1>
      <nav className="tabs" aria-label="Which reservations">
        {RESERVATION_SCOPES.map((s) => (
          <Link
            key={s}
            to={`/reservations?scope=${s}`}
            className={s === scope ? 'tab tab-on' : 'tab'}
            aria-current={s === scope ? 'page' : undefined}
            replace
          >
            {SCOPES[s].label}
          </Link>
        ))}
      </nav>
      {list.isPending && <Loading label="Loading your reservations…" />}
      {list.isError && <ErrorNotice error={list.error} />}
      {list.data && items.length === 0 && (
        <EmptyState title={SCOPES[scope].empty}>
          {scope === 'upcoming' && (
            <Link to="/browse" className="button button-primary">
              Find a car
            </Link>
          )}
        </EmptyState>
      )}
      {items.length > 0 && (
        <ul className="rows" aria-label={`${SCOPES[scope].label} reservations`}>
          {items.map((r) => (
            <ReservationListItem key={r.id} reservation={r} />
          ))}
        </ul>
      )}
      {list.hasNextPage && (
        <button
          type="button"
          className="button more"
          disabled={list.isFetchingNextPage}
          onClick={() => {
            void list.fetchNextPage();
          }}
        >
          {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      )}
    </section>
  );
}
