/**
 * One Idempotency-Key per user intent ("hold this car for these dates", "confirm this reservation"):
 * a retry after a lost answer sends the same key, so the server replays its first answer instead
 * of acting twice. The key is forgotten once the intent succeeded.
 */
const keys = new Map<string, string>();

export function idempotencyKeyFor(intent: string): string {
  let key = keys.get(intent);
  if (!key) {
    key = randomKey();
    keys.set(intent, key);
  }
  return key;
}

export function forgetIntent(intent: string): void {
  keys.delete(intent);
}

/** `crypto.randomUUID` exists only in secure contexts; a phone on the LAN over plain http gets the fallback. */
function randomKey(): string {
  if (window.isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
