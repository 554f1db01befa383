import type { Language, Preferences } from '@cybertacotruck/contracts';

/** The preferences form's fields: quiet hours keep their times while switched off. */
export interface PreferencesValues {
  channels: Preferences['channels'];
  quietOn: boolean;
  quiet: { start: string; end: string };
  timeZone: string;
  language: Language;
}

const DEFAULT_QUIET = { start: '22:00', end: '07:00' };

export const toValues = (p: Preferences): PreferencesValues => ({
  channels: p.channels,
  quietOn: p.quietHours !== null,
  quiet: p.quietHours ?? DEFAULT_QUIET,
  timeZone: p.timeZone,
  language: p.language,
});
