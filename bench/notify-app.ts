/**
 * The product as `npm start` composes it (every service in one process, on the PostgreSQL server
 * at DATABASE_URL), for bench/notify.ts. BENCH_SENDER=baseline swaps the notification sender worker
 * for the one before the drain loop: one dispatch pass then one send pass every
 * NOTIFICATION_SEND_MS, nothing in between (run it with NOTIFICATION_SEND_BATCH=50 and every
 * concurrency at 1 to get the old behaviour back).
 */
import { notificationModules, notificationService } from '@cybertacotruck/notification';
import { BaseConfigSchema, parseConfig, repeatEvery, startProcess } from '@cybertacotruck/platform';
import { allServices } from '../apps/server/src/services';

const baselineNotification: typeof notificationService = {
  ...notificationService,
  workers: (notificationService.workers ?? []).map((worker) =>
    worker.name !== 'notification-sender'
      ? worker
      : {
          name: worker.name,
          start: async (ctx) => {
            const { dispatch, sender, deps } = notificationModules(ctx);
            return repeatEvery(
              {
                intervalMs: deps.config.NOTIFICATION_SEND_MS,
                logger: ctx.logger,
                failure: 'send pass failed',
              },
              async () => {
                await dispatch.runOnce();
                await sender.runOnce();
              },
            );
          },
        },
  ),
};

const services =
  process.env.BENCH_SENDER === 'baseline'
    ? allServices.map((s) => (s.name === 'notification' ? baselineNotification : s))
    : allServices;
const config = parseConfig(BaseConfigSchema, process.env);
const running = await startProcess({ config, services, processName: 'bench-notify' });
process.stdout.write(`listening ${running.url}\n`);
const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
