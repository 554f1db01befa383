import {
  ProblemTypes,
  type CalendarClient,
  type CalendarMoves,
  type FieldError,
  type MoveClaimBody,
} from '@cybertacotruck/contracts';
import { ConflictError, NotFoundError, RuleViolationError, type Logger } from '@cybertacotruck/platform';
import { rentalDays } from '../quotes/rental-days';
import { facts } from '../reservations/reservation.presenter';
import type { BookingMovesRepository, MovedReservation } from './booking-moves.repository';

/**
 * The operator moves a confirmed booking: to other dates, to another car of the same model, or
 * both. The price was quoted for a model and a number of rental days, so a move keeps both (the
 * quote stays as frozen); anything else is a cancellation and a new booking. The calendar moves the
 * claim first (its exclusion constraint refuses an overlap), then the reservation follows; should
 * that fail, the claim is moved back.
 */
export class BookingMovesService {
  constructor(
    private readonly repo: BookingMovesRepository,
    private readonly calendar: Pick<CalendarClient, 'vehicle'> & CalendarMoves,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  rentedVehicles(customerId: string): Promise<string[]> {
    return this.repo.rentedVehicleIds(customerId, this.now());
  }

  async move(id: string, body: MoveClaimBody): Promise<void> {
    const r = await this.repo.find(id);
    if (!r) throw new NotFoundError(`No reservation with id ${id}.`, ProblemTypes.reservationNotFound);
    if (r.status !== 'confirmed') {
      throw new ConflictError(
        `Reservation ${id} is ${r.status}; only a confirmed booking that has not been picked up can be moved.`,
        ProblemTypes.reservationClosed,
      );
    }
    const from = new Date(body.from);
    const to = new Date(body.to);
    const errors: FieldError[] = [];
    if (!(to > from)) errors.push({ location: 'body', field: 'to', message: 'to must be after from' });
    const days = errors.length === 0 ? rentalDays(from, to, r.timeZone) : null;
    if (days && days.days !== r.days) {
      errors.push({
        location: 'body',
        field: 'to',
        message: `a move keeps the booking's ${String(r.days)} rental day${r.days === 1 ? '' : 's'} (this period has ${String(days.days)}); cancel and book again to change its length`,
      });
    }
    const vehicleId = body.vehicleId ?? r.vehicleId;
    const vehicle = vehicleId === r.vehicleId ? null : await this.calendar.vehicle(vehicleId);
    if (vehicleId !== r.vehicleId) {
      if (!vehicle) throw new NotFoundError(`No vehicle ${vehicleId}.`, ProblemTypes.vehicleNotFound);
      if (vehicle.model !== r.vehicleModel)
        errors.push({
          location: 'body',
          field: 'vehicleId',
          message: `a booking moves to another car of the same model (${r.vehicleModel}); its price was quoted for that model`,
        });
    }
    if (errors.length > 0 || !days) {
      throw new RuleViolationError(
        `The booking cannot move so: ${errors.map((e) => e.message).join('; ')}.`,
        errors,
      );
    }
    const claim = await this.calendar.move(r.claimId, { vehicleId, from: body.from, to: body.to });
    const moved: MovedReservation = {
      vehicleId,
      ...(vehicle ? { vehicleName: vehicle.displayName, pickupLocation: vehicle.homeLocation } : {}),
      startsAt: new Date(claim.from),
      endsAt: new Date(claim.to),
      pickupDate: days.pickupDate,
      returnDate: days.returnDate,
    };
    let applied = false;
    try {
      // The renter is told, their reminders and car access follow: the event, with the move.
      applied = await this.repo.apply(id, moved, this.now(), (after) => ({
        ...facts(after),
        freeCancellationUntil: after.freeCancelUntil.toISOString(),
        previous: {
          vehicleId: r.vehicleId,
          vehicleName: r.vehicleName,
          from: r.startsAt.toISOString(),
          to: r.endsAt.toISOString(),
        },
      }));
    } finally {
      if (!applied) await this.moveBack(r.claimId, r.vehicleId, r.startsAt, r.endsAt);
    }
    if (!applied) {
      throw new ConflictError(
        `Reservation ${id} changed while it was being moved; try again.`,
        ProblemTypes.reservationClosed,
      );
    }
  }

  private async moveBack(claimId: string, vehicleId: string, from: Date, to: Date): Promise<void> {
    try {
      await this.calendar.move(claimId, { vehicleId, from: from.toISOString(), to: to.toISOString() });
    } catch (error) {
      // Reconciliation compares reservations with the calendar and reports what still disagrees.
      this.logger.error({ err: error, claimId }, 'a moved booking could not be moved back');
    }
  }
}
