import type { DevInboxRepository } from './dev-inbox.repository';
import type { SmsSender } from './sms.port';

/** Keeps the message in the service's dev inbox (`<schema>.dev_message`) instead of sending it: the offline default. */
export class DevInboxSms implements SmsSender {
  readonly name = 'dev-inbox';
  constructor(private readonly inbox: DevInboxRepository) {}

  async sendSms(to: string, body: string): Promise<{ providerId: string }> {
    return { providerId: `dev-${await this.inbox.insert({ channel: 'sms', to, body })}` };
  }
}
