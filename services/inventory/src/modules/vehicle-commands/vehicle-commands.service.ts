import { VEHICLE_COMMANDS, type VehicleCommandName } from '@cybertacotruck/contracts';
import { RuleViolationError, type DomainError } from '@cybertacotruck/platform';
import {
  isTeslaAborted,
  NeedsReconsentError,
  TESLA_PRICES_USD,
  TeslaApiError,
  TeslaUnauthorizedError,
  TeslaVehicleUnavailableError,
  type DriverInvitation,
  type VehicleDriver,
} from '@cybertacotruck/tesla';
import type { LiveStateRepository } from '../live-state/live-state.repository';
import type { VehicleLiveState } from '../live-state/live-state.types';
import type { TeslaRuntime } from '../tesla/tesla-runtime';
import type { VehicleFleet, VehicleFleetClient } from '../tesla/vehicle-fleet';
import type { VehicleRecord } from '../vehicles/vehicles.repository';
import type { VehiclesService } from '../vehicles/vehicles.service';
import type { VehicleCommandsRepository } from './vehicle-commands.repository';
import type { CommandLogEntry, CommandOutcome, SendCommand } from './vehicle-commands.types';

export type { CommandActor, CommandLogEntry, SendCommand } from './vehicle-commands.types';

/** Tesla's name for each command the app sends; `wake` is wake_up, not a command. */
const TESLA_COMMAND: Record<VehicleCommandName, string | null> = {
  lock: 'door_lock',
  unlock: 'door_unlock',
  flash: 'flash_lights',
  honk: 'honk_horn',
  wake: null,
  charge_start: 'charge_start',
  charge_stop: 'charge_stop',
  set_charge_limit: 'set_charge_limit',
  climate_on: 'auto_conditioning_start',
  climate_off: 'auto_conditioning_stop',
  speed_limit_set_limit: 'speed_limit_set_limit',
  speed_limit_activate: 'speed_limit_activate',
  speed_limit_deactivate: 'speed_limit_deactivate',
  speed_limit_clear_pin: 'speed_limit_clear_pin',
};

/**
 * Never sent to a moving car: anything that changes how it drives under the driver (a speed limit
 * that may be below the current speed) or startles them (the horn). The app sends no command that
 * stops or disables a car at all (no remote stop, valet mode or trunk/window actuation exists here).
 */
export const NOT_WHILE_MOVING: ReadonlySet<VehicleCommandName> = new Set<VehicleCommandName>([
  'honk',
  'speed_limit_set_limit',
  'speed_limit_activate',
]);

export const WAKE_COST_USD = TESLA_PRICES_USD.wake;

export interface VehicleCommandsOptions {
  /** How long a woken car may take to come online before the command is given up. */
  wakeTimeoutMs: number;
  /** Between checks of its state meanwhile (GET vehicle: a data call that does not wake). */
  pollMs: number;
  now?: () => Date;
}

/** A moving car: the live state says driving, or a speed above walking pace. */
export function isMoving(live: Pick<VehicleLiveState, 'activity' | 'speedMph'> | null | undefined): boolean {
  if (!live) return false;
  return live.activity === 'driving' || (live.speedMph ?? 0) > 0.5;
}

/** Checks a command's body before anything is sent; returns Tesla's body. */
function bodyOf(command: VehicleCommandName, params: Record<string, unknown>): Record<string, unknown> {
  const int = (key: string, min: number, max: number, what: string): number => {
    const v = params[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
      throw invalid(`${command} needs ${key}: ${what}, a whole number from ${min} to ${max}`, key);
    return v;
  };
  const pin = (): string => {
    const v = params.pin;
    if (typeof v !== 'string' || !/^\d{4}$/.test(v))
      throw invalid(`${command} needs a four-digit pin`, 'pin');
    return v;
  };
  switch (command) {
    case 'set_charge_limit':
      return { percent: int('percent', 50, 100, 'the charge limit in %') };
    case 'speed_limit_set_limit':
      return { limit_mph: int('limit_mph', 50, 120, 'the top speed in mph') };
    case 'speed_limit_activate':
    case 'speed_limit_deactivate':
    case 'speed_limit_clear_pin':
      return { pin: pin() };
    default:
      return {};
  }
}

function invalid(detail: string, field: string): DomainError {
  return new RuleViolationError(detail, [{ location: 'body', field, message: detail }]);
}

/**
 * Sends commands to cars, always signed through tesla-http-proxy (the Fleet API client's `command`
 * goes there), and logs every one in inventory.vehicle_commands with who asked, the result, whether
 * the car was woken and what it cost. An asleep car is woken once (metered as a wake), then the
 * command is sent; a command that could upset a moving car is refused, not sent.
 */
export class VehicleCommandsService {
  private readonly now: () => Date;

  constructor(
    private readonly runtime: Pick<TeslaRuntime, 'flushUsage'>,
    private readonly repo: VehicleCommandsRepository,
    private readonly fleet: Pick<VehicleFleet, 'clientFor' | 'wakeUntilOnline'>,
    private readonly vehicles: Pick<VehiclesService, 'get'>,
    private readonly live: Pick<LiveStateRepository, 'byVehicle'>,
    private readonly o: VehicleCommandsOptions,
  ) {
    this.now = o.now ?? (() => new Date());
  }

  /** The car's command log, newest first. */
  async log(vehicleId: string, limit = 50): Promise<CommandLogEntry[]> {
    await this.vehicles.get(vehicleId);
    return this.repo.list(vehicleId, limit);
  }

  /**
   * Sends one command and logs it. Bad input (an unknown command, a charge limit out of range) is a
   * 400 and nothing is sent or logged; a car not from Tesla or a connection needing attention is a
   * 409; too many commands is a 429. Otherwise the answer is the log entry: ok, refused (by the car
   * or by the app, with the reason) or failed (Tesla could not be reached).
   */
  async send(req: SendCommand): Promise<CommandLogEntry> {
    if (!(VEHICLE_COMMANDS as readonly string[]).includes(req.command))
      throw invalid(`unknown command ${req.command}`, 'command');
    const params = req.params ?? {};
    const body = bodyOf(req.command, params);
    const vehicle = await this.vehicles.get(req.vehicleId);
    // How many a person may send to one car is a rate-limit group of its routes (platform rate-limit.ts).
    const car = await this.fleetFor(vehicle);
    const log = (outcome: CommandOutcome) =>
      this.repo.append({
        vehicleId: vehicle.id,
        command: req.command,
        params: redact(params),
        actor: req.actor,
        outcome,
        at: this.now(),
      });
    const live = (await this.live.byVehicle(vehicle.id)) ?? null;
    if (NOT_WHILE_MOVING.has(req.command) && isMoving(live))
      return log({
        result: 'refused',
        reason: `${vehicle.displayName} is moving: ${req.command} is never sent to a moving car`,
        woke: false,
        costUsd: 0,
      });
    const spent = new Spend();
    let outcome: CommandOutcome;
    try {
      outcome = await this.run(car, req.command, body, live, spent);
    } catch (error) {
      // Stopped while waiting (a Retry-After, a car waking): nothing reached Tesla, so nothing is
      // logged; the caller (a worker) stops too. Stopped with a request in flight: logged as it is.
      if (isTeslaAborted(error) && !error.inFlight) throw error;
      outcome = { result: 'failed', reason: describe(error), woke: spent.woke, costUsd: spent.usd };
    } finally {
      await this.runtime.flushUsage();
    }
    return log(outcome);
  }

  private async run(
    car: VehicleFleetClient,
    command: VehicleCommandName,
    body: Record<string, unknown>,
    live: VehicleLiveState | null,
    spent: Spend,
  ): Promise<CommandOutcome> {
    const { client, vin } = car;
    const name = TESLA_COMMAND[command];
    if (name === null) {
      const state = await spent.call('wake', () => client.wakeUp(vin));
      spent.woke = state !== 'online';
      return {
        result: 'ok',
        reason: state === 'online' ? 'already online' : 'waking up',
        woke: spent.woke,
        costUsd: spent.usd,
      };
    }
    // A car last seen asleep is woken first (a command to it would be billed and answered 408).
    if (live && live.connectivity !== 'online' && live.connectivity !== 'unknown') {
      const failed = await this.wakeAndWait(car, spent);
      if (failed) return failed;
    }
    let answer;
    try {
      answer = await spent.call('command', () => client.command(vin, name, body));
    } catch (error) {
      if (!(error instanceof TeslaVehicleUnavailableError) || spent.woke) throw error;
      const failed = await this.wakeAndWait(car, spent);
      if (failed) return failed;
      answer = await spent.call('command', () => client.command(vin, name, body));
    }
    return {
      result: answer.result ? 'ok' : 'refused',
      reason: answer.reason,
      woke: spent.woke,
      costUsd: spent.usd,
    };
  }

  /** Wakes the car once and waits (bounded) until it is online; an outcome when it did not come. */
  private async wakeAndWait(car: VehicleFleetClient, spent: Spend): Promise<CommandOutcome | null> {
    const { state, waitedMs } = await this.fleet.wakeUntilOnline(car, {
      wakeTimeoutMs: this.o.wakeTimeoutMs,
      pollMs: this.o.pollMs,
      track: async (category, call) => {
        const value = await spent.call(category, call);
        if (category === 'wake') spent.woke = true;
        return value;
      },
    });
    if (state === 'online') return null;
    return {
      result: 'failed',
      reason: `the car was woken but was ${state} after ${Math.round(waitedMs / 1000)} s; nothing was sent`,
      woke: true,
      costUsd: spent.usd,
    };
  }

  /**
   * The outside temperature the car reports (°C), reading climate_state once; an asleep car is
   * woken once (metered) to read it. Null when it cannot be read (offline, not from Tesla).
   */
  async outsideTemperature(vehicleId: string): Promise<number | null> {
    try {
      const car = await this.fleetFor(vehicleId);
      const { client, vin } = car;
      const spent = new Spend();
      let data = await spent.call('data', () => client.vehicleData(vin, ['climate_state']));
      if (data.status !== 'ok') {
        if (await this.wakeAndWait(car, spent)) return null;
        data = await spent.call('data', () => client.vehicleData(vin, ['climate_state']));
      }
      return data.status === 'ok' ? (data.data.climateState?.outsideTempC ?? null) : null;
    } catch (error) {
      // Stopping is not "unreadable": the caller must not act on a null it did not earn.
      if (isTeslaAborted(error)) throw error;
      return null;
    } finally {
      await this.runtime.flushUsage();
    }
  }

  /**
   * The Fleet API client for a car and its VIN: the per-vehicle client factory that driver access
   * (invitations, drivers) uses as well. 409 when the car was added by hand or its Tesla account
   * needs attention.
   */
  async fleetFor(vehicleOrId: VehicleRecord | string): Promise<VehicleFleetClient> {
    const vehicle = typeof vehicleOrId === 'string' ? await this.vehicles.get(vehicleOrId) : vehicleOrId;
    return this.fleet.clientFor(vehicle, 'the app cannot send it commands');
  }

  /** Driver access for a car: Tesla's driver invitations and drivers, through the same client. */
  readonly driverAccess = {
    createInvitation: (vehicleId: string): Promise<DriverInvitation> =>
      this.withFleet(vehicleId, ({ client, vin }) => client.createInvitation(vin)),
    listInvitations: (vehicleId: string): Promise<DriverInvitation[]> =>
      this.withFleet(vehicleId, ({ client, vin }) => client.listInvitations(vin)),
    revokeInvitation: (vehicleId: string, invitationId: string): Promise<void> =>
      this.withFleet(vehicleId, ({ client, vin }) => client.revokeInvitation(vin, invitationId)),
    listDrivers: (vehicleId: string): Promise<VehicleDriver[]> =>
      this.withFleet(vehicleId, ({ client, vin }) => client.listDrivers(vin)),
    removeDriver: (vehicleId: string, shareUserId: string): Promise<void> =>
      this.withFleet(vehicleId, ({ client, vin }) => client.removeDriver(vin, shareUserId)),
  };

  private async withFleet<T>(vehicleId: string, f: (fleet: VehicleFleetClient) => Promise<T>): Promise<T> {
    try {
      return await f(await this.fleetFor(vehicleId));
    } finally {
      await this.runtime.flushUsage();
    }
  }
}

/** What the calls of one command cost, counted as Tesla bills them (every answer under 500). */
class Spend {
  usd = 0;
  woke = false;

  async call<T>(category: 'wake' | 'command' | 'data', f: () => Promise<T>): Promise<T> {
    try {
      const value = await f();
      this.usd += TESLA_PRICES_USD[category];
      return value;
    } catch (error) {
      if (error instanceof TeslaApiError && error.status > 0 && error.status < 500)
        this.usd += TESLA_PRICES_USD[category];
      throw error;
    }
  }
}

/** A PIN never reaches the log. */
function redact(params: Record<string, unknown>): Record<string, unknown> {
  return 'pin' in params ? { ...params, pin: '****' } : params;
}

function describe(error: unknown): string {
  if (
    error instanceof NeedsReconsentError ||
    (error instanceof TeslaUnauthorizedError && error.needsReconsent)
  )
    return 'Tesla refused the stored tokens: connect the account again';
  if (error instanceof TeslaVehicleUnavailableError)
    return 'the car is asleep or offline (408) and did not wake';
  if (isTeslaAborted(error))
    return 'the app stopped while Tesla was answering: the car may or may not have done it';
  if (error instanceof TeslaApiError) return `Tesla answered ${error.status || 'nothing'}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
