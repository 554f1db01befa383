import { invalidParam } from './errors';

/**
 * Stripe's minimum charge amounts (in minor units) for the currencies the simulator accepts; the
 * keys are the supported currencies. Zero-decimal currencies count whole units.
 */
const MINIMUM_AMOUNT: Readonly<Record<string, number>> = {
  usd: 50,
  eur: 50,
  gbp: 30,
  cad: 50,
  aud: 50,
  nzd: 50,
  chf: 50,
  sgd: 50,
  jpy: 50,
  brl: 50,
  inr: 50,
  dkk: 250,
  nok: 300,
  sek: 300,
  pln: 200,
  czk: 1500,
  huf: 17500,
  ron: 200,
  bgn: 100,
  hkd: 400,
  mxn: 1000,
  myr: 200,
  thb: 1000,
  aed: 200,
};
const ZERO_DECIMAL = new Set(['jpy', 'krw', 'vnd', 'clp', 'pyg', 'ugx', 'xaf', 'xof']);
const SYMBOL: Readonly<Record<string, string>> = {
  usd: '$',
  cad: '$',
  aud: '$',
  nzd: '$',
  sgd: '$',
  hkd: '$',
  mxn: '$',
  eur: '€',
  gbp: '£',
  jpy: '¥',
};
/** Stripe's largest amount for a charge: 99,999,999 minor units. */
const MAXIMUM_AMOUNT = 99_999_999;

export const SUPPORTED_CURRENCIES = Object.keys(MINIMUM_AMOUNT);

/** `$0.50 usd`, as Stripe's amount messages write it. */
export function formatMoney(amount: number, currency: string): string {
  const major = ZERO_DECIMAL.has(currency)
    ? amount.toLocaleString('en-US')
    : (amount / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${SYMBOL[currency] ?? ''}${major}`;
}

/** A three-letter currency Stripe knows; stored lowercase (Stripe lowercases `USD` too). */
export function parseCurrency(raw: string): string {
  const currency = raw.toLowerCase();
  if (!(currency in MINIMUM_AMOUNT)) {
    throw invalidParam(
      `Invalid currency: ${raw}. Stripe currently supports these currencies: ${SUPPORTED_CURRENCIES.join(', ')}`,
      'currency',
    );
  }
  return currency;
}

/** A charge amount: a positive integer within Stripe's minimum and maximum for the currency. */
export function checkAmount(amount: number, currency: string, param = 'amount'): void {
  const min = MINIMUM_AMOUNT[currency] ?? 50;
  if (amount < min) {
    throw invalidParam(
      `Amount must be at least ${formatMoney(min, currency)} ${currency}`,
      param,
      'amount_too_small',
    );
  }
  if (amount > MAXIMUM_AMOUNT) {
    throw invalidParam(
      `Amount must be no more than ${formatMoney(MAXIMUM_AMOUNT, currency)}`,
      param,
      'amount_too_large',
    );
  }
}
