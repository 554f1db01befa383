import {
  ProblemTypes,
  ReservationEvents,
  type BookingLostReason,
  type Claim,
} from '@cybertacotruck/contracts';
import { PeerError } from '@cybertacotruck/platform';
import { inTransaction, type ReservationDeps } from '../../deps';
import type { ClaimRelease } from '../reservations/claim-release';
import { bookingLostEvent } from '../reservations/reservation.presenter';
import { CLOSED_STATUSES, type ReservationRecord } from '../reservations/reservations.repository';

/** Claims and reservations compared per page. */
const PAGE = 200;
/**
 * A claim younger than this that names a reservation which holds another claim may belong to a
 * request still in flight (a re-placed booking, a retried hold); it is left for the next pass.
 */
export const STRAY_GRACE_MS = 120_000;
/** A restored booking is placed as a hold first; it lapses by itself if the confirm never comes. */
const REBOOK_HOLD_SECONDS = 60;

/** What one pass found and did. */
export interface ReconcileReport {
  /** Closed reservations' claims released (owed releases paid, and active claims found). */
  released: number;
  /** Active claims released because the reservation they name holds another one. */
  strayReleased: number;
  /** Confirmed reservations whose claim was still a hold, turned into a booking. */
  bookingsConfirmed: number;
  /** Confirmed reservations whose booking was gone, booked again. */
  rebooked: number;
  /** Confirmed reservations whose booking could not be restored, reported to the operators (once each). */
  reported: number;
}

const isClosed = (r: ReservationRecord) => (CLOSED_STATUSES as readonly string[]).includes(r.status);
const occupies = (c: Claim | undefined): c is Claim => c !== undefined && c.status === 'active';

/**
 * Finds every disagreement between reservations and the inventory calendar and repairs what it safely
 * can; the reservation is the record that counts. The invariant it restores:
 * - a confirmed reservation ⇔ exactly one active booking, its `claim_id`;
 * - a cancelled or expired reservation ⇔ its claim released (or lapsed).
 * What it repairs: owed releases; active claims of closed reservations; claims that name a
 * reservation holding another claim; a confirmed reservation's claim still a hold (booked now) or
 * gone (booked again when the vehicle is still free). What it cannot — the vehicle was taken, the
 * rental has begun — it reports to the operators (`reservation.reservation.booking_lost`, once).
 * A held reservation with a booking is a confirmation in flight (or crashed): its hold lapses, the
 * expiry releases it. Every step is idempotent, so passes in several processes may overlap.
 */
export class ReconciliationService {
  constructor(
    private readonly deps: ReservationDeps,
    private readonly claims: ClaimRelease,
  ) {}

  async run(): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      released: 0,
      strayReleased: 0,
      bookingsConfirmed: 0,
      rebooked: 0,
      reported: 0,
    };
    report.released += await this.claims.releaseOwed();
    await this.checkClaims(report);
    await this.checkConfirmed(report);
    return report;
  }

  /** Calendar → reservations: every active referenced claim must be its open reservation's claim. */
  private async checkClaims(report: ReconcileReport): Promise<void> {
    const { calendar, repos, logger } = this.deps;
    let after: string | null = null;
    for (;;) {
      const page = await calendar.referencedClaims(after, PAGE);
      const references = [...new Set(page.map((c) => c.reference).filter(isUuid))];
      const reservations = new Map((await repos.reservations.findByIds(references)).map((r) => [r.id, r]));
      for (const claim of page) {
        // Not a reservation's (an orphan hold lapses by itself; an operator's claim is theirs).
        const r = claim.reference === null ? undefined : reservations.get(claim.reference);
        if (!r) continue;
        if (isClosed(r)) {
          await calendar.release(claim.id);
          if (claim.id === r.claimId)
            await repos.reservations.markClaimReleased(r.id, r.claimId, this.deps.now());
          report.released += 1;
          logger.warn(
            { reservationId: r.id, status: r.status, claimId: claim.id },
            'reconciliation: released the claim of a closed reservation',
          );
        } else if (claim.id !== r.claimId && this.age(claim) > STRAY_GRACE_MS) {
          await calendar.release(claim.id);
          report.strayReleased += 1;
          logger.warn(
            { reservationId: r.id, claimId: claim.id, reservationClaimId: r.claimId },
            'reconciliation: released a claim its reservation does not hold',
          );
        }
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE) return;
      after = last.id;
    }
  }

  /** Reservations → calendar: every confirmed reservation not yet over must hold an active booking. */
  private async checkConfirmed(report: ReconcileReport): Promise<void> {
    const { calendar, repos } = this.deps;
    let after: { endsAt: Date; id: string } | null = null;
    for (;;) {
      const page = await repos.reservations.confirmedUntil(this.deps.now(), after, PAGE);
      const claims = new Map((await calendar.claims(page.map((r) => r.claimId))).map((c) => [c.id, c]));
      for (const r of page) {
        const claim = claims.get(r.claimId);
        if (occupies(claim) && claim.kind === 'booking') continue;
        if (occupies(claim) && claim.kind === 'hold' && (await this.confirmHold(r, claim))) {
          report.bookingsConfirmed += 1;
          continue;
        }
        await this.rebook(r, report);
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE) return;
      after = { endsAt: last.to, id: last.id };
    }
  }

  private async confirmHold(r: ReservationRecord, claim: Claim): Promise<boolean> {
    try {
      await this.deps.calendar.confirm(claim.id);
      this.deps.logger.warn(
        { reservationId: r.id, claimId: claim.id },
        'reconciliation: booked the hold of a confirmed reservation',
      );
      return true;
    } catch (error) {
      if (error instanceof PeerError && error.status < 500) return false;
      throw error;
    }
  }

  /**
   * A confirmed reservation whose booking is gone: booked again when the vehicle is still free for its
   * period (hold → the reservation points at it → booking, so a crash at any step leaves either a hold
   * that lapses or a reservation whose hold the next pass books); otherwise reported.
   */
  private async rebook(r: ReservationRecord, report: ReconcileReport): Promise<void> {
    const { calendar, repos, logger } = this.deps;
    const now = this.deps.now();
    if (r.from.getTime() <= now.getTime()) {
      await this.report(
        r,
        'period_started',
        `The rental began at ${r.from.toISOString()}; its calendar booking ${r.claimId} is not active.`,
        report,
      );
      return;
    }
    let hold: Claim;
    try {
      hold = await calendar.placeHold(r.vehicleId, {
        from: r.from.toISOString(),
        to: r.to.toISOString(),
        reference: r.id,
        ttlSeconds: REBOOK_HOLD_SECONDS,
      });
    } catch (error) {
      if (!(error instanceof PeerError) || error.status >= 500) throw error;
      const reason: BookingLostReason =
        error.type === ProblemTypes.vehicleUnavailable ? 'vehicle_taken' : 'vehicle_unavailable';
      await this.report(
        r,
        reason,
        `Booking ${r.claimId} is not active and the vehicle cannot be booked again: ${error.detail}`,
        report,
      );
      return;
    }
    if (!(await repos.reservations.replaceClaim(r.id, r.claimId, hold.id, now))) {
      // The reservation changed meanwhile: cancelled (the hold is not its), or another pass restored
      // it — with this very hold (placing is idempotent by reference), which must then stay.
      const current = await repos.reservations.findById(r.id);
      if (current?.claimId !== hold.id) await calendar.release(hold.id);
      return;
    }
    try {
      await calendar.confirm(hold.id);
    } catch (error) {
      // The reservation now points at a hold that is not a booking yet: the next pass books it, or
      // places it again if it lapsed.
      if (error instanceof PeerError && error.status < 500) return;
      throw error;
    }
    report.rebooked += 1;
    logger.warn(
      { reservationId: r.id, lostClaimId: r.claimId, claimId: hold.id },
      'reconciliation: booked a confirmed reservation again',
    );
  }

  private async report(
    r: ReservationRecord,
    reason: BookingLostReason,
    detail: string,
    report: ReconcileReport,
  ): Promise<void> {
    const at = this.deps.now();
    const first = await inTransaction(this.deps, async (repos) => {
      if (!(await repos.reservations.markConflictReported(r.id, at))) return false;
      await repos.outbox.append(ReservationEvents.bookingLost, r.id, bookingLostEvent(r, reason, detail), at);
      return true;
    });
    if (!first) return;
    report.reported += 1;
    this.deps.logger.error(
      { reservationId: r.id, claimId: r.claimId, reason },
      'reconciliation: a confirmed reservation has no booking; operators alerted',
    );
  }

  private age(claim: Claim): number {
    return this.deps.now().getTime() - Date.parse(claim.createdAt);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: string | null): value is string => value !== null && UUID.test(value);
