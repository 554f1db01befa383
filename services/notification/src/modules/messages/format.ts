import type { Language } from '@cybertacotruck/contracts';

/** The zone to show times in: the user's, when the runtime knows it; else the fallback (e.g. the reservation's). */
export function usableZone(zone: string | undefined, fallback = 'UTC'): string {
  for (const candidate of [zone, fallback]) {
    if (!candidate) continue;
    try {
      new Intl.DateTimeFormat('en', { timeZone: candidate });
      return candidate;
    } catch {
      // not a zone this runtime knows: try the next
    }
  }
  return 'UTC';
}

/** e.g. "Fri, Dec 4, 9:00 AM CST" / "vie, 4 dic, 9:00 CST": weekday, date and time, with the zone. */
export function formatDateTime(iso: string, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(language, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** Integer minor units of `currency` as the language writes money (e.g. 12345 USD → "$123.45" / "123,45 $"). */
export function formatMoney(minor: number, currency: string, language: Language): string {
  let format: Intl.NumberFormat;
  try {
    format = new Intl.NumberFormat(language, { style: 'currency', currency });
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(minor / 10 ** digits);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
