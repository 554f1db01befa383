import { randomUUID } from 'node:crypto';
import type { NotificationDeps } from '../../deps';
import { backoffMs } from '../dispatch/dispatch.service';
import { fillSecrets, parseSecretRef } from '../messages/sms-secrets';
import type { DeliveryRecord } from './deliveries.repository';
import { forEachLimited } from './limited';

// Longer than the slowest send can take (SMTP: 15 s connect + 15 s greeting + 15 s idle), short
// enough that a crashed sender's messages go out within a minute of its restart.
const LEASE_MS = 60_000;
// A claimed delivery is only started while this much of its lease is left (a slow provider and a
// long batch could otherwise outlive the lease, and another sender would take it meanwhile); the
// rest go back to the queue untouched.
const LEASE_MARGIN_MS = 30_000;
// Our clock and the provider's may differ: a lookup reaches back this far before the delivery's creation.
const CLOCK_SKEW_MS = 5 * 60_000;

export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
}

// 'skipped': an invitation's link or a reset's code is no longer valid; the delivery ends unsent.
type Outcome = keyof SendReport | 'unrecorded' | 'released' | 'skipped';

/** Why an invitation or reset SMS is not sent, by what the account service answered. */
const NOT_SENT: Record<string, string> = {
  expired: 'not sent: the invitation expired',
  accepted: 'not sent: the invitation was already used to register',
  locked: 'not sent: the invitation was locked after too many wrong codes',
  superseded: 'not sent: revoked, a newer link replaced this one',
  missing: 'not sent: no such invitation, reset or phone change any more',
  used: 'not sent: the code was used or replaced by a newer one',
};

/**
 * Sends due deliveries. Each is leased (status sending) before it goes out; a sender that dies
 * mid-send leaves a lease that lapses, and the next pass takes it again. Before sending a delivery
 * again whose earlier attempt's outcome is unknown (any attempt after the first), the sender asks
 * the provider whether it already took the message (Twilio lists messages by recipient; the dev
 * inboxes answer the same question) and records that instead of sending twice. SMTP cannot be
 * asked: such an e-mail goes again with the same Message-ID (the delivery id), at least once.
 * A failed attempt is retried with a doubling delay until NOTIFICATION_MAX_ATTEMPTS, then the
 * delivery is failed. Deliveries go out in parallel per channel (NOTIFICATION_SMS_CONCURRENCY,
 * NOTIFICATION_EMAIL_CONCURRENCY).
 */
export class SenderService {
  constructor(private readonly deps: NotificationDeps) {}

  /** One pass: claims up to NOTIFICATION_SEND_BATCH due deliveries and sends them. */
  async runOnce(): Promise<SendReport> {
    const { claimed: _, ...report } = await this.sendDue();
    return report;
  }

  /** One pass, and how many deliveries it claimed (a full batch means more are probably due). */
  async sendDue(): Promise<SendReport & { claimed: number }> {
    const { config } = this.deps;
    const now = this.deps.now();
    const leaseId = randomUUID();
    const leaseUntil = new Date(now.getTime() + LEASE_MS);
    const claimed = await this.deps.repos.deliveries.claimDue(
      now,
      config.NOTIFICATION_SEND_BATCH,
      leaseId,
      leaseUntil,
    );
    const report: SendReport = { sent: 0, retrying: 0, failed: 0 };
    const send = async (d: DeliveryRecord) => {
      const outcome = await this.sendOne(d, leaseId, leaseUntil, now).catch((error: unknown) => {
        // Recording a failure failed too (the database went away): the lease lapses and the next
        // attempt asks the provider first.
        this.deps.logger.error({ delivery: d.id, err: error }, 'delivery outcome not recorded');
        return 'unrecorded' as const;
      });
      if (outcome in report) report[outcome as keyof SendReport] += 1;
    };
    await Promise.all([
      forEachLimited(
        claimed.filter((d) => d.channel === 'sms'),
        config.NOTIFICATION_SMS_CONCURRENCY,
        send,
      ),
      forEachLimited(
        claimed.filter((d) => d.channel === 'email'),
        config.NOTIFICATION_EMAIL_CONCURRENCY,
        send,
      ),
    ]);
    return { ...report, claimed: claimed.length };
  }

  private async sendOne(d: DeliveryRecord, leaseId: string, leaseUntil: Date, now: Date): Promise<Outcome> {
    const { repos, config } = this.deps;
    if (this.deps.now().getTime() > leaseUntil.getTime() - LEASE_MARGIN_MS) {
      await repos.deliveries.release(d.id, leaseId);
      return 'released';
    }
    // An invitation's or reset's text gets its link or code now, from the account service: they
    // are never stored here. One that can no longer be used ends the delivery as not sent.
    let body = d.body;
    if (d.secretRef) {
      let filled: { text: string } | { notSent: string };
      try {
        filled = await this.withSecrets(d.body, d.secretRef);
      } catch (error) {
        return this.attemptFailed(d, leaseId, now, error, 'could not fetch the link or code to send');
      }
      if ('notSent' in filled) {
        this.deps.logger.info(
          { delivery: d.id, template: d.template, reason: filled.notSent },
          'delivery not sent',
        );
        await repos.deliveries.markSkipped(d.id, leaseId, filled.notSent);
        return 'skipped';
      }
      body = filled.text;
    }
    if (d.attempts > 1) {
      // An earlier attempt may have reached the provider (the sender died, or lost the answer).
      let found: { providerId: string } | null;
      try {
        found = await this.findSent(d, body);
      } catch (error) {
        return this.attemptFailed(d, leaseId, now, error, 'could not ask the provider whether it was sent');
      }
      if (found) {
        this.deps.logger.info(
          { delivery: d.id, channel: d.channel, attempts: d.attempts },
          'delivery had already gone out; recorded without sending again',
        );
        return this.recordSent(d, leaseId, found.providerId);
      }
    }
    if (d.attempts > config.NOTIFICATION_MAX_ATTEMPTS) {
      await repos.deliveries.markAttemptFailed(d.id, leaseId, {
        status: 'failed',
        notBefore: d.notBefore,
        error: d.lastError ?? 'the sender stopped during its last attempt',
      });
      return 'failed';
    }
    let providerId: string;
    try {
      ({ providerId } =
        d.channel === 'email'
          ? await this.deps.email.sendEmail({
              id: d.id,
              to: d.recipient,
              subject: d.subject ?? '',
              text: d.body,
              html: d.html ?? '',
            })
          : await this.deps.sms.sendSms(d.recipient, body));
    } catch (error) {
      return this.attemptFailed(d, leaseId, now, error, 'delivery attempt failed');
    }
    return this.recordSent(d, leaseId, providerId);
  }

  /** Whether the provider already took this delivery's message; null when it did not or cannot say. */
  private async findSent(d: DeliveryRecord, body: string): Promise<{ providerId: string } | null> {
    const { sms, email } = this.deps;
    // SMTP has nobody to ask: the resend carries the same Message-ID.
    if (d.channel === 'sms' ? !sms.findSent : !email.findSent) return null;
    const since = new Date(d.createdAt.getTime() - CLOCK_SKEW_MS);
    const exclude = new Set(await this.deps.repos.deliveries.providerIdsNear(d, since));
    const found =
      d.channel === 'sms'
        ? await sms.findSent?.({ to: d.recipient, body, since, exclude })
        : await email.findSent?.({ to: d.recipient, subject: d.subject ?? '', text: d.body, since, exclude });
    return found ?? null;
  }

  /** The text with its link or code filled in, or why it must not be sent. */
  private async withSecrets(
    text: string,
    secretRef: string,
  ): Promise<{ text: string } | { notSent: string }> {
    const ref = parseSecretRef(secretRef);
    if (!ref) return { notSent: `not sent: unknown secret reference ${secretRef}` };
    if (ref.kind === 'rental_access') {
      if (!this.deps.inventory) return { notSent: 'not sent: no inventory service to ask for the car key' };
      const { shareLink, vehicleId } = await this.deps.inventory.rentalShareLink(ref.reservationId);
      // A message that names another car than the key's now (the booking moved after it was
      // queued) must not carry the new car's link under the old car's name: the new car's own
      // message follows its own invitation. (An inventory from before the answer named its car,
      // during a rolling deploy, is trusted as before.)
      const answered = vehicleId as string | undefined;
      if (ref.vehicleId && answered && answered !== ref.vehicleId)
        return {
          notSent: 'not sent: the booking moved to another car, whose key is sent in its own message',
        };
      return shareLink
        ? { text: fillSecrets(text, { link: shareLink }) }
        : { notSent: 'not sent: the car key was revoked or has expired' };
    }
    const answer =
      ref.kind === 'invitation'
        ? await this.deps.account.invitationLink(ref.invitationId, ref.issue)
        : ref.kind === 'phone_change'
          ? { link: null, ...(await this.deps.account.phoneChangeCode(ref.changeId)) }
          : { link: null, ...(await this.deps.account.passwordResetCode(ref.resetId)) };
    if (answer.state !== 'pending') return { notSent: NOT_SENT[answer.state] ?? `not sent: ${answer.state}` };
    return { text: fillSecrets(text, answer) };
  }

  private async recordSent(d: DeliveryRecord, leaseId: string, providerId: string): Promise<Outcome> {
    try {
      const recorded = await this.deps.repos.deliveries.markSent(d.id, leaseId, providerId, this.deps.now());
      if (!recorded)
        this.deps.logger.warn({ delivery: d.id }, 'delivery sent after its lease was taken over');
      return 'sent';
    } catch (error) {
      // The provider has it; marking it queued now would send it again. The lease lapses instead,
      // and the next attempt finds the message at the provider.
      this.deps.logger.error({ delivery: d.id, err: error }, 'delivery sent but not recorded');
      return 'unrecorded';
    }
  }

  private async attemptFailed(
    d: DeliveryRecord,
    leaseId: string,
    now: Date,
    error: unknown,
    what: string,
  ): Promise<Outcome> {
    const { NOTIFICATION_MAX_ATTEMPTS: max, NOTIFICATION_RETRY_SECONDS: retry } = this.deps.config;
    const message = error instanceof Error ? error.message : String(error);
    const last = d.attempts >= max;
    this.deps.logger.warn(
      { delivery: d.id, channel: d.channel, attempts: d.attempts, err: error },
      last ? `${what}; the delivery failed for good` : `${what}; will retry`,
    );
    await this.deps.repos.deliveries.markAttemptFailed(d.id, leaseId, {
      status: last ? 'failed' : 'queued',
      notBefore: last ? d.notBefore : new Date(now.getTime() + backoffMs(retry, d.attempts)),
      error: message,
    });
    return last ? 'failed' : 'retrying';
  }
}
