import {
  ProblemTypes,
  type CreateVehicleBody,
  type ListVehiclesQuery,
  type UpdateVehicleBody,
} from '@cybertacotruck/contracts';
import { isUniqueViolation } from '@cybertacotruck/db';
import { ConflictError, NotFoundError, RuleViolationError } from '@cybertacotruck/platform';
import type { HomeRefused, VehicleRecord, VehiclesRepository } from './vehicles.repository';
/** The record the routes present; they read it through the service, never the repository. */
export type { VehicleRecord } from './vehicles.repository';

export class VehiclesService {
  constructor(private readonly vehicles: VehiclesRepository) {}

  list(filter: ListVehiclesQuery): Promise<VehicleRecord[]> {
    return this.vehicles.list(filter);
  }

  async get(id: string): Promise<VehicleRecord> {
    const vehicle = await this.vehicles.findById(id);
    if (!vehicle) throw vehicleNotFound(id);
    return vehicle;
  }

  async register(input: CreateVehicleBody): Promise<VehicleRecord> {
    try {
      return orHomeRefused(await this.vehicles.insert(input), input.homeLocationId);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `A vehicle with VIN ${input.vin} is already in the fleet.`,
          ProblemTypes.vinTaken,
        );
      }
      throw error;
    }
  }

  async update(id: string, patch: UpdateVehicleBody): Promise<VehicleRecord> {
    const vehicle = orHomeRefused(await this.vehicles.update(id, patch), patch.homeLocationId);
    if (!vehicle) throw vehicleNotFound(id);
    return vehicle;
  }
}

/** A home location that is missing (400, it names the field) or archived (409) is refused. */
function orHomeRefused<T>(result: T | HomeRefused, homeLocationId: string | null | undefined): T {
  if (result === 'home_missing')
    throw new RuleViolationError(
      `No location with id ${homeLocationId ?? ''}.`,
      [
        {
          location: 'body',
          field: 'homeLocationId',
          message: 'homeLocationId must be a location (GET /locations)',
        },
      ],
      ProblemTypes.locationNotFound,
    );
  if (result === 'home_archived')
    throw new ConflictError(
      'That location is archived: choose an open one as the home location.',
      ProblemTypes.locationArchived,
    );
  return result;
}

const vehicleNotFound = (id: string) =>
  new NotFoundError(`No vehicle with id ${id}.`, ProblemTypes.vehicleNotFound);
