import { hash, verify } from '@node-rs/argon2';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum recommendation). */
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A valid hash of nothing anyone knows: unknown users cost the same time as known ones. */
let dummy: Promise<string> | undefined;
export const dummyHash = (): Promise<string> => (dummy ??= hash('dummy password, never matched'));

export const MIN_PASSWORD_LENGTH = 10;

// Shapes that top every leaked-password list once padded to ten characters.
const COMMON = [
  'password',
  'passw0rd',
  'qwerty',
  'azerty',
  'letmein',
  'welcome',
  'iloveyou',
  'admin',
  'abc123',
  'monkey',
  'dragon',
  'football',
  'baseball',
  'sunshine',
  'princess',
  'trustno1',
  'cybertaco',
  'tesla',
];
const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const RUNS = [...SEQUENCES, ...SEQUENCES.map((s) => s.split('').reverse().join(''))];

const deLeet = (text: string) =>
  text
    .replace(/[@4]/g, 'a')
    .replace(/3/g, 'e')
    .replace(/[1!]/g, 'i')
    .replace(/0/g, 'o')
    .replace(/[$5]/g, 's');

/** What is left once common words, keyboard/alphabet runs of 4+ and repeated characters are removed. */
function residue(text: string): string {
  let rest = text;
  for (const word of COMMON) rest = rest.replaceAll(word, '');
  let kept = '';
  for (let i = 0; i < rest.length;) {
    let run = 1;
    while (i + run < rest.length && RUNS.some((r) => r.includes(rest.slice(i, i + run + 1)))) run++;
    if (run >= 4) i += run;
    else kept += rest[i++] ?? '';
  }
  return kept.replace(/(.)\1+/g, '$1');
}

/**
 * zxcvbn-ts with its common-password, name and word dictionaries (language-common): ~1 MB of word
 * lists and ~150 ms to build, so it is loaded on the first password it checks, once per process.
 */
let checker: Promise<ZxcvbnFactory> | undefined;
const loadChecker = (): Promise<ZxcvbnFactory> =>
  (checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([core, common]) =>
      new core.ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }),
  ));

/** zxcvbn's score (0-4) a password must reach: 3 is "safely unguessable" (~10^8 guesses and more). */
export const MIN_PASSWORD_SCORE = 3;

/** zxcvbn's warning keys, said the way the API says everything else. */
const WARNINGS: Record<string, string> = {
  topTen: 'is one of the ten most used passwords',
  topHundred: 'is one of the hundred most used passwords',
  common: 'is a very common password',
  similarToCommon: 'is too similar to a common password',
  wordByItself: 'is a single word, which is easy to guess',
  namesByThemselves: 'is a name, which is easy to guess',
  commonNames: 'is built on a common name',
  userInputs: 'contains your own details',
  straightRow: 'is a row of keys on the keyboard',
  keyPattern: 'is a short keyboard pattern',
  simpleRepeat: 'repeats characters',
  extendedRepeat: 'repeats a pattern',
  sequences: 'is a common sequence',
  recentYears: 'leans on a recent year',
  dates: 'leans on a date',
};

/**
 * Why a password is too weak, or null. Length first (NIST 800-63B prefers length to composition
 * rules), then what a guesser tries first: common words, keyboard and alphabet runs, repetition,
 * the user's own phone, e-mail or name, and finally zxcvbn's estimate against its lists of leaked
 * and common passwords, words and names (`Summer2024!`, `Liverpool1` and `changeme123` fail there).
 */
export async function passwordWeakness(
  password: string,
  personal: { phone?: string; email?: string; name?: string } = {},
): Promise<string | null> {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  const lower = password.toLowerCase();
  if (new Set(lower).size < 5) return 'uses too few different characters';
  if (Math.min(residue(lower).length, residue(deLeet(lower)).length) < 6)
    return 'is too easy to guess (a common word, a keyboard run or repetition)';
  const digits = personal.phone?.replace(/\D/g, '');
  if (digits && digits.length >= 7 && password.replace(/\D/g, '').includes(digits.slice(-7)))
    return 'must not contain your phone number';
  const local = personal.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'must not contain your e-mail address';
  for (const part of personal.name?.toLowerCase().split(/\s+/) ?? []) {
    if (part.length >= 4 && lower.replaceAll(part, '').length < 6) return 'must not be mostly your name';
  }
  const userInputs = [personal.phone, local, ...(personal.name?.split(/\s+/) ?? [])].filter(
    (x): x is string => !!x,
  );
  const result = (await loadChecker()).check(password, userInputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = WARNINGS[result.feedback.warning ?? ''] ?? 'is too easy to guess';
  return `${why}: it appears in or is close to lists of leaked and common passwords; choose a longer one, e.g. three or four unrelated words`;
}
