import { ProblemTypes, type Preferences, type UpdatePreferencesBody } from '@cybertacotruck/contracts';
import { NotFoundError, RuleViolationError } from '@cybertacotruck/platform';
import type { AccountDeps } from '../../deps';

/** Every IANA zone this runtime knows, plus UTC (which the list leaves out). */
const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
export const isTimeZone = (zone: string): boolean => TIME_ZONES.has(zone);

/** What a new user starts with: transactional messages on, marketing off. */
export const defaultPreferences = (): Preferences => ({
  channels: {
    reservation: { sms: true, email: true },
    reminder: { sms: true, email: false },
    account: { sms: true, email: true },
    marketing: { sms: false, email: false },
  },
  quietHours: null,
  timeZone: 'UTC',
  language: 'en',
});

export class PreferencesService {
  constructor(private readonly deps: AccountDeps) {}

  /** The user's preferences; null when there is no such user. */
  async get(userId: string): Promise<Preferences | null> {
    const stored = await this.deps.repos.preferences.find(userId);
    if (stored) return stored;
    return (await this.deps.repos.users.findById(userId)) ? defaultPreferences() : null;
  }

  async update(userId: string, patch: UpdatePreferencesBody): Promise<Preferences> {
    if (patch.timeZone !== undefined && !isTimeZone(patch.timeZone))
      throw new RuleViolationError(`${patch.timeZone} is not a time zone we know.`, [
        {
          location: 'body',
          field: 'timeZone',
          message: 'timeZone must be an IANA time zone such as Europe/Paris or America/New_York',
        },
      ]);
    if (patch.quietHours && patch.quietHours.start === patch.quietHours.end)
      throw new RuleViolationError('Quiet hours must start and end at different times.', [
        {
          location: 'body',
          field: 'quietHours.end',
          message: 'quietHours.end must differ from quietHours.start',
        },
      ]);
    const current = await this.get(userId);
    if (!current) throw new NotFoundError(`No user with id ${userId}.`, ProblemTypes.userNotFound);
    const channels = { ...current.channels };
    for (const kind of Object.keys(channels) as Array<keyof Preferences['channels']>) {
      channels[kind] = { ...channels[kind], ...patch.channels?.[kind] };
    }
    const next: Preferences = {
      channels,
      quietHours: patch.quietHours === undefined ? current.quietHours : patch.quietHours,
      timeZone: patch.timeZone ?? current.timeZone,
      language: patch.language ?? current.language,
    };
    await this.deps.repos.preferences.insert(userId, current);
    await this.deps.repos.preferences.update(userId, next, this.deps.now());
    return next;
  }
}
