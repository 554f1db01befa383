import { ProblemTypes, type FieldError, type MoveClaimBody } from '@cybertacotruck/contracts';
import { isExclusionViolation } from '@cybertacotruck/db';
import { ConflictError, NotFoundError, RuleViolationError } from '@cybertacotruck/platform';
import type { CalendarService, ClaimRecord } from './calendar.service';
import { PAST_TOLERANCE_MS } from './calendar.service';
import type { ClaimMoveRepository } from './claim-move.repository';

const DAY_MS = 86_400_000;

/**
 * Moving a booking (the operator's, through the reservation service): a new period, and another
 * vehicle if asked. The calendar's exclusion constraint, not a read before the write, refuses an
 * overlap (409 vehicle-unavailable); the booking keeps its id, reference and status.
 */
export class ClaimMoveService {
  constructor(
    private readonly repo: ClaimMoveRepository,
    private readonly calendar: Pick<CalendarService, 'lookup'>,
    private readonly settings: { CALENDAR_MAX_DAYS: number },
    private readonly now: () => Date = () => new Date(),
  ) {}

  async move(id: string, body: MoveClaimBody): Promise<ClaimRecord> {
    const from = new Date(body.from);
    const to = new Date(body.to);
    const errors: FieldError[] = [];
    if (Number.isNaN(from.getTime()))
      errors.push({ location: 'body', field: 'from', message: 'from must be a valid date-time' });
    if (Number.isNaN(to.getTime()))
      errors.push({ location: 'body', field: 'to', message: 'to must be a valid date-time' });
    if (errors.length === 0) {
      if (to <= from) errors.push({ location: 'body', field: 'to', message: 'to must be after from' });
      if (from.getTime() < this.now().getTime() - PAST_TOLERANCE_MS)
        errors.push({ location: 'body', field: 'from', message: 'from must not be in the past' });
      if (to.getTime() - from.getTime() > this.settings.CALENDAR_MAX_DAYS * DAY_MS)
        errors.push({
          location: 'body',
          field: 'to',
          message: `the period must not be longer than ${String(this.settings.CALENDAR_MAX_DAYS)} days`,
        });
    }
    if (errors.length > 0) {
      throw new RuleViolationError(
        `The period is invalid: ${errors.map((e) => e.message).join('; ')}.`,
        errors,
        ProblemTypes.invalidPeriod,
      );
    }
    let outcome;
    try {
      outcome = await this.repo.move(id, { vehicleId: body.vehicleId ?? null, from, to });
    } catch (error) {
      if (isExclusionViolation(error)) {
        throw new ConflictError(
          `The vehicle is not free for all of ${from.toISOString()} – ${to.toISOString()}: another booking, hold or maintenance block overlaps.`,
          ProblemTypes.vehicleUnavailable,
        );
      }
      throw error;
    }
    switch (outcome.outcome) {
      case 'no-claim':
        throw new NotFoundError(`No claim ${id}.`, ProblemTypes.claimNotFound);
      case 'no-vehicle':
        throw new NotFoundError(`No vehicle ${body.vehicleId ?? ''}.`, ProblemTypes.vehicleNotFound);
      case 'out-of-service':
        throw new ConflictError(
          `Vehicle ${body.vehicleId ?? ''} is out of service; a booking cannot move to it.`,
          ProblemTypes.vehicleOutOfService,
        );
      case 'not-booking':
        throw new ConflictError(
          outcome.kind === 'booking'
            ? `Booking ${id} was ${outcome.status}; only an active booking can be moved.`
            : `Claim ${id} is a ${outcome.kind}, not a booking; only bookings can be moved.`,
          ProblemTypes.claimNotActive,
        );
      default: {
        const [claim] = await this.calendar.lookup([id]);
        if (!claim) throw new NotFoundError(`No claim ${id}.`, ProblemTypes.claimNotFound);
        return claim;
      }
    }
  }
}
