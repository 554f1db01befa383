import { sql, type Migration } from 'kysely';

/**
 * The reservation service's reconciliation pages through the active holds and bookings that carry a
 * reference (`GET /claims/referenced`, by id). Released and expired claims pile up forever; this
 * index holds only the few that occupy a vehicle now.
 */
export const m0006_referenced_claims: Migration = {
  async up(db) {
    await sql`create index vehicle_claim_referenced_idx on inventory.vehicle_claim (id)
      where status = 'active' and reference is not null`.execute(db);
  },
};
