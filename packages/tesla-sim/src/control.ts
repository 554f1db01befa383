import type { SimContext } from './context';
import type { FaultSpec } from './faults';
import type { SimAccount } from './fleet/seed';
import { acceptInvitation, findInvitation, sharingOf, type AcceptOutcome } from './fleet/sharing';
import { isOnline, ratedRangeMi, type SimVehicle } from './fleet/vehicle-model';
import { telemetrySkip } from './fleet/virtual-keys';
import type { SimVehicleSnapshot } from './types';

/** The simulator's test-and-scenario controls, shared by the TeslaSim object and the /sim HTTP API. */
export class SimControl {
  constructor(private readonly ctx: SimContext) {}

  account(email?: string): SimAccount {
    const found = email ? this.ctx.world.account(email) : this.ctx.world.accounts[0];
    if (!found) throw new Error(`tesla-sim: no account ${email ?? ''}`);
    return found;
  }

  vehicles(email?: string): SimVehicleSnapshot[] {
    this.ctx.world.sync();
    return this.ctx.world.vehiclesOf(this.account(email).email).map((v) => this.snapshot(v));
  }

  advance(ms: number): void {
    this.ctx.clock.advance(ms);
    this.ctx.world.sync();
  }

  injectFault(f: FaultSpec): void {
    this.ctx.world.sync();
    if (f.kind === 'asleep') {
      // Not a response fault: the car (or every car) simply falls asleep now.
      for (const v of f.vin ? [this.ctx.world.byVin(f.vin)] : this.ctx.world.vehicles) fallAsleep(v);
      return;
    }
    this.ctx.faults.add(f);
  }

  clearFaults(): void {
    this.ctx.faults.clear();
  }

  drive(vin: string, minutes: number): void {
    this.ctx.world.drive(vin, minutes);
  }

  park(vin: string): void {
    this.ctx.world.park(vin);
  }

  plugIn(vin: string): void {
    this.ctx.world.plugIn(vin);
  }

  setStreaming(vin: string, on: boolean): void {
    const { world, telemetry } = this.ctx;
    world.sync();
    const v = world.byVin(vin);
    if (on) telemetry.configureDefault(v, world.nowMs());
    else telemetry.remove(v, world.nowMs());
  }

  /** The owner approved (or removed) the app's key in the Tesla app; removing it stops streaming. */
  pairKey(vin: string, paired = true): void {
    const { world, telemetry } = this.ctx;
    world.sync();
    const v = world.byVin(vin);
    v.keyPaired = paired;
    if (!paired) telemetry.remove(v, world.nowMs());
  }

  setFirmware(vin: string, version: string): void {
    const v = this.ctx.world.byVin(vin);
    const build = v.softwareVersion.split(' ')[1];
    v.softwareVersion = build ? `${version} ${build}` : version;
  }

  setOtherTelemetryConfigs(vin: string, count: number): void {
    this.ctx.world.byVin(vin).otherTelemetryConfigs = Math.max(0, Math.floor(count));
  }

  /**
   * Someone opens a share link in the Tesla app and accepts it: they become a driver of the car
   * (single use, within 24 h, five drivers at most). `unknown` when no car has the link.
   */
  acceptInvitation(shareLink: string, name = 'Sim Renter'): AcceptOutcome {
    const { world } = this.ctx;
    world.sync();
    const found = findInvitation(world.vehicles, shareLink.trim());
    if (!found) return { ok: false, reason: 'unknown' };
    const [first = 'Sim', ...rest] = name.trim().split(/\s+/);
    return acceptInvitation(found.vehicle, found.invitation, world.nowMs(), {
      first,
      last: rest.join(' '),
    });
  }

  /** Sets the state of charge (%), e.g. a car left at 40 % before a pickup. */
  setBatteryLevel(vin: string, percent: number): void {
    this.ctx.world.sync();
    const v = this.ctx.world.byVin(vin);
    v.batteryLevel = Math.max(0, Math.min(100, percent));
    if (v.chargingState === 'Complete' && v.batteryLevel < v.chargeLimitSoc - 0.5)
      v.chargingState = 'Stopped';
  }

  setOutsideTemp(vin: string, celsius: number): void {
    this.ctx.world.sync();
    this.ctx.world.byVin(vin).outsideTempC = celsius;
  }

  reportTelemetryError(vin: string, error: string): void {
    const { world } = this.ctx;
    world.byVin(vin).telemetryErrors.push({ name: 'vehicle-telemetry-client', error, atMs: world.nowMs() });
  }

  private snapshot(v: SimVehicle): SimVehicleSnapshot {
    const offline = this.ctx.faults.peek(['offline'], v.vin);
    return {
      vin: v.vin,
      id: v.id,
      model: v.spec.carType,
      displayName: v.displayName,
      state: offline ? 'offline' : isOnline(v) ? 'online' : 'asleep',
      lat: v.lat,
      lon: v.lon,
      heading: Math.round(v.heading),
      speedMph: v.activity === 'driving' ? Math.round(v.speedMph) : 0,
      batteryLevel: Math.round(v.batteryLevel * 100) / 100,
      rangeMi: Math.round(ratedRangeMi(v) * 100) / 100,
      chargingState: v.chargingState,
      chargeLimitSoc: v.chargeLimitSoc,
      pluggedIn: v.pluggedIn,
      locked: v.locked,
      sentry: v.sentry,
      odometerMi: Math.round(v.odometerMi * 100) / 100,
      softwareVersion: v.softwareVersion,
      activity: v.activity,
      streaming: this.ctx.telemetry.isStreaming(v.vin),
      keyPaired: v.keyPaired,
      telemetrySkip: telemetrySkip(v, this.ctx.telemetry.isStreaming(v.vin)),
      speedLimit: {
        active: v.speedLimit.active,
        limitMph: v.speedLimit.limitMph,
        pinSet: v.speedLimit.pinSet,
      },
      climateOn: v.climateOn,
      insideTempC: Math.round(v.insideTempC * 10) / 10,
      outsideTempC: Math.round(v.outsideTempC * 10) / 10,
      drivers: sharingOf(v).drivers.length,
    };
  }
}

function fallAsleep(v: SimVehicle): void {
  if (v.activity === 'driving') {
    v.speedMph = 0;
    v.shift = 'P';
    v.trip = null;
  }
  if (v.chargingState === 'Charging') v.chargingState = 'Stopped';
  v.activity = 'asleep';
  v.wakeAtMs = null;
}
