import type { DevInboxRepository } from './dev-inbox.repository';
import { sameText, type SentQuery, type SmsSender } from './sms.port';

const providerIdOf = (id: string) => `dev-${id}`;

/** Keeps the message in the service's dev inbox (`<schema>.dev_message`) instead of sending it: the offline default. */
export class DevInboxSms implements SmsSender {
  readonly name = 'dev-inbox';
  constructor(private readonly inbox: DevInboxRepository) {}

  async sendSms(to: string, body: string): Promise<{ providerId: string }> {
    return { providerId: providerIdOf(await this.inbox.insert({ channel: 'sms', to, body })) };
  }

  /** The same question Twilio answers (TwilioSms.findSent), asked of the dev inbox: testable offline. */
  async findSent(query: SentQuery): Promise<{ providerId: string } | null> {
    const kept = await this.inbox.findSince({ channel: 'sms', to: query.to, since: query.since });
    const match = kept.find((m) => sameText(m.body, query.body) && !query.exclude?.has(providerIdOf(m.id)));
    return match ? { providerId: providerIdOf(match.id) } : null;
  }
}
