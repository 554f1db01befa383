import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  AccountDirectoryClient,
  EventEnvelope,
  InvitationLink,
  PasswordResetCode,
  Preferences,
  ReservationConfirmedV1,
  UserContact,
  UserRecipient,
} from '@cybertacotruck/contracts';
import { parseConfig, PeerError, type Logger } from '@cybertacotruck/platform';
import { NotificationConfigSchema, type NotificationConfig } from '../src/config';
import { repositories, type NotificationDeps } from '../src/deps';
import type { EmailSender, OutgoingEmail, SmsSender } from '../src/modules/channels/channels.port';
import { DeliveryError } from '../src/modules/channels/channels.port';
import type { NotificationTables } from '../src/tables';
import { buildNotificationModules, type NotificationModules } from '../src/index';

export const silentLogger = {
  child: () => silentLogger,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  fatal: () => undefined,
} as unknown as Logger;

export const preferencesWith = (overrides: Partial<Preferences> = {}): Preferences => ({
  channels: {
    reservation: { sms: true, email: true },
    reminder: { sms: true, email: true },
    account: { sms: true, email: true },
    marketing: { sms: false, email: false },
  },
  quietHours: null,
  timeZone: 'America/Chicago',
  language: 'en',
  ...overrides,
});

/** The account service's directory in memory (account client faked), with a lever for outages. */
export class FakeAccountDirectory implements AccountDirectoryClient {
  readonly users = new Map<string, UserRecipient>();
  down = false;
  calls = 0;

  add(
    role: 'customer' | 'operator',
    overrides: Partial<UserContact> = {},
    preferences: Preferences = preferencesWith(),
  ): UserRecipient {
    const id = overrides.id ?? randomUUID();
    const serial = this.users.size + 1;
    const contact: UserContact = {
      id,
      role,
      name: role === 'operator' ? `Operator ${serial}` : `Customer ${serial}`,
      phone: `+1202555${String(1000 + serial)}`,
      email: `${role}${serial}@example.com`,
      ...overrides,
    };
    const user = { contact, preferences };
    this.users.set(id, user);
    return user;
  }

  private check() {
    this.calls += 1;
    if (this.down) throw new PeerError('account', 503, null);
  }

  async preferences(userId: string) {
    this.check();
    return this.users.get(userId)?.preferences ?? null;
  }
  async contact(userId: string) {
    this.check();
    return this.users.get(userId)?.contact ?? null;
  }
  async operators() {
    this.check();
    return [...this.users.values()].filter((u) => u.contact.role === 'operator');
  }

  /** What account answers for an invitation's issue (`<id>:<issue>`) or a reset id; else missing. */
  readonly invitationLinks = new Map<string, InvitationLink>();
  readonly resetCodes = new Map<string, PasswordResetCode>();
  readonly phoneChangeCodes = new Map<string, PasswordResetCode>();

  async invitationLink(invitationId: string, issue: number): Promise<InvitationLink> {
    this.check();
    return (
      this.invitationLinks.get(`${invitationId}:${issue}`) ?? { state: 'missing', link: null, code: null }
    );
  }
  async passwordResetCode(resetId: string): Promise<PasswordResetCode> {
    this.check();
    return this.resetCodes.get(resetId) ?? { state: 'missing', code: null };
  }
  async phoneChangeCode(changeId: string): Promise<PasswordResetCode> {
    this.check();
    return this.phoneChangeCodes.get(changeId) ?? { state: 'missing', code: null };
  }
}

export class RecordingSms implements SmsSender {
  readonly name = 'twilio';
  readonly sent: Array<{ to: string; body: string }> = [];
  failures = 0;
  async sendSms(to: string, body: string) {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new DeliveryError('Twilio refused the message (500): try later');
    }
    this.sent.push({ to, body });
    return { providerId: `SM${this.sent.length}` };
  }
}

export class RecordingEmail implements EmailSender {
  readonly name = 'smtp';
  readonly sent: OutgoingEmail[] = [];
  async sendEmail(email: OutgoingEmail) {
    this.sent.push(email);
    return { providerId: `<${email.id}@test>` };
  }
}

export interface Clock {
  at: Date;
}

/** Notification deps over `kysely` with a fake directory, recording senders and a settable clock. */
export function testDeps(
  kysely: Kysely<object>,
  parts: {
    account: AccountDirectoryClient;
    clock: Clock;
    email?: EmailSender;
    sms?: SmsSender;
    env?: Record<string, string>;
  },
): NotificationDeps & { email: EmailSender; sms: SmsSender } {
  const db = kysely.withTables<NotificationTables>();
  const config: NotificationConfig = parseConfig(NotificationConfigSchema, parts.env ?? {});
  return {
    db,
    repos: repositories(db),
    config,
    account: parts.account,
    email: parts.email ?? new RecordingEmail(),
    sms: parts.sms ?? new RecordingSms(),
    now: () => parts.clock.at,
    logger: silentLogger,
  };
}

const HOUR_MS = 3_600_000;

export function confirmedEvent(
  customerId: string,
  pickup: Date,
  overrides: Partial<ReservationConfirmedV1> = {},
): EventEnvelope<ReservationConfirmedV1> {
  const reservationId = overrides.reservationId ?? randomUUID();
  return {
    id: randomUUID(),
    type: 'reservation.reservation.confirmed',
    version: 1,
    occurredAt: new Date(pickup.getTime() - 48 * HOUR_MS).toISOString(),
    key: reservationId,
    data: {
      reservationId,
      customerId,
      vehicleId: overrides.vehicleId ?? randomUUID(),
      vehicleName: 'Midnight Model Y',
      model: 'model_y',
      from: pickup.toISOString(),
      to: new Date(pickup.getTime() + 48 * HOUR_MS).toISOString(),
      timeZone: 'America/Chicago',
      totalDueMinor: 25_900,
      currency: 'USD',
      termsVersion: 1,
      freeCancellationUntil: new Date(pickup.getTime() - 24 * HOUR_MS).toISOString(),
      ...overrides,
    },
  };
}

export function eventOf<T>(type: string, key: string, data: T): EventEnvelope<T> {
  return { id: randomUUID(), type, version: 1, occurredAt: new Date().toISOString(), key, data };
}

/** Intl writes narrow no-break spaces in some dates; tests compare with plain ones. */
export const plain = (text: string): string => text.replace(/[\u202f\u00a0]/g, ' ');

/** The notification modules on a fake directory, recording senders and a clock set to `at`. */
export interface NotificationBed {
  directory: FakeAccountDirectory;
  clock: Clock;
  sms: RecordingSms;
  email: RecordingEmail;
  m: NotificationModules;
}

/** A fresh bed over `kysely` (call it in each test's beforeEach). */
export function notificationBed(kysely: Kysely<object>, at: string): NotificationBed {
  const directory = new FakeAccountDirectory();
  const clock = { at: new Date(at) };
  const sms = new RecordingSms();
  const email = new RecordingEmail();
  const m = buildNotificationModules(testDeps(kysely, { account: directory, clock, sms, email }));
  return { directory, clock, sms, email, m };
}
