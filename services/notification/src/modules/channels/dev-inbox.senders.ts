import type { EmailSender, OutgoingEmail, SmsSender } from './channels.port';
import type { DevInboxRepository } from './dev-inbox.repository';

/** Keeps the SMS in `notification.dev_message` instead of sending it: the offline default. */
export class DevInboxSms implements SmsSender {
  readonly name = 'dev-inbox';
  constructor(private readonly inbox: DevInboxRepository) {}

  async sendSms(to: string, body: string): Promise<{ providerId: string }> {
    return { providerId: `dev-${await this.inbox.insert({ channel: 'sms', to, body })}` };
  }
}

/** Keeps the e-mail (subject and plain text) in the dev inbox when SMTP_URL is unset. */
export class DevInboxEmail implements EmailSender {
  readonly name = 'dev-inbox';
  constructor(private readonly inbox: DevInboxRepository) {}

  async sendEmail(email: OutgoingEmail): Promise<{ providerId: string }> {
    const body = `Subject: ${email.subject}\n\n${email.text}`;
    return { providerId: `dev-${await this.inbox.insert({ channel: 'email', to: email.to, body })}` };
  }
}
