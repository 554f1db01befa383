import { ProblemTypes } from '@cybertacotruck/contracts';
import { ConflictError, DomainError } from '@cybertacotruck/platform';
import { sleepUnlessAborted, TeslaAbortedError, type FleetApiClient } from '@cybertacotruck/tesla';
import type { ConnectionsRepository } from '../tesla-connections/connections.repository';
import type { VehicleRecord } from '../vehicles/vehicles.repository';
import type { TeslaRuntime } from './tesla-runtime';

/** A vehicle imported from a Tesla account: its VIN and the connection it came through. */
export interface TeslaLink {
  vehicleId: string;
  vin: string;
  connectionId: string;
}

/** Where a vehicle's Tesla link is read (inventory.vehicle's tesla_connection_id). */
export interface TeslaLinks {
  linkOf(vehicleId: string): Promise<TeslaLink | undefined>;
}

/** A car's Fleet API client, ready to call. */
export interface VehicleFleetClient {
  client: FleetApiClient;
  vin: string;
}

export interface WakeOptions {
  /** How long a woken car may take to come online. */
  wakeTimeoutMs: number;
  /** Between checks of its state (GET vehicle: a data call that never wakes) meanwhile. */
  pollMs: number;
  /** The state known before (the list saw it online): no wake is spent on an online car. */
  knownState?: string | null;
  /** Wraps each call, to count what it cost (`wake` for wake_up, `data` for GET vehicle). */
  track?: <T>(category: 'wake' | 'data', call: () => Promise<T>) => Promise<T>;
}

export interface WakeResult {
  /** The last state Tesla reported: `online` when the car came. */
  state: string;
  woke: boolean;
  waitedMs: number;
}

const untracked = <T>(_category: 'wake' | 'data', call: () => Promise<T>) => call();

/**
 * The one way inventory reaches one car at Tesla: its link (imported from a Tesla account, or a
 * 409), its connection (connected, or a 409), the runtime's client for that connection; and waking
 * it, once, then waiting (bounded) until it is online. Commands, driver access and "Read now" use
 * it. Waits end at once when the process stops (the runtime's stop signal: TeslaAbortedError).
 */
export class VehicleFleet {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;

  constructor(
    private readonly runtime: Pick<TeslaRuntime, 'clientFor' | 'stopping'>,
    private readonly links: TeslaLinks,
    private readonly connections: Pick<ConnectionsRepository, 'findById'>,
    o: { sleep?: (ms: number) => Promise<void>; now?: () => Date } = {},
  ) {
    this.sleep = o.sleep ?? ((ms) => sleepUnlessAborted(ms, this.runtime.stopping));
    this.now = o.now ?? (() => new Date());
  }

  /**
   * The connected Tesla account a car belongs to, and its VIN. `refusal` ends the sentence "… was
   * added by hand, not imported from a Tesla account: …" (what cannot be done without one).
   */
  async linkFor(
    vehicle: Pick<VehicleRecord, 'id' | 'displayName'>,
    refusal: string,
  ): Promise<{ connection: { id: string; fleetApiBaseUrl: string }; vin: string }> {
    const link = await this.links.linkOf(vehicle.id);
    if (!link)
      throw new ConflictError(
        `${vehicle.displayName} was added by hand, not imported from a Tesla account: ${refusal}`,
        ProblemTypes.vehicleNotFromTesla,
      );
    const connection = await this.connections.findById(link.connectionId);
    if (connection?.status !== 'connected')
      throw new DomainError(
        ProblemTypes.teslaUnavailable,
        409,
        'Tesla connection needs attention',
        `The Tesla account of ${vehicle.displayName} is ${connection?.status.replace('_', ' ') ?? 'gone'}: connect it again first`,
      );
    return { connection, vin: link.vin };
  }

  /** The Fleet API client for a car and its VIN (the 409s of `linkFor`). */
  async clientFor(
    vehicle: Pick<VehicleRecord, 'id' | 'displayName'>,
    refusal: string,
  ): Promise<VehicleFleetClient> {
    const { connection, vin } = await this.linkFor(vehicle, refusal);
    return { client: await this.runtime.clientFor(connection), vin };
  }

  /**
   * Wakes the car once (unless it is known online) and checks its state every `pollMs` until it is
   * online or `wakeTimeoutMs` has passed. Never wakes it twice.
   */
  async wakeUntilOnline({ client, vin }: VehicleFleetClient, o: WakeOptions): Promise<WakeResult> {
    const track = o.track ?? untracked;
    const started = this.now().getTime();
    let woke = false;
    let state = o.knownState === 'online' ? 'online' : null;
    if (state !== 'online') {
      state = await track('wake', () => client.wakeUp(vin));
      woke = true;
    }
    while (state !== 'online') {
      const waited = this.now().getTime() - started;
      if (waited >= o.wakeTimeoutMs) return { state, woke, waitedMs: waited };
      await this.sleep(Math.min(o.pollMs, o.wakeTimeoutMs - waited));
      if (this.runtime.stopping?.aborted)
        throw new TeslaAbortedError(
          { error: 'aborted', errorDescription: 'stopped waiting for the car to wake' },
          false,
        );
      state = (await track('data', () => client.getVehicle(vin))).state;
    }
    return { state, woke, waitedMs: this.now().getTime() - started };
  }
}
