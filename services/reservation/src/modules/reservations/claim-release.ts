import type { ReservationDeps } from '../../deps';
import type { ReservationRecord } from './reservations.repository';

/** Owed releases freed per page by the worker. */
const PAGE = 100;

/**
 * The calendar side of closing a reservation. A cancellation or expiry commits FIRST (the reservation
 * is closed, its event written, its release owed: `claim_released_at` null); only then is the claim
 * released. A failure between the two leaves the vehicle blocked a little longer — never free while a
 * reservation still holds it — and the claim-release worker pays what is owed.
 */
export class ClaimRelease {
  constructor(private readonly deps: ReservationDeps) {}

  /** Releases each closed reservation's claim and records it; a failure leaves that one owed. */
  async release(reservations: readonly ReservationRecord[]): Promise<number> {
    let released = 0;
    for (const r of reservations) {
      try {
        await this.deps.calendar.release(r.claimId);
        await this.deps.repos.reservations.markClaimReleased(r.id, r.claimId, this.deps.now());
        released += 1;
      } catch (error) {
        this.deps.logger.warn(
          { err: error, reservationId: r.id, claimId: r.claimId },
          'calendar claim not released yet; the claim-release worker retries',
        );
      }
    }
    return released;
  }

  /** Pays every owed release it can, oldest first; stops at the first page that did not all go through. */
  async releaseOwed(): Promise<number> {
    let total = 0;
    for (;;) {
      const owed = await this.deps.repos.reservations.releaseDue(PAGE);
      const released = await this.release(owed);
      total += released;
      if (owed.length < PAGE || released < owed.length) return total;
    }
  }
}
