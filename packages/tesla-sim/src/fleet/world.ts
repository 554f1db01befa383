import type { SimClock } from '../clock';
import { localDay, planDay, type DayPlan } from './schedule';
import type { SimAccount } from './seed';
import { isOnline, park, plugIn, startDrive, stepVehicle, type SimVehicle } from './vehicle-model';

/** The model advances in steps of this much simulated time. */
export const STEP_MS = 10_000;

export interface StepObserver {
  /** Called after every step of every car, with whether the car was online before the step. */
  afterStep(v: SimVehicle, wasOnline: boolean, nowMs: number): void;
}

/** The fleet on the simulated clock: runs every car's model and routine up to "now". */
export class FleetWorld {
  private modelMs: number;
  private readonly plans = new Map<string, DayPlan>();
  private readonly observers: StepObserver[] = [];
  private running = false;

  constructor(
    private readonly seed: number,
    readonly accounts: SimAccount[],
    readonly vehicles: SimVehicle[],
    private readonly clock: SimClock,
    private readonly routine = true,
  ) {
    this.modelMs = clock.nowMs();
  }

  observe(observer: StepObserver): void {
    this.observers.push(observer);
  }

  account(email: string): SimAccount | undefined {
    return this.accounts.find((a) => a.email.toLowerCase() === email.toLowerCase());
  }

  vehiclesOf(email: string): SimVehicle[] {
    return this.vehicles.filter((v) => v.accountEmail === email);
  }

  /** A vehicle by its numeric id or VIN (any account). */
  byTag(tag: string): SimVehicle | undefined {
    return this.vehicles.find((v) => v.vin === tag.toUpperCase() || String(v.id) === tag);
  }

  byVin(vin: string): SimVehicle {
    const v = this.byTag(vin);
    if (!v) throw new Error(`tesla-sim: no vehicle with VIN ${vin}`);
    return v;
  }

  /** Brings the model up to the clock's now. Called before every read and after every advance. */
  sync(): void {
    this.runUntil(this.clock.nowMs());
  }

  runUntil(targetMs: number): void {
    // Observers may read the world (and so call sync); a nested run would step twice.
    if (this.running) return;
    this.running = true;
    try {
      while (this.modelMs < targetMs) {
        const dt = Math.min(STEP_MS, targetMs - this.modelMs);
        const from = this.modelMs;
        this.modelMs += dt;
        for (const v of this.vehicles) {
          const wasOnline = isOnline(v);
          if (this.routine) this.applyRoutine(v, from, this.modelMs);
          stepVehicle(v, this.modelMs, dt);
          for (const o of this.observers) o.afterStep(v, wasOnline, this.modelMs);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Scenario helpers run at the model's current time. */
  drive(vin: string, minutes: number): void {
    this.sync();
    startDrive(this.byVin(vin), this.modelMs, minutes);
  }

  park(vin: string): void {
    this.sync();
    park(this.byVin(vin), this.modelMs);
  }

  plugIn(vin: string): void {
    this.sync();
    plugIn(this.byVin(vin), this.modelMs);
  }

  nowMs(): number {
    return this.modelMs;
  }

  private plan(v: SimVehicle, day: number): DayPlan {
    const key = `${v.index}:${day}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = planDay(this.seed, v.index, day, v.utcOffsetHours);
      this.plans.set(key, plan);
      // Keep the cache small: only the days around now matter.
      if (this.plans.size > this.vehicles.length * 4) this.plans.delete(this.plans.keys().next().value ?? '');
    }
    return plan;
  }

  /** Starts the trips and evening charges the plan has in (fromMs, toMs]. */
  private applyRoutine(v: SimVehicle, fromMs: number, toMs: number): void {
    const first = localDay(fromMs, v.utcOffsetHours);
    const last = localDay(toMs, v.utcOffsetHours);
    for (let day = first; day <= last; day++) {
      const plan = this.plan(v, day);
      for (const trip of plan.trips) {
        if (trip.startMs > fromMs && trip.startMs <= toMs && v.activity !== 'driving' && v.batteryLevel > 15)
          startDrive(v, toMs, trip.minutes);
      }
      if (
        plan.plugInMs > fromMs &&
        plan.plugInMs <= toMs &&
        v.activity !== 'driving' &&
        v.batteryLevel < v.chargeLimitSoc - 3
      )
        plugIn(v, toMs);
    }
  }
}
