// Formatters are made on first use: creating one costs the page its locale data, a long task on a phone.
let dateTime: Intl.DateTimeFormat | undefined;

export const formatDateTime = (iso: string): string =>
  (dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })).format(
    new Date(iso),
  );

const zonedFormats = new Map<string, Intl.DateTimeFormat>();

/** "Wed, Dec 2, 10:00 AM" in the given IANA zone: a reservation is shown where its days are counted. */
export function formatInZone(iso: string, timeZone: string, style: 'dateTime' | 'date' = 'dateTime'): string {
  const key = `${style}|${timeZone}`;
  let format = zonedFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      ...(style === 'dateTime' ? { hour: 'numeric', minute: '2-digit' } : {}),
    });
    zonedFormats.set(key, format);
  }
  return format.format(new Date(iso));
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(currency: string): Intl.NumberFormat {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    moneyFormats.set(currency, format);
  }
  return format;
}

/** How many minor units make one major unit: 100 for USD and EUR, 1 for JPY. */
export const minorPerMajor = (currency: string): number =>
  10 ** (moneyFormat(currency).resolvedOptions().maximumFractionDigits ?? 2);

/** Money travels as integer minor units plus a currency; only here does it become "$1,234.50". */
export const formatMoney = (minor: number, currency: string): string =>
  moneyFormat(currency).format(minor / minorPerMajor(currency));

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
