import { sameText, SmsDeliveryError, type SentQuery, type SmsSender } from './sms.port';

export interface TwilioOptions {
  accountSid: string;
  authToken: string;
  /** E.164 sender, or a Messaging Service SID (MG…). */
  from: string;
  fetch?: typeof fetch;
  baseUrl?: string;
  timeoutMs?: number;
}

/** The fields of a Message resource that findSent reads. */
interface TwilioMessage {
  sid: string;
  to: string;
  body: string;
  direction: string;
  /** RFC 2822, e.g. "Mon, 16 Aug 2010 03:45:01 +0000". */
  date_created: string;
}

interface TwilioMessagePage {
  messages?: TwilioMessage[];
  next_page_uri?: string | null;
}

/** Pages read at most per lookup (newest first, 100 a page): a customer gets far fewer messages an hour. */
const MAX_LOOKUP_PAGES = 5;

/** Twilio Programmable Messaging: one form-encoded POST per message, HTTP basic auth. */
export class TwilioSms implements SmsSender {
  readonly name = 'twilio';
  readonly #fetch: typeof fetch;

  constructor(private readonly options: TwilioOptions) {
    this.#fetch = options.fetch ?? fetch;
  }

  get #base(): string {
    return this.options.baseUrl ?? 'https://api.twilio.com';
  }

  get #authorization(): string {
    const { accountSid, authToken } = this.options;
    return `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  }

  /**
   * Lists the account's messages to `to`, newest first (`GET …/Messages.json?To=…&PageSize=100`),
   * and returns the outbound one created at or after `since` with the same text whose SID is not
   * excluded. No `DateSent` filter: it has day granularity and a message Twilio accepted but has not
   * sent yet (queued) has no date_sent, so it would be missed. No `From` filter either: a
   * Messaging Service picks the number.
   */
  async findSent(query: SentQuery): Promise<{ providerId: string } | null> {
    const { accountSid } = this.options;
    const params = new URLSearchParams({ To: query.to, PageSize: '100' });
    let next: string | null =
      `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json?${params.toString()}`;
    for (let page = 0; next && page < MAX_LOOKUP_PAGES; page++) {
      let response: Response;
      try {
        response = await this.#fetch(`${this.#base}${next}`, {
          headers: { authorization: this.#authorization, accept: 'application/json' },
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new SmsDeliveryError(`Twilio could not be reached: ${String(error)}`);
      }
      if (!response.ok)
        throw new SmsDeliveryError(`Twilio refused the message lookup (${response.status})`, response.status);
      const payload = (await response.json()) as TwilioMessagePage;
      const messages = payload.messages ?? [];
      for (const m of messages) {
        const created = Date.parse(m.date_created);
        if (
          m.direction.startsWith('outbound') &&
          created >= query.since.getTime() &&
          sameText(m.body, query.body) &&
          !query.exclude?.has(m.sid)
        )
          return { providerId: m.sid };
      }
      const oldest = messages.at(-1);
      if (!oldest || Date.parse(oldest.date_created) < query.since.getTime()) return null;
      next = payload.next_page_uri ?? null;
    }
    return null;
  }

  async sendSms(to: string, body: string): Promise<{ providerId: string }> {
    const { accountSid, from } = this.options;
    const url = `${this.#base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    const form = new URLSearchParams({ To: to, Body: body });
    form.set(from.startsWith('MG') ? 'MessagingServiceSid' : 'From', from);
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: {
          authorization: this.#authorization,
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
