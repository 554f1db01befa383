import { SmsDeliveryError, type SmsSender } from './sms.port';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** E.164 sender, or a Messaging Service SID (MG…). */
  from: string;
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
}

/** Twilio Programmable Messaging: one form-encoded POST per message, HTTP basic auth. */
export class TwilioSms implements SmsSender {
  readonly name = 'twilio';
  readonly #fetch: typeof fetch;

  constructor(private readonly options: TwilioOptions) {
    this.#fetch = options.fetch ?? fetch;
  }

  async sendSms(to: string, body: string): Promise<{ providerId: string }> {
    const { accountSid, authToken, from } = this.options;
    const base = this.options.baseUrl ?? 'https://api.twilio.com';
    const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const form = new URLSearchParams({ To: to, Body: body });
    form.set(from.startsWith('MG') ? 'MessagingServiceSid' : 'From', from);
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new SmsDeliveryError(`Twilio could not be reached: ${String(error)}`);
    }
    const payload = (await response.json().catch(() => ({}))) as {
      sid?: unknown;
      message?: unknown;
      code?: unknown;
    };
    if (!response.ok || typeof payload.sid !== 'string') {
      // Twilio's message names the problem (e.g. 21211 invalid 'To'); it never echoes the body.
      const reason = typeof payload.message === 'string' ? payload.message : response.statusText;
      throw new SmsDeliveryError(
        `Twilio refused the message (${response.status}): ${reason}`,
        response.status,
      );
    }
    return { providerId: payload.sid };
  }
}
