import {
  ProblemTypes,
  type CreateVehicleBody,
  type ListVehiclesQuery,
  type UpdateVehicleBody,
} from '@cybertacotruck/contracts';
import { isUniqueViolation } from '@cybertacotruck/db';
import { ConflictError, NotFoundError } from '@cybertacotruck/platform';
import type { VehicleRecord, VehiclesRepository } from './vehicles.repository';
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
      return await this.vehicles.insert(input);
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
    const vehicle = await this.vehicles.update(id, patch);
    if (!vehicle) throw vehicleNotFound(id);
    return vehicle;
  }
}

const vehicleNotFound = (id: string) =>
  new NotFoundError(`No vehicle with id ${id}.`, ProblemTypes.vehicleNotFound);
