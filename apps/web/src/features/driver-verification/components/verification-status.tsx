import type { DriverVerificationStatus } from '@cybertacotruck/contracts';
import { Pill } from '../../../components/status';

const LABELS: Record<DriverVerificationStatus, { label: string; tone: 'ok' | 'muted' | 'warn' | 'info' }> = {
  none: { label: 'No licence', tone: 'muted' },
  draft: { label: 'Licence not sent', tone: 'muted' },
  pending: { label: 'Licence to check', tone: 'info' },
  approved: { label: 'Licence approved', tone: 'ok' },
  rejected: { label: 'Licence rejected', tone: 'warn' },
  expired: { label: 'Licence expired', tone: 'warn' },
};

export function VerificationStatusPill({ status }: { status: DriverVerificationStatus }) {
  const { label, tone } = LABELS[status];
  return <Pill tone={tone}>{label}</Pill>;
}
