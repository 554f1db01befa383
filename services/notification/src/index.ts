import type { ServiceContext, ServiceDefinition } from '@cybertacotruck/platform';
import { ConfigError, parseConfig, repeatEvery } from '@cybertacotruck/platform';
import { AccountDirectoryHttpClient } from './clients/account-directory.client';
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
}

export function emailSender(config: NotificationConfig, repos: Repositories): EmailSender {
  return config.SMTP_URL
    ? new SmtpEmail(config.SMTP_URL, config.SMTP_FROM)
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
  return {
    deps,
    events: new NotificationEvents(deps),
    dispatch: new DispatchService(deps),
    sender: new SenderService(deps),
    schedule: new ScheduleService(deps),
    deliveries: new DeliveriesService(deps),
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
      await app.register(notificationDevInboxRoutes, {
        inbox: m.deps.repos.devInbox,
        operatorOnly: ctx.config.NODE_ENV === 'production',
      });
  },
  workers: [
    {
      name: 'notification-consumer',
      start: async (ctx) => {
        const { events } = notificationModules(ctx);
        return ctx.bus.subscribe({
          group: CONSUMER_GROUP,
          schema: 'notification',
          types: CONSUMED_EVENTS,
          handle: events.handle,
        });
      },
    },
    {
      name: 'notification-sender',
      start: async (ctx) => {
        const { dispatch, sender, deps } = notificationModules(ctx);
        return repeatEvery(
          {
            intervalMs: deps.config.NOTIFICATION_SEND_MS,
            logger: ctx.logger,
            failure: 'notification send pass failed',
          },
          async () => {
            const dispatched = await dispatch.runOnce();
            const report = await sender.runOnce();
            if (dispatched > 0 || report.sent + report.failed + report.retrying > 0)
              ctx.logger.info({ dispatched, ...report }, 'notifications sent');
          },
        );
      },
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
            if (reminders + alerts > 0) ctx.logger.info({ reminders, alerts }, 'reminders and alerts queued');
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
