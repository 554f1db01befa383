import type { ServiceContext, ServiceDefinition } from '@cybertacotruck/platform';
import { ConfigError, parseConfig, repeatEvery } from '@cybertacotruck/platform';
import { AccountDirectoryHttpClient } from './clients/account-directory.client';
import { InventoryRentalsHttpClient } from './clients/inventory-rentals.client';
import { NotificationConfigSchema, type NotificationConfig } from './config';
import { repositories, type NotificationDeps, type Repositories } from './deps';
import { notificationMigrations } from './migrations';
import type { EmailSender, SmsSender } from './modules/channels/channels.port';
import { DevInboxSms, TwilioSms } from '@cybertacotruck/messaging';
import { DevInboxEmail } from './modules/channels/dev-inbox.senders';
import { notificationDevInboxRoutes } from './modules/channels/dev-inbox.routes';
import { SmtpEmail } from './modules/channels/smtp.email';
import { deadLettersRoutes } from './modules/dead-letters/dead-letters.routes';
import { DeliveriesService } from './modules/deliveries/deliveries.service';
import { notificationsRoutes } from './modules/deliveries/notifications.routes';
import { startDrainLoop } from './modules/deliveries/drain-loop';
import { SenderService } from './modules/deliveries/sender.service';
import { DispatchService } from './modules/dispatch/dispatch.service';
import { HousekeepingRepository } from './modules/housekeeping/housekeeping.repository';
import { startHousekeepingWorker } from './modules/housekeeping/housekeeping.worker';
import { CONSUMED_EVENTS, NotificationEvents } from './modules/events/events.service';
import { ScheduleService } from './modules/reminders/schedule.service';
import type { NotificationTables } from './tables';

export const CONSUMER_GROUP = 'notification';

export interface NotificationModules {
  deps: NotificationDeps;
  events: NotificationEvents;
  dispatch: DispatchService;
  sender: SenderService;
  schedule: ScheduleService;
  deliveries: DeliveriesService;
  /** Wakes the sender worker (if running in this process): new messages may be waiting. */
  wake: () => void;
  /** Set by the sender worker while it runs. */
  onWake: (() => void) | null;
}

export function emailSender(config: NotificationConfig, repos: Repositories): EmailSender {
  return config.SMTP_URL
    ? new SmtpEmail(config.SMTP_URL, config.SMTP_FROM, undefined, config.NOTIFICATION_EMAIL_CONCURRENCY)
    : new DevInboxEmail(repos.devInbox);
}

export function smsSender(config: NotificationConfig, repos: Repositories): SmsSender {
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from } = config;
  if (accountSid && authToken && from) return new TwilioSms({ accountSid, authToken, from });
  if (accountSid || authToken || from)
    throw new ConfigError(
      (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const)
        .filter((key) => !config[key])
        .map((key) => `${key}: got missing; expected set together with the other TWILIO_* keys`),
    );
  return new DevInboxSms(repos.devInbox);
}

/** Builds the modules from parts; tests hand in a fake account directory, senders and a clock. */
export function buildNotificationModules(deps: NotificationDeps): NotificationModules {
  const modules: NotificationModules = {
    deps,
    events: new NotificationEvents(deps),
    dispatch: new DispatchService(deps),
    sender: new SenderService(deps),
    schedule: new ScheduleService(deps),
    deliveries: new DeliveriesService(deps),
    onWake: null,
    wake: () => modules.onWake?.(),
  };
  return modules;
}

// A wake arrives from inside the bus handler's transaction; the pass starts this much later, when
// that transaction has committed (see DrainLoopOptions.wakeDelayMs).
const WAKE_DELAY_MS = 20;

/**
 * The sender worker: two loops that drain while there is work. Dispatch renders due messages into
 * deliveries and wakes the send loop when it wrote any; the send loop sends due deliveries. Each
 * runs again at once while its batch comes back full, else waits NOTIFICATION_SEND_MS or a wake
 * (the consumer wakes dispatch after each handled event).
 */
export function startSenderWorker(
  m: NotificationModules,
  logger: ServiceContext['logger'],
): () => Promise<void> {
  const { dispatch, sender, deps } = m;
  const timing = { intervalMs: deps.config.NOTIFICATION_SEND_MS, wakeDelayMs: WAKE_DELAY_MS, logger };
  const send = startDrainLoop({ ...timing, failure: 'notification send pass failed' }, async () => {
    const { claimed, ...report } = await sender.sendDue();
    if (claimed > 0) logger.info({ claimed, ...report }, 'notifications sent');
    return claimed >= deps.config.NOTIFICATION_SEND_BATCH;
  });
  const render = startDrainLoop({ ...timing, failure: 'notification dispatch pass failed' }, async () => {
    const { claimed, done } = await dispatch.dispatchDue();
    if (done > 0) {
      logger.debug({ claimed, dispatched: done }, 'messages rendered into deliveries');
      send.wake();
    }
    return claimed >= deps.config.NOTIFICATION_SEND_BATCH;
  });
  m.onWake = () => {
    render.wake();
  };
  return async () => {
    m.onWake = null;
    await Promise.all([render.stop(), send.stop()]);
  };
}

// Routes and workers of one process share one set of modules, keyed by the database (workers get
// a copy of the routes' context with their own logger).
const perServer = new WeakMap<object, NotificationModules>();

export function notificationModules(ctx: ServiceContext): NotificationModules {
  let modules = perServer.get(ctx.db);
  if (!modules) {
    const config = parseConfig(NotificationConfigSchema, ctx.env);
    const db = ctx.db.kysely.withTables<NotificationTables>();
    const repos = repositories(db);
    modules = buildNotificationModules({
      db,
      repos,
      config,
      account: new AccountDirectoryHttpClient(ctx.peers),
      inventory: new InventoryRentalsHttpClient(ctx.peers),
      email: emailSender(config, repos),
      sms: smsSender(config, repos),
      now: () => new Date(),
      logger: ctx.logger.child({ service: 'notification' }),
    });
    perServer.set(ctx.db, modules);
  }
  return modules;
}

/** Notifications: consumes events, renders and sends SMS and e-mail per the user's preferences. */
export const notificationService: ServiceDefinition = {
  name: 'notification',
  description: 'Message delivery by SMS and e-mail, reminders, operator alerts and the delivery log',
  migrations: notificationMigrations,
  configSchema: NotificationConfigSchema,
  routes: async (app, { ctx }) => {
    const m = notificationModules(ctx);
    await app.register(notificationsRoutes, { deliveries: m.deliveries });
    await app.register(deadLettersRoutes, {
      deadLetters: () => ctx.bus.deadLetters('notification'),
    });
    if (m.deps.email.name === 'dev-inbox' || m.deps.sms.name === 'dev-inbox')
      await app.register(notificationDevInboxRoutes, { inbox: m.deps.repos.devInbox });
  },
  workers: [
    {
      name: 'notification-consumer',
      start: async (ctx) => {
        const m = notificationModules(ctx);
        return ctx.bus.subscribe({
          group: CONSUMER_GROUP,
          schema: 'notification',
          types: CONSUMED_EVENTS.map((e) => e.type),
          // Validates each payload against its declaration first (a bad one is parked at once).
          handle: async (event, trx) => {
            await m.events.handle(event, trx);
            m.wake();
          },
        });
      },
    },
    {
      name: 'notification-sender',
      start: async (ctx) => startSenderWorker(notificationModules(ctx), ctx.logger),
    },
    {
      name: 'notification-schedule',
      start: async (ctx) => {
        const { schedule, deps } = notificationModules(ctx);
        return repeatEvery(
          {
            intervalMs: deps.config.NOTIFICATION_SCHEDULE_MS,
            logger: ctx.logger,
            failure: 'notification schedule pass failed',
            runAtStart: true,
          },
          async () => {
            const reminders = await schedule.fireDueReminders();
            const alerts = await schedule.scanLowCharge();
            if (reminders + alerts > 0) {
              ctx.logger.info({ reminders, alerts }, 'reminders and alerts queued');
              notificationModules(ctx).wake();
            }
          },
        );
      },
    },
    {
      name: 'notification-housekeeping',
      start: async (ctx) => {
        const { deps } = notificationModules(ctx);
        const repository = new HousekeepingRepository(deps.db, {
          retentionDays: deps.config.NOTIFICATION_RETENTION_DAYS,
          devInboxRetentionDays: deps.config.DEV_INBOX_RETENTION_DAYS,
        });
        return startHousekeepingWorker(
          repository,
          deps.config.NOTIFICATION_HOUSEKEEPING_MS,
          ctx.logger,
          deps.now,
        );
      },
    },
  ],
};
