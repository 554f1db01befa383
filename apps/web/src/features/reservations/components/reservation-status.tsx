import type { ReservationStatus } from '@cybertacotruck/contracts';
import { Pill } from '../../../components/status';

const STATUS: Record<ReservationStatus, { label: string; tone: 'ok' | 'muted' | 'warn' | 'info' }> = {
  held: { label: 'Held for you', tone: 'info' },
  confirmed: { label: 'Confirmed', tone: 'ok' },
  cancelled: { label: 'Cancelled', tone: 'muted' },
  expired: { label: 'Hold lapsed', tone: 'warn' },
  picked_up: { label: 'On rental', tone: 'ok' },
  returned: { label: 'Returned', tone: 'muted' },
  no_show: { label: 'Not collected', tone: 'warn' },
};

export function ReservationStatusPill({ status }: { status: ReservationStatus }) {
  return <Pill tone={STATUS[status].tone}>{STATUS[status].label}</Pill>;
}
