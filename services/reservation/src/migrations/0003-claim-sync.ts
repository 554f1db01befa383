import { sql, type Migration } from 'kysely';

/**
 * What keeps a reservation and its calendar claim agreeing whatever fails between them:
 * - `claim_released_at`: a cancelled or expired reservation's claim is released AFTER the reservation
 *   commits; until this is set the release is owed, and the claim-release worker retries it. Rows
 *   closed before this migration start owed, so a claim an earlier release lost is freed now.
 * - `conflict_reported_at`: a confirmed reservation whose booking the reconciliation could not
 *   restore is reported to the operators once.
 */
export const m0003_claim_sync: Migration = {
  async up(db) {
    await sql`alter table reservation.reservation
      add column claim_released_at timestamptz,
      add column conflict_reported_at timestamptz`.execute(db);
    await sql`create index reservation_release_due_idx on reservation.reservation (updated_at, id)
      where status in ('cancelled', 'expired') and claim_released_at is null`.execute(db);
    await sql`create index reservation_confirmed_end_idx on reservation.reservation (ends_at, id)
      where status = 'confirmed'`.execute(db);
  },
};
