import { randomUUID } from 'node:crypto';
import {
  ProblemTypes,
  ReservationEvents,
  type CancelReservationBody,
  type ConfirmReservationBody,
  type CreateReservationBody,
  type PaymentActionRequired,
  type Principal,
  type Reservation,
  type ReservationList,
  type ReservationListQuery,
  type ReservationStatus,
} from '@cybertacotruck/contracts';
import { ConflictError, NotFoundError, PeerError, RuleViolationError } from '@cybertacotruck/platform';
import { inTransaction, type Repositories, type ReservationDeps } from '../../deps';
import type { Answer, IdempotencyService } from '../idempotency/idempotency.service';
import { requirePeriod } from '../quotes/period';
import { vehicleNotFound, type QuotesService } from '../quotes/quotes.service';
import { localTime } from '../quotes/rental-days';
import { reservationCalendar } from './reservation-ics';
import type { TermsService } from '../terms/terms.service';
import {
  cancelledEvent,
  confirmedEvent,
  expiredEvent,
  heldEvent,
  mayCancel,
  presentReservation,
} from './reservation.presenter';
import type { ClaimRelease } from './claim-release';
import type { PaymentsService } from '../payments/payments.service';
import type { ReservationFilter, ReservationRecord } from './reservations.repository';

const HOUR_MS = 3_600_000;
const plural = (n: number, noun: string) => `${String(n)} ${noun}${n === 1 ? '' : 's'}`;
/** Lapsed holds expired per transaction by the sweep. */
const SWEEP_BATCH = 100;

/** Who acts, and with which Idempotency-Key. */
export interface Caller {
  principal: Principal;
  idempotencyKey: string;
}

/**
 * A customer's reservation: held (the vehicle is held in the inventory calendar while the terms are
 * read) → confirmed (the hold becomes a booking) → cancelled; a hold never confirmed expires. Every
 * change commits with its outbox event and, for requests, with the idempotency key's answer.
 */
export class ReservationsService {
  constructor(
    private readonly deps: ReservationDeps,
    private readonly idempotency: IdempotencyService,
    private readonly quotes: QuotesService,
    private readonly terms: TermsService,
    private readonly claims: ClaimRelease,
    /** Absent or off (no Stripe configured outside production): confirmations take no payment. */
    private readonly payments?: PaymentsService,
  ) {}

  /** Whom renters call when a reservation's pickup location has no phone of its own. */
  private get operatorContact(): string | null {
    return this.deps.config.OPERATOR_CONTACT_PHONE ?? null;
  }

  async create({ principal, idempotencyKey }: Caller, body: CreateReservationBody): Promise<Reservation> {
    const request = {
      userId: principal.userId,
      key: idempotencyKey,
      operation: 'reservation.create',
      body,
      // Chosen before anything happens and kept with the key: every retry holds and stores this id.
      reservationId: randomUUID(),
    };
    const answer = await this.idempotency.run(request, async (lease): Promise<Answer<Reservation>> => {
      const { calendar, config } = this.deps;
      const period = requirePeriod(body.from, body.to, this.quotes.rules, this.deps.now(), 'body');
      const timeZone = this.quotes.timeZone(body.timeZone, 'body');
      const vehicle = await calendar.vehicle(body.vehicleId);
      if (!vehicle) throw vehicleNotFound(body.vehicleId);
      if (!vehicle.inService)
        throw new ConflictError(
          `${vehicle.displayName} is out of service and cannot be reserved.`,
          ProblemTypes.vehicleOutOfService,
        );
      const quote = await this.quotes.price(vehicle.model, period, timeZone);
      const terms = await this.terms.current();
      // Checked first without a lock so a customer at the limit holds no car even for a moment;
      // checked again under the customer's lock in the transaction below, which decides.
      await this.withinLimits(this.deps.repos, principal, lease.reservationId);
      // Idempotent by reference: a retry after a crash gets the hold the first attempt placed.
      const claim = await calendar.placeHold(vehicle.id, {
        from: quote.from,
        to: quote.to,
        reference: lease.reservationId,
        ttlSeconds: config.RESERVATION_HOLD_SECONDS,
      });
      const at = this.deps.now();
      const record: ReservationRecord = {
        id: lease.reservationId,
        customerId: principal.userId,
        vehicleId: vehicle.id,
        vehicleModel: vehicle.model,
        vehicleName: vehicle.displayName,
        pickupLocation: vehicle.homeLocation,
        from: period.from,
        to: period.to,
        timeZone,
        status: 'held',
        claimId: claim.id,
        holdExpiresAt: claim.expiresAt
          ? new Date(claim.expiresAt)
          : new Date(at.getTime() + config.RESERVATION_HOLD_SECONDS * 1000),
        quote: {
          pickupDate: quote.pickupDate,
          returnDate: quote.returnDate,
          days: quote.days,
          dailyRateMinor: quote.dailyRateMinor,
          subtotalMinor: quote.subtotalMinor,
          depositMinor: quote.depositMinor,
          totalDueMinor: quote.totalDueMinor,
          currency: quote.currency,
        },
        termsVersion: terms.version,
        termsAcceptedAt: null,
        freeCancelUntil: new Date(period.from.getTime() - config.RESERVATION_FREE_CANCEL_HOURS * HOUR_MS),
        cancelledBy: null,
        cancelledAt: null,
        cancelReason: null,
        claimReleasedAt: null,
        createdAt: at,
        updatedAt: at,
      };
      const answer = { status: 201, body: presentReservation(record, principal, at, this.operatorContact) };
      try {
        await inTransaction(this.deps, async (repos) => {
          await this.idempotency.hold(repos, lease);
          if (principal.role !== 'operator') await repos.reservations.lockCustomer(principal.userId);
          await this.withinLimits(repos, principal, record.id);
          await repos.reservations.insert(record);
          await repos.outbox.append(ReservationEvents.held, record.id, heldEvent(record), at);
          await this.idempotency.record(repos, lease, answer);
        });
      } catch (error) {
        // Another of the customer's holds committed first: this hold has no reservation and
        // would lapse on its own; releasing it now frees the car at once (best effort).
        if (error instanceof ConflictError && error.type === ProblemTypes.reservationLimitReached)
          await calendar.release(claim.id).catch(() => undefined);
        throw error;
      }
      return answer;
    });
    return answer.body;
  }

  /**
   * A customer's open holds and reservations against RESERVATION_MAX_ACTIVE_HOLDS and
   * RESERVATION_MAX_UPCOMING (holds need no payment: without a limit one customer can hold the
   * whole fleet). Operators are not limited. Race-free only under `lockCustomer`.
   */
  private async withinLimits(
    repos: Repositories,
    principal: Principal,
    reservationId: string,
  ): Promise<void> {
    if (principal.role === 'operator') return;
    const { RESERVATION_MAX_ACTIVE_HOLDS: maxHolds, RESERVATION_MAX_UPCOMING: maxUpcoming } =
      this.deps.config;
    const open = await repos.reservations.openCounts(principal.userId, this.deps.now(), reservationId);
    if (open.holds >= maxHolds)
      throw new ConflictError(
        `You already have ${plural(open.holds, 'reservation')} waiting for confirmation, the most at once. Confirm or cancel one before reserving another car.`,
        ProblemTypes.reservationLimitReached,
      );
    if (open.upcoming >= maxUpcoming)
      throw new ConflictError(
        `You already have ${plural(open.upcoming, 'upcoming reservation')}, the most at once. Another can be made once one is over or cancelled.`,
        ProblemTypes.reservationLimitReached,
      );
  }

  async confirm(
    { principal, idempotencyKey }: Caller,
    id: string,
    body: ConfirmReservationBody,
  ): Promise<Reservation | PaymentActionRequired> {
    const request = {
      userId: principal.userId,
      key: idempotencyKey,
      operation: `reservation.confirm:${id}`,
      body,
      reservationId: id,
    };
    type ConfirmAnswer = Answer<Reservation | PaymentActionRequired>;
    const answer = await this.idempotency.run(request, async (lease): Promise<ConfirmAnswer> => {
      const reservation = await this.visible(principal, id);
      if (reservation.status !== 'held') throw notHeld(reservation);
      if (reservation.holdExpiresAt && reservation.holdExpiresAt <= this.deps.now()) {
        await this.expireNow(reservation);
        throw holdExpired(reservation);
      }
      const terms = await this.terms.current();
      if (body.termsVersion !== terms.version)
        throw new ConflictError(
          `The terms changed while you were reading them: version ${terms.version} is current (you accepted ${body.termsVersion}). Read version ${terms.version} and confirm with it.`,
          ProblemTypes.termsOutdated,
        );
      // Before any money or booking: a licence approved, valid through the return, old enough for
      // the model (RESERVATION_DRIVER_VERIFICATION; the account service keeps the licence).
      await this.deps.drivers?.require(reservation);
      // Paid first (rental charged, deposit held), booked second: a decline changes nothing here, and
      // money taken for a hold that then lapses is given back when its expiry event is handled.
      if (this.payments?.enabled) {
        const paid = await this.payments.pay(reservation, body.payment, idempotencyKey);
        if (paid.status === 'requires_action') {
          const action: ConfirmAnswer = { status: 202, body: paid };
          await inTransaction(this.deps, async (repos) => {
            await this.idempotency.hold(repos, lease);
            await this.idempotency.record(repos, lease, action);
          });
          return action;
        }
      }
      // The calendar books first, the reservation commits second: a booking can be undone (if this
      // never commits, the hold lapses and the expiry releases the claim, booking or not), a
      // confirmation the customer was told of cannot. A retry with the key books again (idempotent).
      try {
        await this.deps.calendar.confirm(reservation.claimId);
      } catch (error) {
        // The calendar's clock is the one that counts: a hold it calls lapsed is lapsed.
        if (error instanceof PeerError && error.type === ProblemTypes.holdExpired) {
          await this.expireNow(reservation);
          throw holdExpired(reservation);
        }
        if (error instanceof PeerError && error.type === ProblemTypes.claimNotActive)
          throw notHeld((await this.deps.repos.reservations.findById(id)) ?? reservation);
        throw error;
      }
      const at = this.deps.now();
      return inTransaction(this.deps, async (repos) => {
        await this.idempotency.hold(repos, lease);
        const confirmed = await repos.reservations.confirm(id, terms.version, at);
        if (!confirmed) throw notHeld((await repos.reservations.findById(id)) ?? reservation);
        await repos.outbox.append(ReservationEvents.confirmed, id, confirmedEvent(confirmed), at);
        const answer = {
          status: 200,
          body: presentReservation(confirmed, principal, at, this.operatorContact),
        };
        await this.idempotency.record(repos, lease, answer);
        return answer;
      });
    });
    return answer.body;
  }

  async cancel(
    { principal, idempotencyKey }: Caller,
    id: string,
    body: CancelReservationBody,
  ): Promise<Reservation> {
    const request = {
      userId: principal.userId,
      key: idempotencyKey,
      operation: `reservation.cancel:${id}`,
      body,
      reservationId: id,
    };
    const answer = await this.idempotency.run(request, async (lease): Promise<Answer<Reservation>> => {
      const reservation = await this.visible(principal, id);
      // Picked up, returned, no-show: past cancelling, like cancelled and expired.
      if (reservation.status !== 'held' && reservation.status !== 'confirmed') throw closed(reservation);
      if (!mayCancel(reservation, principal, this.deps.now()))
        throw new ConflictError(
          `Free cancellation of this reservation ended at ${localTime(reservation.freeCancelUntil, reservation.timeZone)}. Contact the operator to cancel it${contactSuffix(reservation.pickupLocation?.phone ?? this.operatorContact)}.`,
          ProblemTypes.cancellationWindowClosed,
        );
      // The cancellation commits first and the claim is released after it: a failure in between leaves
      // the vehicle blocked (the release is owed and retried), never free under a live reservation.
      const at = this.deps.now();
      const { answer, cancelled } = await inTransaction(this.deps, async (repos) => {
        await this.idempotency.hold(repos, lease);
        const row = await repos.reservations.cancel(id, principal.role, body.reason ?? null, at);
        if (!row) throw closed((await repos.reservations.findById(id)) ?? reservation);
        await repos.outbox.append(
          ReservationEvents.cancelled,
          id,
          cancelledEvent(row, row.termsAcceptedAt !== null),
          at,
        );
        const answer = { status: 200, body: presentReservation(row, principal, at, this.operatorContact) };
        await this.idempotency.record(repos, lease, answer);
        return { answer, cancelled: row };
      });
      await this.claims.release([cancelled]);
      return answer;
    });
    return answer.body;
  }

  async get(principal: Principal, id: string): Promise<Reservation> {
    return presentReservation(
      await this.visible(principal, id),
      principal,
      this.deps.now(),
      this.operatorContact,
    );
  }

  /**
   * The reservation's pickup and return as an iCalendar file, for its customer (another customer
   * gets 404, as for the reservation itself) and operators.
   */
  async calendarFile(principal: Principal, id: string): Promise<{ name: string; text: string }> {
    const r = await this.visible(principal, id);
    return {
      name: `reservation-${r.id}.ics`,
      text: reservationCalendar(r, r.pickupLocation?.phone ?? this.operatorContact),
    };
  }

  /**
   * A customer's own reservations by scope (default upcoming); an operator's view of everyone's,
   * filtered by status, vehicle, customer and a window they overlap.
   */
  async list(principal: Principal, query: ReservationListQuery): Promise<ReservationList> {
    const now = this.deps.now();
    const customer = principal.role === 'customer';
    const scope = query.scope ?? (customer ? 'upcoming' : undefined);
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const filter: ReservationFilter = {
      customerId: customer ? principal.userId : query.customerId,
      vehicleId: query.vehicleId,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      order: 'desc',
      limit: limit + 1,
      offset,
    };
    if (filter.from && filter.to && filter.to <= filter.from)
      throw new RuleViolationError('The window is invalid: to must be after from.', [
        { location: 'query', field: 'to', message: 'to must be after from' },
      ]);
    let statuses: readonly ReservationStatus[] | undefined;
    if (scope === 'upcoming') {
      statuses = ['held', 'confirmed', 'picked_up'];
      filter.endsAfter = now;
      filter.order = 'asc';
    } else if (scope === 'past') {
      // A car returned early is past; one still out after its end is not (it is overdue, not over).
      statuses = ['confirmed', 'returned'];
      filter.endsBy = now;
    } else if (scope === 'cancelled') {
      statuses = ['cancelled', 'expired', 'no_show'];
    }
    if (query.status !== undefined)
      statuses = statuses ? statuses.filter((s) => s === query.status) : [query.status];
    if (statuses?.length === 0) return { items: [], nextOffset: null };
    filter.statuses = statuses;
    const rows = await this.deps.repos.reservations.list(filter);
    return {
      items: rows.slice(0, limit).map((r) => presentReservation(r, principal, now, this.operatorContact)),
      nextOffset: rows.length > limit ? offset + limit : null,
    };
  }

  /**
   * What the expiry worker runs: every held reservation whose hold lapsed becomes expired with its
   * event, in batches; then each claim is released (a hold that lapsed is free already, but the
   * claim may be a booking whose confirmation never committed). A release that fails stays owed.
   */
  async expireLapsedHolds(): Promise<ReservationRecord[]> {
    const expired: ReservationRecord[] = [];
    for (;;) {
      const at = this.deps.now();
      const batch = await inTransaction(this.deps, async (repos) => {
        const lapsed = await repos.reservations.expireLapsed(at, SWEEP_BATCH);
        await repos.outbox.appendMany(
          ReservationEvents.expired,
          lapsed.map((r) => ({ key: r.id, data: expiredEvent(r), occurredAt: at })),
        );
        return lapsed;
      });
      await this.claims.release(batch);
      expired.push(...batch);
      if (batch.length < SWEEP_BATCH) return expired;
    }
  }

  /** The reservation if the caller may see it: a customer only their own (another's is "not found"). */
  private async visible(principal: Principal, id: string): Promise<ReservationRecord> {
    const reservation = await this.deps.repos.reservations.findById(id);
    if (!reservation || (principal.role === 'customer' && reservation.customerId !== principal.userId))
      throw new NotFoundError(`No reservation with id ${id}.`, ProblemTypes.reservationNotFound);
    return reservation;
  }

  /** A hold found lapsed on the way: expired now, with its event, rather than at the next sweep. */
  private async expireNow(reservation: ReservationRecord): Promise<void> {
    const at = this.deps.now();
    const expired = await inTransaction(this.deps, async (repos) => {
      const row = await repos.reservations.expire(reservation.id, at);
      if (row) await repos.outbox.append(ReservationEvents.expired, row.id, expiredEvent(row), at);
      return row;
    });
    if (expired) await this.claims.release([expired]);
  }
}

const notHeld = (r: ReservationRecord) =>
  new ConflictError(
    `Reservation ${r.id} is ${r.status}; only a held reservation can be confirmed.`,
    ProblemTypes.reservationNotHeld,
  );

const holdExpired = (r: ReservationRecord) =>
  new ConflictError(
    `The hold on ${r.vehicleName} lapsed${r.holdExpiresAt ? ` at ${r.holdExpiresAt.toISOString()}` : ''} before the terms were accepted; reserve again.`,
    ProblemTypes.holdExpired,
  );

const closed = (r: ReservationRecord) =>
  new ConflictError(`Reservation ${r.id} is already ${r.status}.`, ProblemTypes.reservationClosed);

const contactSuffix = (phone: string | null) => (phone ? ` on ${phone}` : '');
