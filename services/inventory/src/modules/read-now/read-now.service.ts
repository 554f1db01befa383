import { ConflictError, DomainError, TooManyRequestsError } from '@cybertacotruck/platform';
import { ProblemTypes } from '@cybertacotruck/contracts';
import {
  NeedsReconsentError,
  TESLA_PRICES_USD,
  TeslaApiError,
  TeslaRateLimitedError,
  TeslaUnauthorizedError,
} from '@cybertacotruck/tesla';
import { observationFromVehicleData } from '../live-state/live-state.fold';
import type { LiveStateService } from '../live-state/live-state.service';
import type { LiveStateRepository } from '../live-state/live-state.repository';
import type { VehicleLiveState } from '../live-state/live-state.types';
import type { TeslaRuntime } from '../tesla/tesla-runtime';
import type { VehicleFleet, VehicleFleetClient } from '../tesla/vehicle-fleet';
import type { VehicleRecord, VehiclesRepository } from '../vehicles/vehicles.repository';
import type { VehiclesService } from '../vehicles/vehicles.service';
import type { ReadNowRepository } from './read-now.repository';

/** Tesla's list price of what a read of an asleep car spends: one wake and one vehicle_data. */
export const READ_NOW_ESTIMATE_USD = TESLA_PRICES_USD.wake + TESLA_PRICES_USD.data;

export interface ReadNowOptions {
  /** How long a woken car may take to come online. */
  wakeTimeoutMs: number;
  /** Between checks of its state (GET vehicle: a data call that does not wake) meanwhile. */
  pollMs: number;
  /** Fewest milliseconds between two reads of one vehicle. */
  minIntervalMs: number;
  now?: () => Date;
}

export interface ReadNowOutcome {
  vehicle: VehicleRecord;
  live: VehicleLiveState;
  woke: boolean;
  waitedMs: number;
}

/**
 * The operator's "Read now" for a car never read since it was connected (asleep at import): wakes
 * it once, waits (bounded) until it is online, reads vehicle_data once and folds it into live
 * state. Never run by anything but an operator's request; at most one per vehicle per
 * `minIntervalMs` in this process. Everything it spends is metered like any other call.
 */
export class ReadNowService {
  private readonly inFlight = new Set<string>();
  private readonly lastStartedAt = new Map<string, number>();
  private readonly now: () => Date;

  constructor(
    private readonly runtime: Pick<TeslaRuntime, 'flushUsage'>,
    private readonly repo: Pick<ReadNowRepository, 'linkedVehicleIds'>,
    private readonly fleet: Pick<VehicleFleet, 'clientFor' | 'wakeUntilOnline'>,
    private readonly vehicles: Pick<VehiclesService, 'get'>,
    private readonly vehicleDetails: Pick<VehiclesRepository, 'fillDetails'>,
    private readonly live: Pick<LiveStateService, 'apply'>,
    private readonly liveRepo: Pick<LiveStateRepository, 'byVehicle'>,
    private readonly o: ReadNowOptions,
  ) {
    this.now = o.now ?? (() => new Date());
  }

  /** The offer shown beside a car: only Tesla cars never read yet (no vehicle_data folded in). */
  async offers(
    items: ReadonlyArray<{ vehicle: { id: string }; live: VehicleLiveState | null }>,
  ): Promise<Map<string, { estimateUsd: number }>> {
    const linked = await this.repo.linkedVehicleIds();
    const offers = new Map<string, { estimateUsd: number }>();
    for (const { vehicle, live } of items)
      if (linked.has(vehicle.id) && live?.dataAsOf == null)
        offers.set(vehicle.id, { estimateUsd: READ_NOW_ESTIMATE_USD });
    return offers;
  }

  async readNow(vehicleId: string): Promise<ReadNowOutcome> {
    const vehicle = await this.vehicles.get(vehicleId);
    const car = await this.fleet.clientFor(vehicle, 'there is no car to read');
    this.claim(vehicle.id);
    try {
      return await this.read(car, vehicle, (await this.liveRepo.byVehicle(vehicle.id)) ?? null);
    } catch (error) {
      throw translate(error);
    } finally {
      this.inFlight.delete(vehicle.id);
      await this.runtime.flushUsage();
    }
  }

  /** One read at a time per vehicle, and not again within minIntervalMs (a wake costs $0.02 and battery). */
  private claim(vehicleId: string): void {
    const nowMs = this.now().getTime();
    if (this.inFlight.has(vehicleId))
      throw new ConflictError('A read of this car is already under way', ProblemTypes.conflict);
    const last = this.lastStartedAt.get(vehicleId);
    if (last !== undefined && nowMs - last < this.o.minIntervalMs)
      throw new TooManyRequestsError(
        'This car was read a moment ago; each read wakes it, so wait before reading it again',
        Math.ceil((last + this.o.minIntervalMs - nowMs) / 1000),
      );
    this.inFlight.add(vehicleId);
    this.lastStartedAt.set(vehicleId, nowMs);
  }

  private async read(
    car: VehicleFleetClient,
    vehicle: VehicleRecord,
    currentLive: VehicleLiveState | null,
  ): Promise<ReadNowOutcome> {
    const { client, vin } = car;
    // A car the list last saw online is read as it is: no wake spent.
    const { state, woke, waitedMs } = await this.fleet.wakeUntilOnline(car, {
      wakeTimeoutMs: this.o.wakeTimeoutMs,
      pollMs: this.o.pollMs,
      knownState: currentLive?.connectivity ?? null,
    });
    if (state !== 'online') {
      await this.live.apply(vehicle.id, {
        at: this.now(),
        source: 'list',
        connectivity: state === 'offline' ? 'offline' : 'asleep',
      });
      throw state === 'offline' ? offline(vehicle, waitedMs) : timedOut(vehicle, waitedMs);
    }
    const result = await client.vehicleData(vin);
    const at = this.now();
    if (result.status !== 'ok') {
      await this.live.apply(vehicle.id, { at, source: 'poll', connectivity: result.reason });
      throw result.reason === 'offline' ? offline(vehicle, waitedMs) : timedOut(vehicle, waitedMs);
    }
    const live = await this.live.apply(vehicle.id, observationFromVehicleData(result.data, at));
    const config = result.data.vehicleConfig;
    if (config)
      await this.vehicleDetails.fillDetails(vehicle.id, {
        color: config.exteriorColor ?? null,
        trim: config.trimBadging ?? null,
      });
    return { vehicle, live, woke, waitedMs };
  }
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

function offline(vehicle: VehicleRecord, waitedMs: number): DomainError {
  return new DomainError(
    ProblemTypes.teslaVehicleOffline,
    409,
    'Car offline',
    `${vehicle.displayName} is offline (no connection: underground, out of coverage or powered down) and did not answer in ${seconds(waitedMs)}. Try again once it has a connection.`,
  );
}

function timedOut(vehicle: VehicleRecord, waitedMs: number): DomainError {
  return new DomainError(
    ProblemTypes.teslaWakeTimeout,
    504,
    'Car did not wake in time',
    `${vehicle.displayName} was asked to wake but was not online after ${seconds(waitedMs)}; it may still wake, and the next sync reads it then.`,
  );
}

function translate(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  if (error instanceof TeslaRateLimitedError)
    return new TooManyRequestsError(
      'Tesla asks to slow down for this car',
      Math.ceil(error.retryAfterMs / 1000),
    );
  if (
    error instanceof NeedsReconsentError ||
    (error instanceof TeslaUnauthorizedError && error.needsReconsent)
  )
    return new DomainError(
      ProblemTypes.teslaUnavailable,
      409,
      'Tesla connection needs attention',
      'Tesla refused the stored tokens: connect the account again',
    );
  if (error instanceof TeslaApiError)
    return new DomainError(
      ProblemTypes.teslaUnavailable,
      503,
      'Tesla unavailable',
      'Tesla did not answer; try again shortly',
    );
  return error;
}
