import {
  ProblemTypes,
  ReservationEvents,
  type Dispute,
  type DisputeBody,
  type DisputeList,
  type LifecycleActor,
  type Principal,
  type Rental,
  type VehicleReadings,
} from '@cybertacotruck/contracts';
import { ConflictError, NotFoundError } from '@cybertacotruck/platform';
import type { ReadingsClient } from '../../clients/inventory-readings.client';
import { repositories, type Repositories, type ReservationDeps } from '../../deps';
import type { ClaimRelease } from '../reservations/claim-release';
import { returnCharges, totalOf } from './charges';
import { noShowEvent, pickedUpEvent, presentDispute, presentRental, returnedEvent } from './rental.presenter';
import { RentalRepository, type RentalRecord } from './rental.repository';

const MINUTE_MS = 60_000;
/** Rows per sweep transaction (no-shows) and cars asked about per sweep (returns). */
const SWEEP_BATCH = 100;

/**
 * The rental after confirmation: pickup (the car's readings recorded; active), return (readings
 * again, the charges of the reservation's terms version, the booking released), no-show. Each
 * transition commits with its event; repeating one that already happened answers the same rental
 * and changes nothing, so an operator's retry or a sweep racing an operator is harmless.
 */
export class RentalService {
  private readonly rentals: RentalRepository;

  constructor(
    private readonly deps: ReservationDeps,
    private readonly readings: ReadingsClient,
    private readonly claims: ClaimRelease,
  ) {
    this.rentals = new RentalRepository(deps.db);
  }

  /** The rental of a reservation the caller may see (a customer only their own). */
  async rental(principal: Principal, id: string): Promise<Rental> {
    const r = await this.visible(principal, id);
    return presentRental(r, await this.rentals.disputes({ reservationId: r.id, limit: 100 }));
  }

  /** The renter collected the car: readings now, confirmed → picked_up. */
  async pickup(id: string, by: LifecycleActor = 'operator'): Promise<Rental> {
    const r = await this.found(id);
    if (r.status === 'picked_up' || r.status === 'returned') return this.present(r);
    if (r.status !== 'confirmed')
      throw new ConflictError(
        `Reservation ${id} is ${r.status.replace('_', ' ')}; only a confirmed reservation can be picked up.`,
        ProblemTypes.reservationNotConfirmed,
      );
    const readings = await this.readings.read(r.vehicleId);
    const at = this.deps.now();
    const picked = await this.inTransaction(async (rentals, repos) => {
      const row = await rentals.markPickedUp(id, at, by, readings);
      if (row) await repos.outbox.append(ReservationEvents.pickedUp, id, pickedUpEvent(row), at);
      return row;
    });
    // Lost a race (an operator's double tap, a no-show sweep): answer what the reservation is now.
    return picked ? this.present(picked) : this.pickup(id, by);
  }

  /**
   * The car is back: readings now, the charges of the reservation's terms version, picked_up →
   * returned with its event; then the booking is released (the car is free for others).
   */
  async return(id: string, by: LifecycleActor = 'operator', known?: VehicleReadings): Promise<Rental> {
    const r = await this.found(id);
    if (r.status === 'returned') return this.present(r);
    if (r.status !== 'picked_up')
      throw new ConflictError(
        `Reservation ${id} is ${r.status.replace('_', ' ')}; only a picked-up rental can be returned.`,
        ProblemTypes.reservationNotPickedUp,
      );
    const readings = known ?? (await this.readings.read(r.vehicleId));
    const at = this.deps.now();
    const terms = await this.deps.repos.terms.find(r.termsVersion);
    const charges = returnCharges({
      fees: terms?.returnFees ?? null,
      days: r.quote.days,
      currency: r.quote.currency,
      pickup: r.pickupReadings,
      returned: readings,
      endsAt: r.to,
      returnedAt: at,
    });
    const returned = await this.inTransaction(async (rentals, repos) => {
      const row = await rentals.markReturned(id, at, by, readings, charges, totalOf(charges));
      if (row) await repos.outbox.append(ReservationEvents.returned, id, returnedEvent(row), at);
      return row;
    });
    if (!returned) return this.return(id, by);
    await this.claims.release([returned]);
    return this.present(returned);
  }

  /** A renter's message disputing the receipt of their returned rental; stored for the operators. */
  async dispute(principal: Principal, id: string, body: DisputeBody): Promise<Dispute> {
    const r = await this.visible(principal, id);
    if (principal.role !== 'customer' || r.customerId !== principal.userId)
      throw new NotFoundError(`No reservation with id ${id}.`, ProblemTypes.reservationNotFound);
    if (r.status !== 'returned')
      throw new ConflictError(
        `Reservation ${id} is ${r.status.replace('_', ' ')}; a receipt can be disputed once the car is returned.`,
        ProblemTypes.reservationNotReturned,
      );
    const at = this.deps.now();
    const disputeId = await this.rentals.addDispute({
      reservationId: id,
      customerId: r.customerId,
      message: body.message.trim(),
      at,
    });
    return presentDispute({
      id: disputeId,
      reservationId: id,
      customerId: r.customerId,
      vehicleName: r.vehicleName,
      message: body.message.trim(),
      createdAt: at,
    });
  }

  /** Every dispute, newest first (operators). */
  async disputes(limit = 200): Promise<DisputeList> {
    return { items: (await this.rentals.disputes({ limit })).map(presentDispute) };
  }

  /**
   * The sweep's first half: confirmed reservations not picked up within the grace after their start
   * become no-shows (with their event), and their bookings are released.
   */
  async markNoShows(): Promise<RentalRecord[]> {
    const all: RentalRecord[] = [];
    for (;;) {
      const at = this.deps.now();
      const cutoff = new Date(at.getTime() - this.deps.config.RESERVATION_NO_SHOW_GRACE_MINUTES * MINUTE_MS);
      const batch = await this.inTransaction(async (rentals, repos) => {
        const rows = await rentals.markNoShows(cutoff, at, SWEEP_BATCH);
        await repos.outbox.appendMany(
          ReservationEvents.noShow,
          rows.map((r) => ({ key: r.id, data: noShowEvent(r), occurredAt: at })),
        );
        return rows;
      });
      await this.claims.release(batch);
      all.push(...batch);
      if (batch.length < SWEEP_BATCH) return all;
    }
  }

  /**
   * The sweep's second half: a picked-up car whose period is over, parked within the return radius
   * of its home location, is returned (by 'automatic'), charged as an operator's return would be.
   * A car still driving, away, or never located stays out (the operator marks it by hand).
   */
  async detectReturns(): Promise<RentalRecord[]> {
    const returned: RentalRecord[] = [];
    for (const r of await this.rentals.overdue(this.deps.now(), SWEEP_BATCH)) {
      try {
        const readings = await this.readings.read(r.vehicleId);
        if (!isHome(readings, this.deps.config.RESERVATION_RETURN_RADIUS_M)) continue;
        await this.return(r.id, 'automatic', readings);
        returned.push(r);
      } catch (error) {
        this.deps.logger.warn({ err: error, reservationId: r.id }, 'automatic return check failed');
      }
    }
    return returned;
  }

  /** One transaction, with the rental repository and the others (the outbox) bound to it. */
  private inTransaction<T>(work: (rentals: RentalRepository, repos: Repositories) => Promise<T>): Promise<T> {
    return this.deps.db.transaction().execute((trx) => work(new RentalRepository(trx), repositories(trx)));
  }

  private async present(r: RentalRecord): Promise<Rental> {
    return presentRental(r, await this.rentals.disputes({ reservationId: r.id, limit: 100 }));
  }

  private async found(id: string): Promise<RentalRecord> {
    const r = await this.rentals.find(id);
    if (!r) throw new NotFoundError(`No reservation with id ${id}.`, ProblemTypes.reservationNotFound);
    return r;
  }

  private async visible(principal: Principal, id: string): Promise<RentalRecord> {
    const r = await this.rentals.find(id);
    if (!r || (principal.role === 'customer' && r.customerId !== principal.userId))
      throw new NotFoundError(`No reservation with id ${id}.`, ProblemTypes.reservationNotFound);
    return r;
  }
}

/** Parked (not driving, not charging away from home) within `radiusM` of its home location. */
export const isHome = (readings: VehicleReadings, radiusM: number): boolean =>
  readings.activity === 'parked' &&
  readings.distanceFromHomeM !== null &&
  readings.distanceFromHomeM <= radiusM;
