import type { Reservation } from '@cybertacotruck/contracts';
import { formatMoney } from '../../../lib/format';
import type { PaymentTiming } from '../api/payments-config';

/**
 * A reservation's money in one line, as the payment mode says: with card payments the rental is
 * paid when confirming and the deposit held on the card until the return; without them everything
 * is due at pick-up. Cancelled or lapsed: nothing is due.
 */
export function priceSummary(reservation: Reservation, timing: PaymentTiming | null): string {
  const { quote, status } = reservation;
  const money = (minor: number) => formatMoney(minor, quote.currency);
  if (status === 'cancelled' || status === 'expired') return 'Nothing due';
  if (timing === 'at-pickup') return `${money(quote.totalDueMinor)} due at pick-up`;
  if (timing === null) return money(quote.subtotalMinor);
  if (reservation.terms.acceptedAt === null) return `${money(quote.subtotalMinor)} to pay when confirming`;
  if (status === 'confirmed' && quote.depositMinor > 0)
    return `${money(quote.subtotalMinor)} paid · ${money(quote.depositMinor)} deposit held`;
  return `${money(quote.subtotalMinor)} paid`;
}
