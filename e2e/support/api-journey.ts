import type { Me, Reservation } from '@cybertacotruck/contracts';
import { addPricedVehicle } from './customer';
import { approvedLicenceOverApi } from './licence';
import { operatorHeaders } from './operator';
import { invitationSms } from './sms';

/** Headers of a signed-in API client: the session cookie and, for unsafe methods, the CSRF token. */
export type SessionHeaders = Record<string, string>;

/** Each answer a load client saw: what it asked, the status (0: no HTTP answer) and the problem type. */
export interface Answer {
  what: string;
  status: number;
  contentType: string;
  problemType?: string;
  retryAfter: string | null;
  body: string;
}

/** Starts of whole-day periods `days` ahead, as the distributed test books them (16:00Z). */
export const dayAt = (days: number) =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T16:00:00.000Z`;

/**
 * What the tests need before load: `cars` priced vehicles and one customer, invited by the demo
 * operator and registered with the SMS code from the account dev inbox, all over the API. With
 * `licence`, the customer's driver's licence is given and approved too (over the API), so the app
 * can run with RESERVATION_DRIVER_VERIFICATION=required, as production does.
 */
export async function seedCustomerAndCars(
  url: string,
  o: { cars: number; phone: string; vinPrefix: string; licence?: boolean },
): Promise<{
  operator: SessionHeaders;
  customer: SessionHeaders;
  cars: Array<{ id: string; name: string }>;
}> {
  const cars: Array<{ id: string; name: string }> = [];
  for (let i = 0; i < o.cars; i++) {
    const name = `Load car ${i + 1}`;
    const vin = `${o.vinPrefix}${String(i).padStart(17 - o.vinPrefix.length, '0')}`;
    const { id } = await addPricedVehicle(url, { vin, model: 'model_y', displayName: name });
    cars.push({ id, name });
  }
  const operator = await operatorHeaders(url);
  const invited = await fetch(`${url}/api/v1/invitations`, {
    method: 'POST',
    headers: operator,
    body: JSON.stringify({ phone: o.phone, name: 'Dana Scully' }),
  });
  if (invited.status !== 201) throw new Error(`inviting answered ${invited.status}: ${await invited.text()}`);
  const { token, code } = await invitationSms(url, o.phone, operator);
  const registered = await fetch(`${url}/api/v1/registration`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      code,
      name: 'Dana Scully',
      email: `dana${o.phone.slice(-4)}@example.com`,
      password: 'tacos-on-the-moon-42',
    }),
  });
  if (registered.status !== 201)
    throw new Error(`registering answered ${registered.status}: ${await registered.text()}`);
  const me = (await registered.json()) as Me;
  const cookie = (registered.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const customer = { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' };
  if (o.licence) await approvedLicenceOverApi(url, customer, operator);
  return { operator, customer, cars };
}

/** One request, recorded; a request that gets no HTTP answer at all is status 0. */
export async function ask(
  url: string,
  what: string,
  init: { method?: string; headers: SessionHeaders; body?: unknown },
): Promise<Answer> {
  try {
    const response = await fetch(`${url}${what}`, {
      method: init.method ?? 'GET',
      headers: init.headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const body = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let problemType: string | undefined;
    if (contentType.startsWith('application/problem+json'))
      problemType = (JSON.parse(body) as { type?: string }).type;
    return {
      what: `${init.method ?? 'GET'} ${what}`,
      status: response.status,
      contentType,
      ...(problemType ? { problemType } : {}),
      retryAfter: response.headers.get('retry-after'),
      body,
    };
  } catch (error) {
    return {
      what: `${init.method ?? 'GET'} ${what}`,
      status: 0,
      contentType: '',
      retryAfter: null,
      body: String(error),
    };
  }
}

/** Places a hold on `carId` for [from, to) through the reservation API (an in-process call to inventory). */
export const hold = (
  url: string,
  customer: SessionHeaders,
  carId: string,
  from: string,
  to: string,
  key: string,
) =>
  ask(url, '/api/v1/reservations', {
    method: 'POST',
    headers: { ...customer, 'idempotency-key': key },
    body: { vehicleId: carId, from, to, timeZone: 'America/Chicago' },
  });

export const searchAvailability = (url: string, customer: SessionHeaders, from: string, to: string) =>
  ask(url, `/api/v1/availability?${new URLSearchParams({ from, to }).toString()}`, {
    headers: { cookie: customer.cookie ?? '' },
  });

/** Holds and confirms: the confirmation writes reservation.reservation.confirmed to the outbox. */
export async function reserveAndConfirm(
  url: string,
  customer: SessionHeaders,
  carId: string,
  from: string,
  to: string,
): Promise<Reservation> {
  const held = await hold(url, customer, carId, from, to, `hold-${carId}-${from}`);
  if (held.status !== 201) throw new Error(`holding answered ${held.status}: ${held.body}`);
  const reservation = JSON.parse(held.body) as Reservation;
  const confirmed = await ask(url, `/api/v1/reservations/${reservation.id}/confirm`, {
    method: 'POST',
    headers: { ...customer, 'idempotency-key': `confirm-${reservation.id}` },
    // Paid with the payments simulator's success card (a process without payments ignores it).
    body: {
      termsVersion: reservation.terms.version,
      acceptTerms: true,
      payment: { paymentMethod: 'pm_card_visa', returnUrl: `${url}/reservations/${reservation.id}` },
    },
  });
  if (confirmed.status !== 200) throw new Error(`confirming answered ${confirmed.status}: ${confirmed.body}`);
  return JSON.parse(confirmed.body) as Reservation;
}
