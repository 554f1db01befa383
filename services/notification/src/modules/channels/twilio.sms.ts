import { DeliveryError, type SmsSender } from './channels.port';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** E.164 sender, or a Messaging Service SID (MG…). */
  from: string;
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
}

/**
 * Twilio Programmable Messaging: one form-encoded POST per message, HTTP basic auth. A copy of the
 * account service's sender (services/account/src/modules/sms/twilio.sms.ts): services may not
 * import each other; moving both into a shared package is a follow-up.
 */
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
      throw new DeliveryError(`Twilio could not be reached: ${String(error)}`);
    }
    const payload = (await response.json().catch(() => ({}))) as { sid?: unknown; message?: unknown };
    if (!response.ok || typeof payload.sid !== 'string') {
      const reason = typeof payload.message === 'string' ? payload.message : response.statusText;
      throw new DeliveryError(`Twilio refused the message (${response.status}): ${reason}`);
    }
    return { providerId: payload.sid };
  }
}
