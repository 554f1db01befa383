import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ProblemTypes } from '@cybertacotruck/contracts';
import { ApiError } from '../lib/api-client';

export function Pill({ tone, children }: { tone: 'ok' | 'muted' | 'warn' | 'info'; children: ReactNode }) {
  return <span className={`pill pill-${tone}`}>{children}</span>;
}

export function Loading({ label }: { label: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/** Shows an API failure the way the server described it, with its request id for support. */
export function ErrorNotice({ error }: { error: unknown }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      {error instanceof ApiError && error.type === ProblemTypes.driverVerificationRequired && (
        <p>
          <Link to="/account/licence">Add or update your driver’s licence</Link>
        </p>
      )}
      {requestId && <p className="notice-meta">Reference {requestId}</p>}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}
