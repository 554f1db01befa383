import { randomUUID } from 'node:crypto';
import {
  AccountEvents,
  LICENCE_PHOTO_KINDS,
  LICENCE_PHOTO_MAX_BYTES,
  ProblemTypes,
  type DriverEligibility,
  type DriverVerification,
  type DriverVerificationDecisionBody,
  type DriverVerificationStatus,
  type LicencePhotoKind,
  type SubmitDriverVerificationBody,
} from '@cybertacotruck/contracts';
import { ConflictError, DomainError, NotFoundError, RuleViolationError } from '@cybertacotruck/platform';
import { inTransaction, type AccountDeps } from '../../deps';
import type { UserRecord } from '../users/users.repository';
import type { DriverVerificationRecord, StoredStatus } from './driver-verification.repository';
import { photoTypeOf } from './photo-type';
import type { PhotoStore } from './photo-store';

const KIND_NAMES: Record<LicencePhotoKind, string> = {
  front: 'the front of the licence',
  back: 'the back of the licence',
  selfie: 'a selfie',
};

/** The UTC date of an instant, YYYY-MM-DD. */
export const utcDate = (at: Date): string => at.toISOString().slice(0, 10);

/** Whole years from `dateOfBirth` to `on` (both YYYY-MM-DD): the age on that day. */
export function ageOn(dateOfBirth: string, on: string): number {
  const [by = 0, bm = 0, bd = 0] = dateOfBirth.split('-').map(Number);
  const [y = 0, m = 0, d = 0] = on.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** What a renter or an operator sees: an approved licence past its expiry reads `expired`. */
export function effectiveStatus(
  record: Pick<DriverVerificationRecord, 'status' | 'expiresOn'> | undefined,
  today: string,
): DriverVerificationStatus {
  if (!record) return 'none';
  if (record.status === 'approved' && record.expiresOn !== null && record.expiresOn < today) return 'expired';
  return record.status;
}

/** A photo store that was not configured (production without LICENCE_PHOTO_BUCKET). */
class PhotoStoreMissing extends DomainError {
  constructor() {
    super(
      ProblemTypes.unavailable,
      503,
      'Unavailable',
      'Licence photos cannot be stored: the operator has not configured photo storage (LICENCE_PHOTO_BUCKET).',
    );
  }
}

/**
 * Driver verification: the renter uploads three photos (sealed with SECRET_KEYS before they reach
 * the photo store), then submits the licence's details; an operator approves or rejects it with a
 * reason, which the renter is told through the notification service (an event in the outbox).
 * The reservation service asks `eligibility` before every confirmation.
 */
export class DriverVerificationService {
  constructor(
    private readonly deps: AccountDeps,
    private readonly store: PhotoStore | null,
  ) {}

  private today(): string {
    return utcDate(this.deps.now());
  }

  private photoContext = (userId: string, key: string) => `driver-licence-photo:${userId}:${key}`;
  private numberContext = (userId: string) => `driver-licence-number:${userId}`;

  /** The renter's own verification (licence number masked). */
  async mine(userId: string): Promise<DriverVerification> {
    return this.present(userId, await this.deps.repos.driverVerifications.find(userId), false);
  }

  /**
   * Stores one photo: its size and its first bytes decide whether it is a JPEG or PNG (the
   * declared type must agree). A licence already given goes back to draft until submitted again.
   */
  async uploadPhoto(
    userId: string,
    kind: LicencePhotoKind,
    declaredType: string | undefined,
    bytes: Buffer,
  ): Promise<DriverVerification> {
    if (bytes.length === 0)
      throw new RuleViolationError(`The photo of ${KIND_NAMES[kind]} is empty.`, [
        { field: 'body', location: 'body', message: 'send the photo itself' },
      ]);
    if (bytes.length > LICENCE_PHOTO_MAX_BYTES)
      throw new DomainError(
        ProblemTypes.payloadTooLarge,
        413,
        'Payload too large',
        `The photo is ${(bytes.length / 1048576).toFixed(1)} MB; at most ${LICENCE_PHOTO_MAX_BYTES / 1048576} MB is accepted.`,
      );
    const actual = photoTypeOf(bytes);
    const declared = declaredType?.split(';')[0]?.trim().toLowerCase();
    if (!actual || (declared !== actual && declared !== 'application/octet-stream'))
      throw new DomainError(
        ProblemTypes.unsupportedMediaType,
        415,
        'Unsupported media type',
        actual
          ? `The photo is a ${actual} but was sent as ${declared ?? 'nothing'}; send it as ${actual}.`
          : 'The photo must be a JPEG or PNG image (its contents are not one). Take the photo again or choose another.',
      );
    const store = this.requireStore();
    const at = this.deps.now();
    await this.deps.repos.driverVerifications.ensureDraft(userId, at);
    const key = `${userId}/${randomUUID()}-${kind}`;
    await store.put(key, this.deps.box.sealBytes(bytes, this.photoContext(userId, key)));
    const previous = await inTransaction(this.deps, async (repos) => {
      const current = await repos.driverVerifications.find(userId, true);
      await repos.driverVerifications.setPhoto(userId, kind, key, at);
      return current?.photoKeys[kind] ?? null;
    });
    // The replaced photo is of no further use: deleted after the new key committed (best effort).
    if (previous) await store.delete(previous).catch(() => undefined);
    return this.mine(userId);
  }

  /** Submits the licence for an operator to check: every photo first, a licence still valid. */
  async submit(userId: string, body: SubmitDriverVerificationBody): Promise<DriverVerification> {
    const today = this.today();
    return inTransaction(this.deps, async (repos) => {
      const current = await repos.driverVerifications.find(userId, true);
      const missing = LICENCE_PHOTO_KINDS.filter((kind) => !current?.photoKeys[kind]);
      if (!current || missing.length > 0)
        throw new RuleViolationError(
          `Add ${missing.map((kind) => KIND_NAMES[kind]).join(', ')} before sending your licence.`,
          missing.map((kind) => ({
            field: `photos.${kind}`,
            location: 'body' as const,
            message: `a photo of ${KIND_NAMES[kind]} is needed`,
          })),
        );
      if (current.status === 'pending' || current.status === 'approved')
        throw new ConflictError(
          current.status === 'pending'
            ? 'Your licence is already waiting for a check. Change a photo to send it again.'
            : 'Your licence is already approved. Change a photo to send a new one.',
          ProblemTypes.driverVerificationNotPending,
        );
      const errors = [];
      if (body.expiresOn <= today)
        errors.push({ field: 'expiresOn', location: 'body' as const, message: 'this licence has expired' });
      if (body.dateOfBirth >= today || ageOn(body.dateOfBirth, today) > 120)
        errors.push({
          field: 'dateOfBirth',
          location: 'body' as const,
          message: 'not a possible date of birth',
        });
      else if (ageOn(body.dateOfBirth, today) < 16)
        errors.push({
          field: 'dateOfBirth',
          location: 'body' as const,
          message: 'drivers must be at least 16',
        });
      if (errors.length > 0)
        throw new RuleViolationError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
      const at = this.deps.now();
      await repos.driverVerifications.submit(
        userId,
        {
          licenceNumberSealed: this.deps.box.seal(
            body.licenceNumber.toUpperCase(),
            this.numberContext(userId),
          ),
          country: body.country,
          region: body.region ?? null,
          expiresOn: body.expiresOn,
          dateOfBirth: body.dateOfBirth,
        },
        at,
      );
      return this.present(userId, await repos.driverVerifications.find(userId), false);
    });
  }

  /** Operators: every verification (or those in one state), each with its customer. */
  async list(status?: DriverVerificationStatus): Promise<DriverVerification[]> {
    const today = this.today();
    const stored: StoredStatus[] =
      status === undefined || status === 'none' ? [] : status === 'expired' ? ['approved'] : [status];
    if (status === 'none') return [];
    const records = await this.deps.repos.driverVerifications.list(stored);
    const items: DriverVerification[] = [];
    for (const record of records) {
      if (status !== undefined && effectiveStatus(record, today) !== status) continue;
      const user = await this.deps.repos.users.findById(record.userId);
      if (user) items.push(this.present(record.userId, record, true, user));
    }
    return items;
  }

  /** Operators: one customer's verification, whole. */
  async forOperator(userId: string): Promise<DriverVerification> {
    const user = await this.deps.repos.users.findById(userId);
    if (!user) throw new NotFoundError(`No user with id ${userId}.`, ProblemTypes.userNotFound);
    return this.present(userId, await this.deps.repos.driverVerifications.find(userId), true, user);
  }

  /** Operators: one photo, opened. */
  async photo(userId: string, kind: LicencePhotoKind): Promise<{ contentType: string; bytes: Buffer }> {
    const record = await this.deps.repos.driverVerifications.find(userId);
    const key = record?.photoKeys[kind];
    const notFound = () =>
      new NotFoundError(
        `There is no photo of ${KIND_NAMES[kind]} for this customer.`,
        ProblemTypes.driverVerificationNotFound,
      );
    if (!key) throw notFound();
    const sealed = await this.requireStore().get(key);
    if (!sealed) throw notFound();
    const bytes = this.deps.box.openBytes(sealed, this.photoContext(userId, key));
    return { contentType: photoTypeOf(bytes) ?? 'application/octet-stream', bytes };
  }

  /** Operators: approve, or reject with a reason; the renter is told (event → notification). */
  async decide(
    operatorId: string,
    userId: string,
    body: DriverVerificationDecisionBody,
  ): Promise<DriverVerification> {
    const at = this.deps.now();
    const reason = body.decision === 'reject' ? body.reason : null;
    const status = body.decision === 'approve' ? 'approved' : 'rejected';
    return inTransaction(this.deps, async (repos) => {
      const user = await repos.users.findById(userId);
      if (!user) throw new NotFoundError(`No user with id ${userId}.`, ProblemTypes.userNotFound);
      const current = await repos.driverVerifications.find(userId, true);
      if (!current)
        throw new NotFoundError(
          `${user.name} has not given a licence.`,
          ProblemTypes.driverVerificationNotFound,
        );
      if (!(await repos.driverVerifications.decide(userId, { status, by: operatorId, reason }, at)))
        throw new ConflictError(
          `${user.name}'s licence is ${effectiveStatus(current, utcDate(at))}, not waiting for a decision${current.status === 'draft' ? ' (they are changing it)' : ''}.`,
          ProblemTypes.driverVerificationNotPending,
        );
      await repos.outbox.append(
        AccountEvents.driverVerificationDecided,
        userId,
        { userId, decision: status, reason, decidedBy: operatorId, at: at.toISOString() },
        at,
      );
      return this.present(userId, await repos.driverVerifications.find(userId), true, user);
    });
  }

  /** For the reservation service: the state, the licence's expiry and the date of birth. */
  async eligibility(userId: string): Promise<DriverEligibility> {
    const record = await this.deps.repos.driverVerifications.find(userId);
    return {
      userId,
      status: effectiveStatus(record, this.today()),
      expiresOn: record?.expiresOn ?? null,
      dateOfBirth: record?.dateOfBirth ?? null,
    };
  }

  private requireStore(): PhotoStore {
    if (!this.store) throw new PhotoStoreMissing();
    return this.store;
  }

  private present(
    userId: string,
    record: DriverVerificationRecord | undefined,
    operator: boolean,
    user?: UserRecord,
  ): DriverVerification {
    const number = record?.licenceNumberSealed
      ? this.deps.box.open(record.licenceNumberSealed, this.numberContext(userId))
      : null;
    return {
      userId,
      status: effectiveStatus(record, this.today()),
      licenceNumber: number === null ? null : operator ? number : `••••${number.slice(-4)}`,
      country: record?.country ?? null,
      region: record?.region ?? null,
      expiresOn: record?.expiresOn ?? null,
      dateOfBirth: record?.dateOfBirth ?? null,
      photos: {
        front: Boolean(record?.photoKeys.front),
        back: Boolean(record?.photoKeys.back),
        selfie: Boolean(record?.photoKeys.selfie),
      },
      submittedAt: record?.submittedAt?.toISOString() ?? null,
      decidedAt: record?.decidedAt?.toISOString() ?? null,
      decisionReason: record?.decisionReason ?? null,
      ...(operator && user
        ? { customer: { id: user.id, name: user.name, phone: user.phone, email: user.email } }
        : {}),
    };
  }
}
