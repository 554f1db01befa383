import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorNotice, Loading } from '../../../components/status';
import { useMe } from '../api/me';

/** The signed-in customer area: anyone else is sent to sign in, and brought back afterwards. */
export function RequireSignedIn({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading label="Checking your session…" />;
  if (me.isError) return <ErrorNotice error={me.error} />;
  if (!me.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  return <>{children}</>;
}
