import { useState } from 'react';
import { LICENCE_PHOTO_KINDS, type DriverVerification } from '@cybertacotruck/contracts';
import { ErrorNotice } from '../../../components/status';
import { formatDateTime } from '../../../lib/format';
import { photoUrl } from '../api/get-customer-verification';
import { useDecideVerification } from '../api/decide-verification';
import { PHOTO_LABELS } from './licence-form';
import { VerificationStatusPill } from './verification-status';
import '../driver-verification.css';

/** Age in whole years on today's date (UTC), from YYYY-MM-DD. */
function ageToday(dateOfBirth: string): number {
  const today = new Date().toISOString().slice(0, 10);
  const [by = 0, bm = 0, bd = 0] = dateOfBirth.split('-').map(Number);
  const [y = 0, m = 0, d = 0] = today.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * An operator's view of one customer's licence: the details, the three photos (fetched with the
 * operator's session, never cached) and, while it waits, approve or reject with a reason.
 */
export function VerificationReview({ verification }: { verification: DriverVerification }) {
  const decide = useDecideVerification();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const id = verification.userId;
  const name = verification.customer?.name ?? 'this customer';
  return (
    <section className="card" aria-labelledby={`licence-${id}`}>
      <div className="card-body">
        <div className="summary-head">
          <h3 id={`licence-${id}`} className="summary-title">
            Driver’s licence{verification.customer ? ` of ${verification.customer.name}` : ''}
          </h3>
          <VerificationStatusPill status={verification.status} />
        </div>
        {verification.status === 'none' ? (
          <p className="muted">{name} has not given a licence yet.</p>
        ) : (
          <dl className="facts">
            <div>
              <dt>Number</dt>
              <dd className="mono">{verification.licenceNumber ?? '—'}</dd>
            </div>
            <div>
              <dt>Issued by</dt>
              <dd>
                {verification.country ?? '—'}
                {verification.region ? ` · ${verification.region}` : ''}
              </dd>
            </div>
            <div>
              <dt>Valid until</dt>
              <dd>{verification.expiresOn ?? '—'}</dd>
            </div>
            <div>
              <dt>Date of birth</dt>
              <dd>
                {verification.dateOfBirth
                  ? `${verification.dateOfBirth} (${ageToday(verification.dateOfBirth)} years)`
                  : '—'}
              </dd>
            </div>
            {verification.submittedAt && (
              <div className="facts-wide">
                <dt>Sent</dt>
                <dd>{formatDateTime(verification.submittedAt)}</dd>
              </div>
            )}
            {verification.decisionReason && (
              <div className="facts-wide">
                <dt>Reason given</dt>
                <dd>{verification.decisionReason}</dd>
              </div>
            )}
          </dl>
        )}
        {LICENCE_PHOTO_KINDS.some((kind) => verification.photos[kind]) && (
          <ul className="licence-photos" aria-label="Photos">
            {LICENCE_PHOTO_KINDS.map((kind) =>
              verification.photos[kind] ? (
                <li key={kind}>
                  <a href={photoUrl(id, kind)} target="_blank" rel="noreferrer">
                    <img src={photoUrl(id, kind)} alt={`${PHOTO_LABELS[kind]} of ${name}`} loading="lazy" />
                  </a>
                  <p className="small muted">{PHOTO_LABELS[kind]}</p>
                </li>
              ) : null,
            )}
          </ul>
        )}
        {decide.isError && <ErrorNotice error={decide.error} />}
        {verification.status === 'pending' && !rejecting && (
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              disabled={decide.isPending}
              onClick={() => {
                decide.mutate({ id, body: { decision: 'approve' } });
              }}
            >
              Approve licence
            </button>
            <button
              type="button"
              className="button button-danger"
              disabled={decide.isPending}
              onClick={() => {
                setRejecting(true);
              }}
            >
              Reject…
            </button>
          </div>
        )}
        {verification.status === 'pending' && rejecting && (
          <form
            className="form"
            onSubmit={(event) => {
              event.preventDefault();
              decide.mutate(
                { id, body: { decision: 'reject', reason: reason.trim() } },
                {
                  onSuccess: () => {
                    setRejecting(false);
                  },
                },
              );
            }}
          >
            <div className="field">
              <label htmlFor={`reason-${id}`}>Reason (the customer reads it)</label>
              <textarea
                id={`reason-${id}`}
                value={reason}
                maxLength={500}
                rows={3}
                required
                onChange={(event) => {
                  setReason(event.currentTarget.value);
                }}
              />
            </div>
            <div className="button-row">
              <button
                type="submit"
                className="button button-danger"
                disabled={decide.isPending || reason.trim() === ''}
              >
                Reject licence
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  setRejecting(false);
                }}
              >
                Back
              </button>
            </div>
          </form>
        )}
      </div>
    </section>
  );
}
