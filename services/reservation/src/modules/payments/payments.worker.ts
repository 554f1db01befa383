import { ReservationEvents, type DeclaredEnvelope } from '@cybertacotruck/contracts';
import { repeatEvery, type HandlerTransaction, type Logger } from '@cybertacotruck/platform';
import type { Kysely } from 'kysely';
import { repositories } from '../../deps';
import type { ReservationTables } from '../../tables';
import type { PaymentsRepository } from './payments.repository';
import type { PaymentsService } from './payments.service';

/** The reservation events payments act on, consumed through the service's own inbox. */
export const PAYMENT_EVENTS = [
  ReservationEvents.cancelled,
  ReservationEvents.expired,
  ReservationEvents.returned,
] as const;
export const PAYMENTS_GROUP = 'reservation-payments';

type PaymentEvent = DeclaredEnvelope<(typeof PAYMENT_EVENTS)[number]>;

/**
 * In the event's transaction (with its inbox row) only the work is written down: no call to Stripe
 * inside it. The worker below does the work, with idempotency keys, until it succeeds.
 */
export async function owePaymentWork(event: PaymentEvent, trx: HandlerTransaction): Promise<void> {
  const { payments } = repositories(trx as unknown as Kysely<ReservationTables>);
  const at = new Date();
  switch (event.type) {
    case 'reservation.reservation.cancelled':
    case 'reservation.reservation.expired':
      await payments.owe({
        reservationId: event.data.reservationId,
        kind: 'settle-closed',
        amountMinor: null,
        currency: null,
        eventId: event.id,
        at,
      });
      return;
    case 'reservation.reservation.returned':
      await payments.owe({
        reservationId: event.data.reservationId,
        kind: 'capture-at-return',
        amountMinor: event.data.totalMinor,
        currency: event.data.currency,
        eventId: event.id,
        at,
      });
      return;
  }
}

const BATCH = 20;
/** 2 s, 4 s, … up to 10 minutes between attempts at a task Stripe keeps refusing. */
const backoffMs = (attempts: number) => Math.min(600_000, 2_000 * 2 ** Math.min(attempts, 12));

/** One pass: every due task, each on its own; a failure is kept with its error and retried later. */
export async function runPaymentTasks(
  repo: PaymentsRepository,
  payments: PaymentsService,
  logger: Logger,
  now: () => Date,
): Promise<number> {
  const tasks = await repo.dueTasks(now(), BATCH);
  for (const task of tasks) {
    try {
      if (task.kind === 'settle-closed') await payments.settleClosed(task.reservationId);
      else await payments.captureAtReturn(task.reservationId, task.amountMinor ?? 0, task.currency ?? '');
      await repo.taskDone(task.reservationId, task.kind, now());
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      logger.warn(
        { reservationId: task.reservationId, task: task.kind, attempts: task.attempts + 1, err: message },
        'payment task failed; retried later',
      );
      await repo.taskFailed(
        task.reservationId,
        task.kind,
        message,
        new Date(now().getTime() + backoffMs(task.attempts)),
      );
    }
  }
  return tasks.length;
}

export function startPaymentsWorker(
  repo: PaymentsRepository,
  payments: PaymentsService,
  intervalMs: number,
  logger: Logger,
): Promise<() => Promise<void>> {
  return Promise.resolve(
    repeatEvery({ intervalMs, logger, failure: 'payments pass failed', runAtStart: true }, async () => {
      await runPaymentTasks(repo, payments, logger, () => new Date());
    }),
  );
}
