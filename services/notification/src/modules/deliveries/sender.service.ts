import { randomUUID } from 'node:crypto';
import type { NotificationDeps } from '../../deps';
import { backoffMs } from '../dispatch/dispatch.service';
import type { DeliveryRecord } from './deliveries.repository';

// Longer than the slowest send can take (SMTP: 15 s connect + 15 s greeting + 15 s idle), short
// enough that a crashed sender's messages go out within a minute of its restart.
const LEASE_MS = 60_000;
const BATCH = 50;

export interface SendReport {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Sends due deliveries. Each is leased (status sending) before it goes out; a sender that dies
 * mid-send leaves a lease that lapses, and the next pass sends again with the same Message-ID
 * (the delivery id), so the receiving side can tell it is the same message. A failed attempt is
 * retried with a doubling delay until NOTIFICATION_MAX_ATTEMPTS, then the delivery is failed.
 */
export class SenderService {
  constructor(private readonly deps: NotificationDeps) {}

  async runOnce(): Promise<SendReport> {
    const now = this.deps.now();
    const leaseId = randomUUID();
    const claimed = await this.deps.repos.deliveries.claimDue(
      now,
      BATCH,
      leaseId,
      new Date(now.getTime() + LEASE_MS),
    );
    const report: SendReport = { sent: 0, retrying: 0, failed: 0 };
    for (const delivery of claimed) {
      const outcome = await this.sendOne(delivery, leaseId, now);
      report[outcome] += 1;
    }
    return report;
  }

  private async sendOne(d: DeliveryRecord, leaseId: string, now: Date): Promise<keyof SendReport> {
    const { NOTIFICATION_MAX_ATTEMPTS: max, NOTIFICATION_RETRY_SECONDS: retry } = this.deps.config;
    if (d.attempts > max) {
      await this.deps.repos.deliveries.markAttemptFailed(d.id, leaseId, {
        status: 'failed',
        notBefore: d.notBefore,
        error: d.lastError ?? 'the sender stopped during its last attempt',
      });
      return 'failed';
    }
    try {
      const { providerId } =
        d.channel === 'email'
          ? await this.deps.email.sendEmail({
              id: d.id,
              to: d.recipient,
              subject: d.subject ?? '',
              text: d.body,
              html: d.html ?? '',
            })
          : await this.deps.sms.sendSms(d.recipient, d.body);
      await this.deps.repos.deliveries.markSent(d.id, leaseId, providerId, this.deps.now());
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const last = d.attempts >= max;
      this.deps.logger.warn(
        { delivery: d.id, channel: d.channel, attempts: d.attempts, err: error },
        last ? 'delivery failed for good' : 'delivery attempt failed; will retry',
      );
      await this.deps.repos.deliveries.markAttemptFailed(d.id, leaseId, {
        status: last ? 'failed' : 'queued',
        notBefore: last ? d.notBefore : new Date(now.getTime() + backoffMs(retry, d.attempts)),
        error: message,
      });
      return last ? 'failed' : 'retrying';
    }
  }
}
