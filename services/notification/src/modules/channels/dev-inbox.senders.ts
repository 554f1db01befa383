import { sameText, type DevInboxRepository } from '@cybertacotruck/messaging';
import type { EmailSender, OutgoingEmail } from './channels.port';

const bodyOf = (subject: string, text: string) => `Subject: ${subject}\n\n${text}`;
const providerIdOf = (id: string) => `dev-${id}`;

/**
 * Keeps the e-mail (subject and plain text) in the dev inbox when SMTP_URL is unset. The SMS
 * counterpart, DevInboxSms, is shared with the account service (@cybertacotruck/messaging).
 */
export class DevInboxEmail implements EmailSender {
  readonly name = 'dev-inbox';
  constructor(private readonly inbox: DevInboxRepository) {}

  async sendEmail(email: OutgoingEmail): Promise<{ providerId: string }> {
    const body = bodyOf(email.subject, email.text);
    return { providerId: providerIdOf(await this.inbox.insert({ channel: 'email', to: email.to, body })) };
  }

  async findSent(query: {
    to: string;
    subject: string;
    text: string;
    since: Date;
    exclude?: ReadonlySet<string>;
  }): Promise<{ providerId: string } | null> {
    const body = bodyOf(query.subject, query.text);
    const kept = await this.inbox.findSince({ channel: 'email', to: query.to, since: query.since });
    const match = kept.find((m) => sameText(m.body, body) && !query.exclude?.has(providerIdOf(m.id)));
    return match ? { providerId: providerIdOf(match.id) } : null;
  }
}
