import { randomUUID } from 'node:crypto';
import type { Language, Preferences } from '@cybertacotruck/contracts';
import { inTransaction, type NotificationDeps } from '../../deps';
import type { NewDelivery } from '../deliveries/deliveries.repository';
import { releaseTime } from '../messages/quiet-hours';
import { render, TEMPLATE_RULES, type MessageData } from '../messages/render';
import { forEachLimited } from '../deliveries/limited';
import { formatSecretRef } from '../messages/sms-secrets';
import { OPERATORS, PHONE_AUDIENCE, type OutgoingRecord } from './outgoing.repository';

/** Who a message goes to: a user (contact and preferences from account), or an invitee's phone. */
interface Recipient {
  userId: string | null;
  name: string;
  phone: string;
  email: string | null;
  preferences: Preferences;
}

/**
 * An invitee has no account, so no preferences to ask for: the invitation's language, no quiet
 * hours (invitations are urgent, and their time zone is unknown), and no switches (SMS-only
 * templates ignore them).
 */
const inviteePreferences = (language: Language): Preferences => {
  const off = { sms: false, email: false };
  return {
    channels: { reservation: off, reminder: off, account: off, marketing: off },
    quietHours: null,
    timeZone: 'UTC',
    language,
  };
};

// A dispatch pass is one account lookup and one write per message; a crashed pass is retried after this.
const LEASE_MS = 30_000;

export const backoffMs = (retrySeconds: number, attempt: number): number =>
  Math.min(3_600_000, retrySeconds * 1000 * 2 ** Math.max(0, attempt - 1));

/**
 * Turns queued messages into deliveries: asks the account service who receives them (contact and
 * fresh preferences), renders each in the reader's language and time zone, and writes one delivery
 * per channel that is switched on, not before the end of the reader's quiet hours when the message
 * can wait. Channels switched off get no row: the delivery log is what was meant to go out.
 */
export class DispatchService {
  constructor(private readonly deps: NotificationDeps) {}

  /** One pass over due messages; returns how many were turned into deliveries. */
  async runOnce(): Promise<number> {
    return (await this.dispatchDue()).done;
  }

  /**
   * One pass: claims up to NOTIFICATION_SEND_BATCH due messages and renders them,
   * NOTIFICATION_DISPATCH_CONCURRENCY at a time; `claimed` tells a full batch (more are due).
   */
  async dispatchDue(): Promise<{ claimed: number; done: number }> {
    const now = this.deps.now();
    const { NOTIFICATION_SEND_BATCH: batch, NOTIFICATION_DISPATCH_CONCURRENCY: concurrency } =
      this.deps.config;
    const due = await this.deps.repos.outgoing.claimDue(now, batch, LEASE_MS);
    let done = 0;
    await forEachLimited(due, concurrency, async (message) => {
      const dispatched = await this.dispatchOne(message, now).catch((error: unknown) => {
        this.deps.logger.error({ err: error, outgoing: message.id }, 'message retry not recorded');
        return false;
      });
      if (dispatched) done += 1;
    });
    return { claimed: due.length, done };
  }

  private async dispatchOne(message: OutgoingRecord, now: Date): Promise<boolean> {
    try {
      const recipients = await this.recipientsOf(message);
      const rows = recipients.flatMap((r) => this.deliveriesFor(message, r, now));
      await inTransaction(this.deps, async (repos) => {
        await repos.deliveries.addMany(rows);
        await repos.outgoing.markDone(message.id, recipients.length === 0 ? 'no such recipient' : null);
      });
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const { NOTIFICATION_MAX_ATTEMPTS: max, NOTIFICATION_RETRY_SECONDS: retry } = this.deps.config;
      this.deps.logger.warn(
        { err: error, outgoing: message.id, attempts: message.attempts },
        'message not dispatched',
      );
      // If this write fails too (the database is gone), the claim's lease lapses and it is retried.
      if (message.attempts >= max) await this.deps.repos.outgoing.markFailed(message.id, reason);
      else
        await this.deps.repos.outgoing.markRetry(
          message.id,
          new Date(now.getTime() + backoffMs(retry, message.attempts)),
          reason,
        );
      return false;
    }
  }

  private async recipientsOf(message: OutgoingRecord): Promise<Recipient[]> {
    if (message.audience === OPERATORS)
      return (await this.deps.account.operators()).map(({ contact, preferences }) => ({
        userId: contact.id,
        name: contact.name,
        phone: contact.phone,
        email: contact.email,
        preferences,
      }));
    if (message.audience.startsWith(PHONE_AUDIENCE)) {
      const data = message.data as MessageData;
      return [
        {
          userId: null,
          name: data.name ?? '',
          phone: message.audience.slice(PHONE_AUDIENCE.length),
          email: null,
          preferences: inviteePreferences(data.language ?? 'en'),
        },
      ];
    }
    const [contact, preferences] = await Promise.all([
      this.deps.account.contact(message.audience),
      this.deps.account.preferences(message.audience),
    ]);
    // A phone change's code goes to the new number, its notice to the previous one.
    const phone = (message.data as MessageData).toPhone ?? contact?.phone;
    return contact && preferences && phone
      ? [{ userId: contact.id, name: contact.name, phone, email: contact.email, preferences }]
      : [];
  }

  private deliveriesFor(message: OutgoingRecord, recipient: Recipient, now: Date): NewDelivery[] {
    const { preferences } = recipient;
    const rule = TEMPLATE_RULES[message.template];
    const switches = rule.smsOnly ? { sms: true, email: false } : preferences.channels[rule.kind];
    const data = message.data as MessageData;
    const rendered = render({
      template: message.template,
      data,
      language: preferences.language,
      timeZone: preferences.timeZone,
      recipientName: recipient.name,
      publicUrl: this.deps.config.PUBLIC_URL,
    });
    const notBefore = rule.urgent ? now : releaseTime(now, preferences.quietHours, preferences.timeZone);
    // A reminder that quiet hours would push to the pickup or later is pointless: skipped, with the reason.
    const pickup = data.from ? new Date(data.from) : null;
    const tooLate = rule.kind === 'reminder' && pickup !== null && notBefore.getTime() >= pickup.getTime();
    const status = tooLate ? 'skipped' : notBefore.getTime() > now.getTime() ? 'held' : 'queued';
    const common = {
      event_id: message.sourceId,
      outgoing_id: message.id,
      user_id: recipient.userId,
      template: message.template,
      kind: rule.kind,
      language: preferences.language,
      subject: rendered.subject,
      summary: rendered.sms,
      secret_ref: secretRefOf(message),
      status,
      not_before: notBefore,
      last_error: tooLate ? 'quiet hours last until the pickup or later' : null,
      created_at: now,
    } as const;
    const rows: NewDelivery[] = [];
    if (switches.sms)
      rows.push({
        ...common,
        id: randomUUID(),
        channel: 'sms',
        recipient: recipient.phone,
        body: rendered.sms,
        html: null,
      });
    if (switches.email && recipient.email)
      rows.push({
        ...common,
        id: randomUUID(),
        channel: 'email',
        recipient: recipient.email,
        body: rendered.text,
        html: rendered.html,
      });
    return rows;
  }
}

/** What an invitation's, reset's or phone change's link or code is fetched by when sent (nothing for others). */
function secretRefOf(message: OutgoingRecord): string | null {
  const data = message.data as MessageData;
  if (message.template === 'invitation' && data.invitationId && data.issue !== undefined)
    return formatSecretRef({ kind: 'invitation', invitationId: data.invitationId, issue: data.issue });
  if (message.template === 'rental_access' && data.reservationId)
    return formatSecretRef({
      kind: 'rental_access',
      reservationId: data.reservationId,
      ...(data.vehicleId ? { vehicleId: data.vehicleId } : {}),
    });
  if (message.template === 'password_reset' && data.resetId)
    return formatSecretRef({ kind: 'password_reset', resetId: data.resetId });
  if (message.template === 'phone_change_code' && data.changeId)
    return formatSecretRef({ kind: 'phone_change', changeId: data.changeId });
  return null;
}
