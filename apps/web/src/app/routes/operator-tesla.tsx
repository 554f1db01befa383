import { useSearchParams } from 'react-router';
import { ProblemTypes, type TeslaConnection } from '@cybertacotruck/contracts';
import { useConnections } from '../../features/tesla/api/list-connections';
import { useStartSignIn } from '../../features/tesla/api/start-sign-in';
import { useSyncConnection } from '../../features/tesla/api/sync-connection';
import { ago } from '../../features/tesla/components/live-format';
import { VirtualKeyPanel } from '../../features/tesla/components/virtual-key-panel';
import { EmptyState, ErrorNotice, Loading, Pill } from '../../components/status';

const STATUS: Record<TeslaConnection['status'], { label: string; tone: 'ok' | 'warn' | 'muted' }> = {
  connected: { label: 'Connected', tone: 'ok' },
  needs_reconsent: { label: 'Needs re-consent', tone: 'warn' },
  disconnected: { label: 'Disconnected', tone: 'muted' },
};

const SIGN_IN_ERRORS: Record<string, string> = {
  [ProblemTypes.teslaSignInDenied]: 'Access was not granted',
  [ProblemTypes.teslaSignInState]: 'This sign-in could not be matched',
  [ProblemTypes.teslaSignInCode]: 'Tesla refused the sign-in',
};

/** The outcome of Tesla's redirect back, as the callback reported it in the URL. */
function SignInOutcome() {
  const [params] = useSearchParams();
  const error = params.get('error');
  if (error) {
    return (
      <div className="notice notice-error" role="alert">
        <p>
          <strong>{SIGN_IN_ERRORS[error] ?? 'The sign-in failed'}.</strong> {params.get('detail')}
        </p>
        <p className="notice-meta">Nothing was saved. You can try again.</p>
      </div>
    );
  }
  if (params.get('connected')) {
    const imported = Number(params.get('imported') ?? 0);
    return (
      <div className="notice notice-ok" role="status">
        <p>
          <strong>Tesla account connected.</strong> {imported} {imported === 1 ? 'vehicle' : 'vehicles'}{' '}
          imported.
        </p>
      </div>
    );
  }
  return null;
}

export function OperatorTeslaPage() {
  const connections = useConnections();
  const signIn = useStartSignIn();
  const sync = useSyncConnection();
  return (
    <section className="section narrow-wide" aria-labelledby="tesla-heading">
      <div className="section-head">
        <h1 id="tesla-heading">Tesla accounts</h1>
        <button
          type="button"
          className="button button-primary"
          disabled={signIn.isPending || signIn.isSuccess}
          onClick={() => {
            signIn.mutate();
          }}
        >
          {signIn.isPending || signIn.isSuccess ? 'Opening Tesla…' : 'Connect Tesla'}
        </button>
      </div>
      <SignInOutcome />
      {signIn.isError && <ErrorNotice error={signIn.error} />}
      {sync.isError && <ErrorNotice error={sync.error} />}
      {connections.data?.mode === 'simulator' && (
        <div className="notice">
          <p>
            <strong>Simulator mode.</strong> No Tesla app is configured (<code>TESLA_CLIENT_ID</code>), so a
            Tesla simulator stands in: its sign-in page, its fleet and its bill.
          </p>
          <p className="notice-meta">
            Connect Tesla, then pick one of the demo accounts its sign-in page lists.
          </p>
        </div>
      )}
      {connections.isPending && <Loading label="Loading connections…" />}
      {connections.isError && <ErrorNotice error={connections.error} />}
      {connections.data?.items.length === 0 && (
        <EmptyState title="No Tesla account connected">
          <p className="muted">
            Connect the Tesla account that owns your fleet. You sign in on Tesla's own page; this app never
            sees the password.
          </p>
        </EmptyState>
      )}
      {connections.data && connections.data.items.length > 0 && (
        <ul className="rows" aria-label="Tesla connections">
          {connections.data.items.map((c) => (
            <li key={c.id} className="row">
              <div className="row-main">
                <p className="row-title">{c.label}</p>
                <p className="muted">
                  {c.vehicleCount} vehicles · region {c.region.toUpperCase()} · synced {ago(c.lastSyncedAt)}
                </p>
                {c.statusReason && <p className="muted small">{c.statusReason}</p>}
              </div>
              <div className="row-side">
                <Pill tone={STATUS[c.status].tone}>{STATUS[c.status].label}</Pill>
                {c.status === 'connected' ? (
                  <button
                    type="button"
                    className="button button-small"
                    disabled={sync.isPending}
                    onClick={() => {
                      sync.mutate(c.id);
                    }}
                  >
                    Sync now
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => {
                      signIn.mutate();
                    }}
                  >
                    Reconnect
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {connections.data && connections.data.items.length > 0 && <VirtualKeyPanel />}
    </section>
  );
}
