import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createNetServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { startBundle, type AppProcess } from './app-process';

export const SERVICES = ['inventory', 'reservation', 'account', 'notification'] as const;
export type Service = (typeof SERVICES)[number];

export interface ServiceProcess extends AppProcess {
  service: Service;
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * Starts one service from its own bundle (`services/<name>/dist/main.js`), as
 * scripts/start-distributed.mjs does, and waits for its "is ready at" line.
 */
export async function startServiceProcess(
  service: Service,
  env: Record<string, string>,
  minTimeoutMs?: number,
): Promise<ServiceProcess> {
  return { service, ...(await startBundle(`services/${service}/dist/main.js`, env, service, minTimeoutMs)) };
}

/**
 * The Tesla simulator as its own process, from its bundle (as scripts/start-distributed.mjs and a
 * Deployment run it), on a free port; with KAFKA_BROKERS it publishes telemetry as fleet-telemetry
 * would. Inventory finds it by TESLA_SIMULATOR_URL.
 */
export function startSimulatorProcess(
  env: Record<string, string>,
  minTimeoutMs?: number,
): Promise<AppProcess> {
  return startBundle(
    'packages/tesla-sim/dist/main.js',
    { TESLA_SIM_PORT: '0', TESLA_SIM_HOST: '127.0.0.1', ...env },
    'tesla-sim',
    minTimeoutMs,
  );
}

/** The environment every service process of one distributed deployment shares. */
export function distributedEnv(o: {
  ports: Record<Service, number>;
  databaseUrl: string;
  kafkaBrokers: string;
  dataDir: string;
}): Record<Service, Record<string, string>> {
  const url = (s: Service) => `http://127.0.0.1:${o.ports[s]}`;
  const shared = {
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DATABASE_URL: o.databaseUrl,
    KAFKA_BROKERS: o.kafkaBrokers,
    INTERNAL_TOKEN: randomBytes(24).toString('hex'),
    MIGRATE_ON_START: 'false',
    DATA_DIR: o.dataDir,
    INVENTORY_URL: url('inventory'),
    RESERVATION_URL: url('reservation'),
    ACCOUNT_URL: url('account'),
    NOTIFICATION_URL: url('notification'),
  };
  const envOf = (s: Service): Record<string, string> => ({
    ...shared,
    PORT: String(o.ports[s]),
    ...(s === 'inventory' ? {} : { TRUST_PROXY: 'true', PUBLIC_URL: url('inventory') }),
  });
  return {
    inventory: envOf('inventory'),
    reservation: envOf('reservation'),
    account: envOf('account'),
    notification: envOf('notification'),
  };
}

export interface ReceivedMail {
  to: string[];
  /** The sender's Message-ID (the notification service uses the delivery id: a resend repeats it). */
  messageId: string;
  subject: string;
  text: string;
  html: string;
}

/** A real SMTP server in this process (no TLS, no auth) that keeps every message it is sent, parsed. */
export async function startSmtpServer(): Promise<{
  url: string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            messageId: parsed.messageId ?? '',
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          callback();
        })
        .catch((error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
  });
  // A connection error (a sender SIGKILLed mid-session resets its socket) is the client's, not the
  // server's: smtp-server emits it, and an EventEmitter with no listener would throw it.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE')
      process.stderr.write(`SMTP server: ${String(error)}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('SMTP server has no port');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    mails,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

/**
 * Waits for a mail to `to` that `matches`; on timeout fails saying what did arrive, so a missing
 * notification is told apart from a wrong one.
 */
export async function waitForMail(
  smtp: { mails: ReceivedMail[] },
  o: { to: string; matches: (mail: ReceivedMail) => boolean; what: string; timeoutMs?: number },
): Promise<ReceivedMail> {
  const deadline = Date.now() + (o.timeoutMs ?? 30_000);
  for (;;) {
    const found = smtp.mails.find((m) => m.to.includes(o.to) && o.matches(m));
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = smtp.mails.length
        ? smtp.mails.map((m) => `  to ${m.to.join(', ')}: "${m.subject}" ${m.text.slice(0, 200)}`).join('\n')
        : '  (nothing at all)';
      throw new Error(
        `no ${o.what} e-mail to ${o.to} within ${o.timeoutMs ?? 30_000} ms; the SMTP server received:\n${seen}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
