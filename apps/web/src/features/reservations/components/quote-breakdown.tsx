import type { ReactNode } from 'react';
import type { Reservation } from '@cybertacotruck/contracts';
import { formatMoney, plural } from '../../../lib/format';
import { usePaymentTiming } from '../api/payments-config';

/**
 * What the rental costs and when it is paid, line by line, as the payment mode says: with card
 * payments the rental is charged when confirming and the deposit only held on the card, so nothing
 * is due at pick-up; without them, the total is taken at pick-up. A booking that was cancelled or
 * lapsed keeps its price for the record, and nothing is due.
 */
export function QuoteBreakdown({ reservation }: { reservation: Reservation }) {
  const { quote, status } = reservation;
  // Confirming is paying (with card payments on): the terms were accepted then.
  const paid = reservation.terms.acceptedAt !== null;
  const timing = usePaymentTiming();
  const money = (minor: number) => formatMoney(minor, quote.currency);
  const closed = status === 'cancelled' || status === 'expired';
  const deposit = quote.depositMinor > 0;
  const line = (label: string, value: string, total = false) => (
    <div key={label} className={total ? 'price-total' : undefined}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  const lines: ReactNode[] = [];
  if (closed) {
    if (timing === 'online' && paid) lines.push(line('Paid by card', 'Refunded to your card'));
    lines.push(line('Due', 'Nothing', true));
  } else if (timing === 'at-pickup') {
    if (deposit) lines.push(line('Refundable deposit', money(quote.depositMinor)));
    lines.push(line('Total due at pick-up', money(quote.totalDueMinor), true));
  } else if (timing === 'online') {
    lines.push(line(paid ? 'Paid by card' : 'Charged to your card now', money(quote.subtotalMinor), true));
    if (deposit)
      lines.push(
        status === 'returned'
          ? line('Deposit, less the charges below', 'Released')
          : line(
              paid ? 'Deposit held on your card' : 'Deposit held on your card (not charged)',
              money(quote.depositMinor),
            ),
      );
    if (status === 'held' || status === 'confirmed') lines.push(line('Due at pick-up', 'Nothing'));
  }
  return (
    <dl className="price-lines" aria-label="Price">
      <div>
        <dt>
          {plural(quote.days, 'day')} × {money(quote.dailyRateMinor)}
        </dt>
        <dd>{money(quote.subtotalMinor)}</dd>
      </div>
      {lines}
    </dl>
  );
}
