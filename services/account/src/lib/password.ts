import { hash, verify } from '@node-rs/argon2';

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
 * Why a password is too weak, or null. Length first (NIST 800-63B prefers length to composition
 * rules), then what a guesser tries first: common words, keyboard and alphabet runs, repetition,
 * and the user's own phone, e-mail or name.
 */
export function passwordWeakness(
  password: string,
  personal: { phone?: string; email?: string; name?: string } = {},
): string | null {
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
  return null;
}
