import { Link, useSearchParams } from 'react-router';
import { useDeadLetters } from '../../features/notifications/api/list-dead-letters';
import { DeadLetterList } from '../../features/notifications/components/dead-letter-list';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';

/** Events the notification service gave up on: open ones first (replay or discard), or all of them. */
export function OperatorDeadLettersPage() {
  const [params] = useSearchParams();
  const all = params.get('show') === 'all';
  const deadLetters = useDeadLetters(all ? { limit: 200 } : { open: true, limit: 200 });
  const items = deadLetters.data?.items ?? [];
  return (
    <section className="section narrow-wide" aria-labelledby="dead-letters-heading">
      <div className="section-head">
        <h1 id="dead-letters-heading">Dead letters</h1>
        <button
          type="button"
          className="button button-small"
          disabled={deadLetters.isFetching}
          onClick={() => {
            void deadLetters.refetch();
          }}
        >
          Refresh
        </button>
      </div>
      <p className="muted">Events the notification service could not handle after its retries.</p>
      <nav className="tabs" aria-label="Which dead letters">
        <Link
          to="/operator/dead-letters"
          className={all ? 'tab' : 'tab tab-on'}
          aria-current={all ? undefined : 'page'}
          replace
        >
          Open
        </Link>
        <Link
          to="/operator/dead-letters?show=all"
          className={all ? 'tab tab-on' : 'tab'}
          aria-current={all ? 'page' : undefined}
          replace
        >
          All
        </Link>
      </nav>
      {deadLetters.isPending && <Loading label="Loading dead letters…" />}
      {deadLetters.isError && <ErrorNotice error={deadLetters.error} />}
      {deadLetters.data && items.length === 0 && (
        <EmptyState title={all ? 'No dead letters' : 'No open dead letters'}>
          <p className="muted">
            {all ? 'Every event so far was handled.' : 'Nothing is waiting for a replay or a discard.'}
          </p>
        </EmptyState>
      )}
      {items.length > 0 && <DeadLetterList items={items} />}
    </section>
  );
}
