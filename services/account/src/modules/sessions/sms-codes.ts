import { randomUUID } from 'node:crypto';
import type { PasswordResetCode } from '@cybertacotruck/contracts';
import { SecretBoxError } from '@cybertacotruck/platform';
import type { AccountDeps, Repositories } from '../../deps';
import { constantTimeEqual, randomCode, sha256 } from '../../lib/secrets';
import type { SmsCodePurpose } from '../../tables';
import type { PasswordResetRecord } from './password-resets.repository';

/** Wrong codes a code survives; the next one kills it. */
export const MAX_CODE_ATTEMPTS = 5;
/** Codes sent per user and purpose per validity window: enough for a lost SMS, too few to spam a phone. */
export const MAX_CODES_PER_WINDOW = 3;

/**
 * The machinery of a 6-digit code sent by SMS to a signed-up user, shared by password resets and
 * phone changes: the code is stored as SHA-256 with its row id, and sealed (SecretBox, the purpose
 * and row id as associated data) for the notification service's sender, which asks for it when it
 * sends; it expires, is used once, and dies after MAX_CODE_ATTEMPTS wrong tries. The caller
 * writes its event in the same transaction as `issue`.
 */
export class SmsCodes {
  constructor(
    private readonly deps: AccountDeps,
    readonly purpose: SmsCodePurpose,
  ) {}

  private sealContext(id: string): string {
    return `${this.purpose}:${id}`;
  }

  private codeHashFor(id: string, code: string): string {
    return sha256(`${id}:${code}`);
  }

  /** How many codes the user was sent within `windowMs`, and when the window frees a slot again. */
  async recent(userId: string, windowMs: number): Promise<{ count: number; retryAfterSeconds: number }> {
    const at = this.deps.now().getTime();
    const { count, oldest } = await this.deps.repos.passwordResets.countRecent(
      userId,
      this.purpose,
      new Date(at - windowMs),
    );
    const freesAt = oldest ? oldest.getTime() + windowMs : at;
    return { count, retryAfterSeconds: Math.max(1, Math.ceil((freesAt - at) / 1000)) };
  }

  /** A new code for the user (any earlier open one of this purpose stops working), in `tx`. */
  async issue(
    tx: Repositories,
    input: { userId: string; phone?: string; ttlMs: number; at: Date },
  ): Promise<{ id: string; expiresAt: Date }> {
    const id = randomUUID();
    const code = randomCode();
    const expiresAt = new Date(input.at.getTime() + input.ttlMs);
    await tx.passwordResets.replace({
      id,
      userId: input.userId,
      purpose: this.purpose,
      ...(input.phone ? { phone: input.phone } : {}),
      codeHash: this.codeHashFor(id, code),
      codeSealed: this.deps.box.seal(code, this.sealContext(id)),
      expiresAt,
      at: input.at,
    });
    return { id, expiresAt };
  }

  /** The user's open code, if any can still be tried. */
  async open(userId: string): Promise<PasswordResetRecord | undefined> {
    const open = await this.deps.repos.passwordResets.findOpen(userId, this.purpose, this.deps.now());
    return open && open.failedAttempts < MAX_CODE_ATTEMPTS ? open : undefined;
  }

  matches(record: PasswordResetRecord, code: string): boolean {
    return constantTimeEqual(this.codeHashFor(record.id, code), record.codeHash);
  }

  /** Counts a wrong code; returns how many tries are left. */
  async recordWrong(record: PasswordResetRecord): Promise<number> {
    const failed = await this.deps.repos.passwordResets.recordFailedAttempt(record.id);
    return Math.max(0, MAX_CODE_ATTEMPTS - failed);
  }

  /** Uses the code, in the transaction that acts on it: false when it was used (or died) meanwhile. */
  use(tx: Repositories, record: PasswordResetRecord, at: Date): Promise<boolean> {
    return tx.passwordResets.use(record.id, at, MAX_CODE_ATTEMPTS);
  }

  /** For the notification service's sender: the code, only while it is open and usable. */
  async secretFor(id: string): Promise<PasswordResetCode> {
    const record = await this.deps.repos.passwordResets.findById(id, this.purpose);
    if (!record) return { state: 'missing', code: null };
    if (record.usedAt || !record.codeSealed) return { state: 'used', code: null };
    if (record.failedAttempts >= MAX_CODE_ATTEMPTS) return { state: 'locked', code: null };
    if (record.expiresAt <= this.deps.now()) return { state: 'expired', code: null };
    try {
      return { state: 'pending', code: this.deps.box.open(record.codeSealed, this.sealContext(id)) };
    } catch (error) {
      if (!(error instanceof SecretBoxError)) throw error;
      // A key dropped from SECRET_KEYS, or a tampered row: this code cannot be sent; the user asks again.
      this.deps.logger.error(
        { codeId: id, purpose: this.purpose, reason: error.message },
        'SMS code does not open',
      );
      return { state: 'used', code: null };
    }
  }
}
