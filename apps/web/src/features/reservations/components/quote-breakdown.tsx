import type { Quote } from '@cybertacotruck/contracts';
import { formatMoney, plural } from '../../../lib/format';

/** What the rental costs and what is taken at pickup, line by line. */
export function QuoteBreakdown({ quote }: { quote: Quote }) {
  const money = (minor: number) => formatMoney(minor, quote.currency);
  return (
    <dl className="price-lines" aria-label="Price">
      <div>
        <dt>
          {plural(quote.days, 'day')} × {money(quote.dailyRateMinor)}
        </dt>
        <dd>{money(quote.subtotalMinor)}</dd>
      </div>
      <div>
        <dt>Refundable deposit</dt>
        <dd>{money(quote.depositMinor)}</dd>
      </div>
      <div className="price-total">
        <dt>Total due at pick-up</dt>
        <dd>{money(quote.totalDueMinor)}</dd>
      </div>
    </dl>
  );
}
