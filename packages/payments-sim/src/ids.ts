import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random base62, as Stripe's ids look after their prefix (`pi_3Qx…`). */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  // 62 does not divide 256; the slight bias is irrelevant for ids.
  for (const byte of bytes) out += ALPHABET.charAt(byte % ALPHABET.length);
  return out;
}

/** `<prefix>_<24 base62>`, e.g. `pi_…`, `ch_…`, `re_…`, `evt_…`, `cus_…`, `pm_…`, `req_…`. */
export function newId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}
