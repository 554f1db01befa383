import type { DevInboxRepository } from '@cybertacotruck/messaging';
import type { EmailSender, OutgoingEmail } from './channels.port';

/**
 * Keeps the e-mail (subject and plain text) in the dev inbox when SMTP_URL is unset. The SMS
 * counterpart, DevInboxSms, is shared with the account service (@cybertacotruck/messaging).
 */
export class DevInboxEmail implements EmailSender {
  readonly name = 'dev-inbox';
  constructor(private readonly inbox: DevInboxRepository) {}

  async sendEmail(email: OutgoingEmail): Promise<{ providerId: string }> {
    const body = `Subject: ${email.subject}\n\n${email.text}`;
    return { providerId: `dev-${await this.inbox.insert({ channel: 'email', to: email.to, body })}` };
  }
}
