import type { Kysely, Selectable } from 'kysely';
import type { LicencePhotoKind } from '@cybertacotruck/contracts';
import type { AccountTables, DriverVerificationTable } from '../../tables';

export type StoredStatus = DriverVerificationTable['status'];

/** A renter's verification as stored: the licence number still sealed, photos as store keys. */
export interface DriverVerificationRecord {
  userId: string;
  status: StoredStatus;
  licenceNumberSealed: string | null;
  country: string | null;
  region: string | null;
  expiresOn: string | null;
  dateOfBirth: string | null;
  photoKeys: Record<LicencePhotoKind, string | null>;
  submittedAt: Date | null;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionReason: string | null;
  updatedAt: Date;
}

const PHOTO_COLUMN = { front: 'front_key', back: 'back_key', selfie: 'selfie_key' } as const;

const toRecord = (row: Selectable<DriverVerificationTable>): DriverVerificationRecord => ({
  userId: row.user_id,
  status: row.status,
  licenceNumberSealed: row.licence_number_sealed,
  country: row.country,
  region: row.region,
  expiresOn: row.expires_on,
  dateOfBirth: row.date_of_birth,
  photoKeys: { front: row.front_key, back: row.back_key, selfie: row.selfie_key },
  submittedAt: row.submitted_at,
  decidedAt: row.decided_at,
  decidedBy: row.decided_by,
  decisionReason: row.decision_reason,
  updatedAt: row.updated_at,
});

export class DriverVerificationRepository {
  constructor(private readonly db: Kysely<AccountTables>) {}

  async find(userId: string, forUpdate = false): Promise<DriverVerificationRecord | undefined> {
    let query = this.db.selectFrom('account.driver_verification').selectAll().where('user_id', '=', userId);
    if (forUpdate) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row && toRecord(row);
  }

  /** Every verification in `statuses` (all when empty), oldest submission first. */
  async list(statuses: readonly StoredStatus[]): Promise<DriverVerificationRecord[]> {
    let query = this.db.selectFrom('account.driver_verification').selectAll();
    if (statuses.length > 0) query = query.where('status', 'in', [...statuses]);
    const rows = await query.orderBy('submitted_at', 'asc').orderBy('user_id').limit(500).execute();
    return rows.map(toRecord);
  }

  /** A new draft row for a user with none yet (a concurrent first upload keeps the first row). */
  async ensureDraft(userId: string, at: Date): Promise<void> {
    await this.db
      .insertInto('account.driver_verification')
      .values({ user_id: userId, status: 'draft', updated_at: at })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
  }

  /** Sets one photo's key; any given licence goes back to draft, waiting to be submitted again. */
  async setPhoto(userId: string, kind: LicencePhotoKind, key: string, at: Date): Promise<void> {
    await this.db
      .updateTable('account.driver_verification')
      .set({ [PHOTO_COLUMN[kind]]: key, status: 'draft', updated_at: at })
      .where('user_id', '=', userId)
      .execute();
  }

  async submit(
    userId: string,
    licence: {
      licenceNumberSealed: string;
      country: string;
      region: string | null;
      expiresOn: string;
      dateOfBirth: string;
    },
    at: Date,
  ): Promise<void> {
    await this.db
      .updateTable('account.driver_verification')
      .set({
        status: 'pending',
        licence_number_sealed: licence.licenceNumberSealed,
        country: licence.country,
        region: licence.region,
        expires_on: licence.expiresOn,
        date_of_birth: licence.dateOfBirth,
        submitted_at: at,
        decided_at: null,
        decided_by: null,
        decision_reason: null,
        updated_at: at,
      })
      .where('user_id', '=', userId)
      .execute();
  }

  /** Records the decision on a pending verification; false when it is not pending (any more). */
  async decide(
    userId: string,
    decision: { status: 'approved' | 'rejected'; by: string; reason: string | null },
    at: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('account.driver_verification')
      .set({
        status: decision.status,
        decided_at: at,
        decided_by: decision.by,
        decision_reason: decision.reason,
        updated_at: at,
      })
      .where('user_id', '=', userId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
