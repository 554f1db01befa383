import {
  ProblemTypes,
  WEEKDAYS,
  type CreateLocationBody,
  type FieldError,
  type OpeningHours,
  type UpdateLocationBody,
} from '@cybertacotruck/contracts';
import { ConflictError, NotFoundError, RuleViolationError } from '@cybertacotruck/platform';
import type { LocationFields, LocationRecord, LocationsRepository } from './locations.repository';
import { normalisePhone, type PhoneRules } from './phone';
/** The record the routes present; they read it through the service, never the repository. */
export type { LocationRecord } from './locations.repository';

/** Pickup locations: the operator creates, edits and archives them; renters read them. */
export class LocationsService {
  constructor(
    private readonly locations: LocationsRepository,
    private readonly deps: { phone: PhoneRules; now: () => Date },
  ) {}

  list(filter: { archived: boolean }): Promise<LocationRecord[]> {
    return this.locations.list(filter);
  }

  /** Archived ones too: a reservation keeps pointing at the location it was booked at. */
  async get(id: string): Promise<LocationRecord> {
    const location = await this.locations.findById(id);
    if (!location) throw locationNotFound(id);
    return location;
  }

  async create(input: CreateLocationBody): Promise<LocationRecord> {
    return this.locations.insert(
      this.checked({ ...input, instructions: input.instructions ?? null, phone: input.phone ?? null }),
    );
  }

  async update(id: string, patch: UpdateLocationBody): Promise<LocationRecord> {
    const fields = this.checked(patch);
    const updated = await this.locations.update(id, fields);
    if (updated) return updated;
    const location = await this.get(id);
    throw archivedError(location.name);
  }

  /** Archiving twice is fine; a location a vehicle still calls home is refused (move the vehicles first). */
  async archive(id: string): Promise<LocationRecord> {
    const outcome = await this.locations.archive(id, this.deps.now());
    if (outcome === 'missing') throw locationNotFound(id);
    const location = await this.get(id);
    if (outcome === 'in_use')
      throw new ConflictError(
        `${location.name} is the home of ${location.vehicleIds.length} ${location.vehicleIds.length === 1 ? 'vehicle' : 'vehicles'}; give ${location.vehicleIds.length === 1 ? 'it' : 'them'} another home location before archiving it.`,
        ProblemTypes.locationInUse,
      );
    return location;
  }

  /**
   * What the schema cannot say: a zone this runtime knows, a real phone number (stored E.164),
   * opening intervals that open before they close and do not overlap. Every fault is reported at once.
   */
  private checked<T extends Partial<LocationFields> & { phone?: string | null | undefined }>(input: T): T {
    const errors: FieldError[] = [];
    let phone = input.phone;
    if (typeof phone === 'string') {
      const e164 = normalisePhone(phone, this.deps.phone);
      if (e164) phone = e164;
      else
        errors.push({
          location: 'body',
          field: 'phone',
          message: `phone must be a valid phone number, with its country code unless it is in ${this.deps.phone.defaultRegion}`,
        });
    }
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
      errors.push({
        location: 'body',
        field: 'timeZone',
        message: 'timeZone must be an IANA time zone such as America/Chicago',
      });
    if (input.openingHours) errors.push(...openingHoursErrors(input.openingHours));
    if (errors.length > 0)
      throw new RuleViolationError(errors.map((e) => e.message).join('; ') + '.', errors);
    return { ...input, ...(phone !== undefined && { phone }) };
  }
}

const isTimeZone = (zone: string): boolean => {
  // `Intl` also takes offsets such as "+01:00" and links; only region/city names and UTC are zones here.
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const minutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

function openingHoursErrors(hours: OpeningHours): FieldError[] {
  const errors: FieldError[] = [];
  for (const day of WEEKDAYS) {
    let previousClose = -1;
    hours[day].forEach((interval, i) => {
      const field = `openingHours.${day}.${i}`;
      const opens = minutes(interval.opens);
      const closes = minutes(interval.closes);
      if (closes <= opens)
        errors.push({ location: 'body', field, message: `${field}: closes must be after opens` });
      else if (opens < previousClose)
        errors.push({
          location: 'body',
          field,
          message: `${field}: intervals must be in order and not overlap`,
        });
      previousClose = Math.max(previousClose, closes);
    });
  }
  return errors;
}

export const locationNotFound = (id: string) =>
  new NotFoundError(`No location with id ${id}.`, ProblemTypes.locationNotFound);

export const archivedError = (name: string) =>
  new ConflictError(`${name} is archived and cannot be changed or chosen.`, ProblemTypes.locationArchived);
