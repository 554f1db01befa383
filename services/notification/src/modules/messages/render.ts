import {
  directionsUrl,
  formatAddress,
  type Language,
  type MessageKind,
  type NotificationTemplate,
  type PickupLocation,
} from '@cybertacotruck/contracts';
import { LANGUAGE_PACKS, type PickupWords, type Vars } from './catalog';
import { formatValidFor } from './account-catalog';
import { escapeHtml, formatDateTime, formatMoney, usableZone } from './format';
import { CODE_MARK, LINK_MARK, withoutMarks } from './sms-secrets';
import { receiptLines, type ReceiptData } from './receipt-copy';

/**
 * Which preference switches a template follows and whether quiet hours may hold it. Urgent: what
 * the reader must know now or is waiting for right after acting (a confirmation, a cancellation,
 * an operator alert). Not urgent: what can wait for the morning (reminders, welcome, a lapsed hold).
 */
export const TEMPLATE_RULES: Record<
  NotificationTemplate,
  {
    kind: MessageKind;
    urgent: boolean;
    /**
     * By SMS whatever the reader's switches, never by e-mail: the link or code someone is waiting
     * for (an invitee has no preferences at all, and a reset is asked for by phone number).
     */
    smsOnly?: true;
  }
> = {
  reservation_confirmed: { kind: 'reservation', urgent: true },
  reservation_cancelled: { kind: 'reservation', urgent: true },
  reservation_expired: { kind: 'reservation', urgent: false },
  // The renter's pickup changed (time or car): as pressing as the confirmation it replaces.
  reservation_moved: { kind: 'reservation', urgent: true },
  rental_receipt: { kind: 'reservation', urgent: false },
  reminder_24h: { kind: 'reminder', urgent: false },
  reminder_1h: { kind: 'reminder', urgent: false },
  welcome: { kind: 'account', urgent: false },
  // The renter is waiting for it to confirm a booking.
  licence_approved: { kind: 'account', urgent: true },
  licence_rejected: { kind: 'account', urgent: true },
  // Operators choose alert channels with their `account` switches (see README).
  alert_low_charge: { kind: 'account', urgent: true },
  alert_offline: { kind: 'account', urgent: true },
  alert_telemetry_lost: { kind: 'account', urgent: true },
  alert_booking_lost: { kind: 'account', urgent: true },
  // The renter is about to collect the car; its SMS carries the share link, filled in when sent.
  rental_access: { kind: 'reservation', urgent: true },
  alert_driver_limit: { kind: 'account', urgent: true },
  alert_geofence_exit: { kind: 'account', urgent: true },
  alert_charge_at_risk: { kind: 'account', urgent: true },
  // Urgent: the person is waiting for it (an operator may be inviting them face to face), and an
  // invitee's time zone is not known anyway — quiet hours do not apply.
  invitation: { kind: 'account', urgent: true, smsOnly: true },
  password_reset: { kind: 'account', urgent: true, smsOnly: true },
  // The code goes to the new number, the notice to the previous one: SMS, whatever the switches.
  phone_change_code: { kind: 'account', urgent: true, smsOnly: true },
  phone_changed: { kind: 'account', urgent: true, smsOnly: true },
  // The owner must hear of it at once, by the channels they chose.
  password_changed: { kind: 'account', urgent: true },
};

/** What a template is written from: the event's facts (or the alert's), as stored with the message. */
export interface MessageData {
  name?: string;
  vehicleName?: string;
  from?: string;
  to?: string;
  timeZone?: string;
  totalDueMinor?: number;
  currency?: string;
  freeCancellationUntil?: string;
  cancelledBy?: 'customer' | 'operator';
  reason?: string | null;
  batteryLevel?: number | null;
  reservationId?: string;
  /** The renter's car key: the car it is for. */
  vehicleId?: string;
  /** Invitations and resets: how long the link or code is valid (the SMS says so). */
  validMinutes?: number;
  /** Invitations: which invitation and which of its links; its language (an invitee has no preferences). */
  invitationId?: string;
  issue?: number;
  language?: Language;
  /** Password resets: which reset's code. */
  resetId?: string;
  /** Phone changes: which change's code, and the last digits of the new number (told to the old one). */
  changeId?: string;
  phoneEnd?: string;
  /** Sent to this number instead of the account's (a phone change's new or previous number). */
  toPhone?: string;
  /** Password changed: how many other sessions were signed out. */
  otherSessionsEnded?: number;
  /** Reservation events: where the car is collected (the reservation's copy of its location). */
  pickupLocation?: PickupLocation;
  /** Receipts: the readings at pick-up and return, each charge and their total. */
  receipt?: ReceiptData;
  /** Charge at risk: the charge projected at pickup, the target, and whether the car is plugged in. */
  projectedPercent?: number | null;
  targetPercent?: number;
  pluggedIn?: boolean;
}

/** The messages about a booking the renter still has to collect: they say where, and how to get there. */
const SAYS_WHERE: ReadonlySet<NotificationTemplate> = new Set([
  'reservation_confirmed',
  'reminder_24h',
  'reminder_1h',
]);

export interface Rendered {
  subject: string;
  sms: string;
  text: string;
  html: string;
}

export const SMS_MAX = 320;

export interface RenderInput {
  template: NotificationTemplate;
  data: MessageData;
  language: Language;
  /** The reader's time zone; the reservation's (then UTC) when it is not a zone we know. */
  timeZone: string;
  recipientName: string;
  /** Where the app lives, for the e-mail's button; none without PUBLIC_URL. */
  publicUrl?: string | undefined;
}

const percent = (value: number | null | undefined, language: Language) =>
  value === null || value === undefined
    ? '?'
    : new Intl.NumberFormat(language, { style: 'percent' }).format(value / 100);

export function render(input: RenderInput): Rendered {
  const { language, data } = input;
  const zone = usableZone(input.timeZone, data.timeZone);
  const when = (iso: string | undefined) => (iso ? formatDateTime(iso, language, zone) : '');
  const vars: Vars = {
    name: input.recipientName,
    vehicle: data.vehicleName ?? '',
    from: when(data.from),
    to: when(data.to),
    // A receipt's total is what the return charged, not the rental's price.
    total: data.receipt
      ? formatMoney(data.receipt.totalMinor, data.receipt.currency, language)
      : data.totalDueMinor !== undefined && data.currency
        ? formatMoney(data.totalDueMinor, data.currency, language)
        : '',
    freeUntil: when(data.freeCancellationUntil),
    battery:
      data.batteryLevel === null || data.batteryLevel === undefined
        ? '?'
        : new Intl.NumberFormat(language, { style: 'percent' }).format(data.batteryLevel / 100),
    cancelledBy: data.cancelledBy ?? 'customer',
    reason: data.reason ?? '',
    link: LINK_MARK,
    code: CODE_MARK,
    validFor: data.validMinutes === undefined ? '' : formatValidFor(data.validMinutes, language),
    phoneEnd: data.phoneEnd ?? '',
    sessionsEnded: data.otherSessionsEnded ?? 0,
    projected: percent(data.projectedPercent, language),
    target: percent(data.targetPercent, language),
    pluggedIn: data.pluggedIn ?? false,
  };
  // A name is the only free text in a text with marks: it must not carry one of its own.
  if (TEMPLATE_RULES[input.template].smsOnly || input.template === 'rental_access')
    vars.name = withoutMarks(vars.name);
  const pack = LANGUAGE_PACKS[language];
  const copy = pack.messages[input.template](vars);
  if (data.receipt) copy.lines.push(...receiptLines(data.receipt, language));
  const place = SAYS_WHERE.has(input.template) ? data.pickupLocation : undefined;
  const where = place ? pickupCopy(place, pack.pickup) : null;
  if (where) copy.lines.push(...where.lines);
  // The e-mail's HTML links the directions; its text spells the address of the link out.
  const textLines = where ? [...copy.lines, `${pack.pickup.directions}: ${where.directions}`] : copy.lines;
  const link = input.publicUrl ? linkFor(input.publicUrl, input.template, data) : null;
  const text = [
    pack.greeting(input.recipientName),
    '',
    ...textLines,
    ...(link ? ['', `${pack.open}: ${link}`] : []),
    '',
    '—',
    pack.footer,
  ].join('\n');
  return {
    subject: copy.subject,
    sms: where ? smsWithPickup(copy.sms, where.sms, where.directions) : fit(copy.sms),
    text,
    html: htmlLayout({
      language,
      subject: copy.subject,
      greeting: pack.greeting(input.recipientName),
      lines: copy.lines,
      directions: where ? { href: where.directions, label: pack.pickup.directions } : null,
      link: link ? { href: link, label: pack.open } : null,
      footer: pack.footer,
    }),
  };
}

const fit = (sms: string, max = SMS_MAX) => (sms.length > max ? `${sms.slice(0, max - 1)}…` : sms);

/**
 * The message, then where (name, street, city) and the directions link, which is always whole: the
 * message is shortened first, and the place only when it is so long that little message would be left.
 */
function smsWithPickup(message: string, where: string, url: string): string {
  const tail = `${where} ${url}`;
  const room = SMS_MAX - tail.length - 1;
  if (room >= 80) return `${fit(message, room)} ${tail}`;
  return `${fit(`${message} ${where}`, SMS_MAX - url.length - 1)} ${url}`;
}

/** Where to collect the car: e-mail lines (place, directions, instructions, phone) and the SMS words. */
function pickupCopy(place: PickupLocation, words: PickupWords) {
  const address = `${place.name}, ${formatAddress(place.address)}`;
  const directions = directionsUrl(place.coordinates);
  return {
    directions,
    // An SMS has room for the street and the city; the e-mail gives the whole address.
    sms: `${words.at}: ${[place.name, place.address.lines[0], place.address.city].join(', ')}.`,
    lines: [
      `${words.at}: ${address}.`,
      ...(place.instructions ? [`${words.instructions}: ${place.instructions}`] : []),
      ...(place.phone ? [`${words.contact} ${place.phone}.`] : []),
    ],
  };
}

function linkFor(base: string, template: NotificationTemplate, data: MessageData): string {
  const root = base.replace(/\/+$/, '');
  if (template.startsWith('alert_')) return `${root}/operator/reservations`;
  if (data.reservationId && template !== 'reservation_expired')
    return `${root}/reservations/${encodeURIComponent(data.reservationId)}`;
  return `${root}/`;
}

/** A single-column, inline-styled layout that mail clients render alike; every value escaped. */
function htmlLayout(m: {
  language: Language;
  subject: string;
  greeting: string;
  lines: string[];
  directions?: { href: string; label: string } | null;
  link: { href: string; label: string } | null;
  footer: string;
}): string {
  const p = (text: string) =>
    `<p style="margin:0 0 12px;font-size:16px;line-height:1.5;color:#1f2933">${escapeHtml(text)}</p>`;
  const button = m.link
    ? `<p style="margin:20px 0"><a href="${escapeHtml(m.link.href)}" style="display:inline-block;padding:10px 18px;background:#111827;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600">${escapeHtml(m.link.label)}</a></p>`
    : '';
  const directions = m.directions
    ? `<p style="margin:0 0 12px;font-size:16px"><a href="${escapeHtml(m.directions.href)}" style="color:#1d4ed8">${escapeHtml(m.directions.label)} →</a></p>\n`
    : '';
  return `<!doctype html>
<html lang="${m.language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(m.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;padding:24px 0">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:24px">
<tr><td>
<p style="margin:0 0 16px;font-size:13px;letter-spacing:.08em;text-transform:uppercase;color:#6b7280">cybertacotruck</p>
${p(m.greeting)}
${m.lines.map(p).join('\n')}
${directions}${button}
<p style="margin:24px 0 0;font-size:12px;line-height:1.5;color:#6b7280">${escapeHtml(m.footer)}</p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}
