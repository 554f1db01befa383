import type { Quote } from '@cybertacotruck/contracts';
import { formatMoney, plural } from '../../../lib/format';

/**
 * What the rental costs and what is taken at pickup, line by line; for a booking that was cancelled
 * or lapsed, the price it had and that nothing is due.
 */
export function QuoteBreakdown({ quote, nothingDue = false }: { quote: Quote; nothingDue?: boolean }) {
  const money = (minor: number) => formatMoney(minor, quote.currency);
  return (
    <dl className="price-lines" aria-label="Price">
      <div>
        <dt>
          {plural(quote.days, 'day')} × {money(quote.dailyRateMinor)}
        </dt>
        <dd>{money(quote.subtotalMinor)}</dd>
      </div>
      {!nothingDue && (
        <div>
          <dt>Refundable deposit</dt>
          <dd>{money(quote.depositMinor)}</dd>
        </div>
      )}
      <div className="price-total">
        <dt>{nothingDue ? 'Due' : 'Total due at pick-up'}</dt>
        <dd>{nothingDue ? 'Nothing' : money(quote.totalDueMinor)}</dd>
      </div>
    </dl>
  );
}
