import type { Claim, PlaceHoldBody } from '../inventory/calendar';
import type { PickupLocation } from '../inventory/locations';
import type { VehicleModel } from '../inventory/vehicles';
import type { ModelPrices, PriceModelsBody } from './api';

/** The vehicle facts a reservation needs from inventory. */
export interface CalendarVehicle {
  id: string;
  model: VehicleModel;
  displayName: string;
  inService: boolean;
  /** Its home location, where a renter collects it; null when the operator has not set one. */
  homeLocation: PickupLocation | null;
}

/**
 * What the reservation service asks of the inventory calendar, over inventory's HTTP API
 * (`/api/v1/internal/calendar/*`, internal token). The reservation service holds an implementation
 * built on `ServiceContext.peers`, so it works the same in one process and distributed.
 * Errors arrive as problems: 404 vehicle-not-found, 409 vehicle-unavailable / vehicle-out-of-service /
 * hold-expired, 400 invalid-period.
 */
export interface CalendarClient {
  vehicle(vehicleId: string): Promise<CalendarVehicle | null>;
  /** Idempotent by `reference`: the same reference for the same vehicle and period returns the same hold. */
  placeHold(vehicleId: string, hold: PlaceHoldBody): Promise<Claim>;
  /** A live hold becomes a booking; confirming a booking again returns it. */
  confirm(claimId: string): Promise<Claim>;
  /** Releases a hold or booking; releasing twice, or a claim the calendar does not know, is fine. */
  release(claimId: string): Promise<void>;
  /** The claims with these ids (any status; unknown ids are left out), for reconciliation. */
  claims(claimIds: readonly string[]): Promise<Claim[]>;
  /** Active (occupying) holds and bookings that carry a reference, by id after `after`, for reconciliation. */
  referencedClaims(after: string | null, limit: number): Promise<Claim[]>;
}

/**
 * What inventory asks of the reservation service to price an availability answer
 * (`POST /api/v1/internal/prices`, internal token): every model's price for one period.
 */
export interface PricingClient {
  priceModels(body: PriceModelsBody): Promise<ModelPrices>;
}
