import { describe, expect, it } from 'vitest';
import { SmsDeliveryError } from './sms.port';
import { fakeTwilio } from '../testing/fake-twilio';
import { TwilioSms } from './twilio.sms';

const sid = `AC${'0123456789abcdef'.repeat(2)}`;

/** Records the one request and answers like Twilio. Twilio itself cannot be reached from here. */
function mockFetch(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetch = async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {} });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, calls };
}

describe('TwilioSms (against a mock fetch: the real Twilio API cannot run in tests)', () => {
  it('mock: posts a form-encoded message with basic auth to the account Messages endpoint', async () => {
    const { fetch, calls } = mockFetch(201, { sid: 'SM123', status: 'queued' });
    const sms = new TwilioSms({
      accountSid: sid,
      authToken: 'secret-auth-token-1',
      from: '+15005550006',
      fetch,
    });
    expect(await sms.sendSms('+12025550123', 'Hi & welcome: code 123456')).toEqual({ providerId: 'SM123' });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${sid}/Messages.json`);
    expect(call?.init.method).toBe('POST');
    const headers = call?.init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(headers.authorization).toBe(
      `Basic ${Buffer.from(`${sid}:secret-auth-token-1`).toString('base64')}`,
    );
    const form = new URLSearchParams(call?.init.body as string);
    expect(Object.fromEntries(form)).toEqual({
      To: '+12025550123',
      From: '+15005550006',
      Body: 'Hi & welcome: code 123456',
    });
  });

  it('mock: sends through a Messaging Service when TWILIO_FROM is an MG… SID', async () => {
    const { fetch, calls } = mockFetch(201, { sid: 'SM124' });
    const from = `MG${'a'.repeat(32)}`;
    await new TwilioSms({ accountSid: sid, authToken: 'secret-auth-token-1', from, fetch }).sendSms(
      '+12025550123',
      'x',
    );
    const form = new URLSearchParams(calls[0]?.init.body as string);
    expect(form.get('MessagingServiceSid')).toBe(from);
    expect(form.has('From')).toBe(false);
  });

  it('mock: turns a refusal into SmsDeliveryError with Twilio’s reason', async () => {
    const { fetch } = mockFetch(400, {
      code: 21211,
      message: "The 'To' number is not a valid phone number.",
    });
    const sms = new TwilioSms({
      accountSid: sid,
      authToken: 'secret-auth-token-1',
      from: '+15005550006',
      fetch,
    });
    const error = await sms.sendSms('+1', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SmsDeliveryError);
    expect((error as SmsDeliveryError).status).toBe(400);
    expect((error as Error).message).toContain("'To' number is not a valid");
  });

  it('mock: reports an unreachable API as SmsDeliveryError', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    const sms = new TwilioSms({
      accountSid: sid,
      authToken: 'secret-auth-token-1',
      from: '+15005550006',
      fetch,
    });
    await expect(sms.sendSms('+12025550123', 'x')).rejects.toBeInstanceOf(SmsDeliveryError);
  });
});

describe('TwilioSms.findSent (against a fake Twilio: the real Twilio API cannot run in tests)', () => {
  const since = new Date(Date.now() - 60_000);
  const old = new Date(Date.now() - 3_600_000).toUTCString();
  const make = (fetch: typeof globalThis.fetch) =>
    new TwilioSms({ accountSid: sid, authToken: 'secret-auth-token-1', from: '+15005550006', fetch });

  it('fake Twilio: lists the messages to the recipient and finds the one with this text sent since then', async () => {
    const twilio = fakeTwilio();
    const sms = make(twilio.fetch);
    await sms.sendSms('+12025550123', 'Your Model Y is booked\u202fnow');
    const { providerId } = await sms.sendSms('+12025550123', 'Another message');
    twilio.messages.push({
      sid: 'SMold',
      to: '+12025550123',
      body: 'Another message',
      direction: 'outbound-api',
      date_created: old,
    });
    twilio.messages.push({
      sid: 'SMin',
      to: '+12025550123',
      body: 'Another message',
      direction: 'inbound',
      date_created: new Date().toUTCString(),
    });
    // Whitespace re-encoded by the provider still matches.
    expect(await sms.findSent({ to: '+12025550123', body: 'Your Model Y is booked now', since })).toEqual({
      providerId: 'SM00000000000000000000000000000001',
    });
    expect(await sms.findSent({ to: '+12025550123', body: 'Another message', since })).toEqual({
      providerId,
    });
    // A SID another delivery recorded is not this one; an older or inbound message neither.
    expect(
      await sms.findSent({
        to: '+12025550123',
        body: 'Another message',
        since,
        exclude: new Set([providerId]),
      }),
    ).toBeNull();
    expect(await sms.findSent({ to: '+12025550999', body: 'Another message', since })).toBeNull();
    expect(twilio.calls.at(-1)).toBe(
      `GET /2010-04-01/Accounts/${sid}/Messages.json?To=%2B12025550999&PageSize=100`,
    );
  });

  it('fake Twilio: follows next_page_uri while the page reaches back to `since`', async () => {
    const twilio = fakeTwilio();
    const sms = make(twilio.fetch);
    await sms.sendSms('+12025550123', 'the one');
    for (let i = 0; i < 150; i++) await sms.sendSms('+12025550123', `other ${i}`);
    expect(await sms.findSent({ to: '+12025550123', body: 'the one', since })).toEqual({
      providerId: 'SM00000000000000000000000000000001',
    });
    expect(twilio.calls.filter((c) => c.startsWith('GET'))).toHaveLength(2);
  });

  it('mock: a lookup Twilio refuses throws (the sender must not send blindly)', async () => {
    const { fetch } = mockFetch(503, { message: 'unavailable' });
    await expect(make(fetch).findSent({ to: '+12025550123', body: 'x', since })).rejects.toBeInstanceOf(
      SmsDeliveryError,
    );
  });
});
