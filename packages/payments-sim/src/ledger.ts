/**
 * The money each PaymentIntent moved, to the cent, kept beside the API objects so a test can
 * reconcile the app's own books with what the "processor" did. Per intent and currency:
 * authorized = captured + released + capturable (the hold still open); refunded ≤ captured.
 */
export interface LedgerEntry {
  payment_intent: string;
  currency: string;
  authorized: number;
  captured: number;
  refunded: number;
  released: number;
  /** Authorized and neither captured nor released yet (an open hold). */
  capturable: number;
  /** What the merchant keeps: captured − refunded. */
  net: number;
}

export interface LedgerTotals {
  currency: string;
  authorized: number;
  captured: number;
  refunded: number;
  released: number;
  capturable: number;
  net: number;
}

export class Ledger {
  private readonly entries = new Map<string, LedgerEntry>();

  private entry(paymentIntent: string, currency: string): LedgerEntry {
    let e = this.entries.get(paymentIntent);
    if (!e) {
      e = {
        payment_intent: paymentIntent,
        currency,
        authorized: 0,
        captured: 0,
        refunded: 0,
        released: 0,
        capturable: 0,
        net: 0,
      };
      this.entries.set(paymentIntent, e);
    }
    return e;
  }

  authorize(paymentIntent: string, currency: string, amount: number): void {
    const e = this.entry(paymentIntent, currency);
    e.authorized += amount;
    e.capturable += amount;
  }

  capture(paymentIntent: string, currency: string, amount: number): void {
    const e = this.entry(paymentIntent, currency);
    e.captured += amount;
    e.capturable -= amount;
    e.net += amount;
  }

  release(paymentIntent: string, currency: string, amount: number): void {
    if (amount === 0) return;
    const e = this.entry(paymentIntent, currency);
    e.released += amount;
    e.capturable -= amount;
  }

  refund(paymentIntent: string, currency: string, amount: number): void {
    const e = this.entry(paymentIntent, currency);
    e.refunded += amount;
    e.net -= amount;
  }

  get(paymentIntent: string): LedgerEntry | undefined {
    const e = this.entries.get(paymentIntent);
    return e ? { ...e } : undefined;
  }

  all(): LedgerEntry[] {
    return [...this.entries.values()].map((e) => ({ ...e }));
  }

  totals(): LedgerTotals[] {
    const byCurrency = new Map<string, LedgerTotals>();
    for (const e of this.entries.values()) {
      const t = byCurrency.get(e.currency) ?? {
        currency: e.currency,
        authorized: 0,
        captured: 0,
        refunded: 0,
        released: 0,
        capturable: 0,
        net: 0,
      };
      t.authorized += e.authorized;
      t.captured += e.captured;
      t.refunded += e.refunded;
      t.released += e.released;
      t.capturable += e.capturable;
      t.net += e.net;
      byCurrency.set(e.currency, t);
    }
    return [...byCurrency.values()];
  }
}
