import { inTransaction, type NotificationDeps } from '../../deps';
import { checkLowCharge } from '../alerts/alerts.service';

const BATCH = 200;

/**
 * Time-driven work: reminders that came due become messages (rendered later with the customer's
 * preferences as they are then), and pickups that entered the low-charge lookahead are checked.
 * Reminders are rows, so a restart loses none; each fires once (status pending → fired in the
 * same transaction that queues its message).
 */
export class ScheduleService {
  constructor(private readonly deps: NotificationDeps) {}

  async fireDueReminders(): Promise<number> {
    const now = this.deps.now();
    return inTransaction(this.deps, async (repos) => {
      const due = await repos.reminders.takeDue(now, BATCH);
      for (const reminder of due)
        await repos.outgoing.add({
          sourceId: reminder.id,
          template: reminder.kind === '24h' ? 'reminder_24h' : 'reminder_1h',
          audience: reminder.customerId,
          data: reminder.data,
          dueAt: reminder.dueAt,
        });
      return due.length;
    });
  }

  async scanLowCharge(): Promise<number> {
    const now = this.deps.now();
    return inTransaction(
      this.deps,
      async (repos) => (await checkLowCharge(repos, this.deps.config, now)).length,
    );
  }
}
