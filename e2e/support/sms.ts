import type { DevMessageList } from '@cybertacotruck/contracts';

export interface InvitationSms {
  body: string;
  link: string;
  token: string;
  code: string;
}

/**
 * The invitation SMS to `phone`, from the notification service's dev inbox (operator-only: it holds
 * links and codes). The SMS goes out through the event pipeline after the invite's answer, so this
 * polls until it is there; the newest one, after `after` messages with a link when given (a resend).
 */
export async function invitationSms(
  url: string,
  phone: string,
  headers: Record<string, string>,
  options: { after?: number; timeoutMs?: number } = {},
): Promise<InvitationSms> {
  const { 'content-type': _json, ...get } = headers;
  // The inbox keeps the number as the SMS went out, in E.164 (tests write it with spaces).
  const e164 = phone.replace(/[^\d+]/g, '');
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let seen: string[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/v1/notifications/dev-inbox?to=${encodeURIComponent(e164)}`, {
      headers: get,
    });
    if (!response.ok) throw new Error(`the dev inbox answered ${response.status}: ${await response.text()}`);
    // Newest first.
    seen = ((await response.json()) as DevMessageList).items.map((m) => m.body);
    const links = seen.filter((body) => /register\?token=/.test(body));
    const body = links.length > (options.after ?? 0) ? links[0] : undefined;
    if (body) {
      const link = /(https?:\/\/\S+\/register\?token=[\w-]{43})/.exec(body)?.[1];
      const token = /token=([\w-]{43})/.exec(body)?.[1];
      const code = /code (\d{6})/.exec(body)?.[1];
      if (!link || !token || !code) throw new Error(`no link and code in: ${body}`);
      return { body, link, token, code };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no invitation SMS to ${phone} within the time; the inbox holds: ${seen.join(' | ')}`);
}

/**
 * The newest SMS to `phone` whose text matches `pattern`, from the dev inbox (operator-only), polled
 * until it arrives: codes and notices go out through the event pipeline after the request's answer.
 */
export async function smsMatching(
  url: string,
  phone: string,
  headers: Record<string, string>,
  pattern: RegExp,
  options: { timeoutMs?: number } = {},
): Promise<string> {
  const { 'content-type': _json, ...get } = headers;
  const e164 = phone.replace(/[^\d+]/g, '');
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let seen: string[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/v1/notifications/dev-inbox?to=${encodeURIComponent(e164)}`, {
      headers: get,
    });
    if (!response.ok) throw new Error(`the dev inbox answered ${response.status}: ${await response.text()}`);
    // Newest first.
    seen = ((await response.json()) as DevMessageList).items.map((m) => m.body);
    const found = seen.find((body) => pattern.test(body));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `no SMS to ${phone} matching ${String(pattern)} in time; the inbox holds: ${seen.join(' | ')}`,
  );
}
