/** Injected failures. Request faults answer instead of the real handler while `times` lasts. */
export type FaultKind =
  'asleep' | 'rate_limit' | 'server_error' | 'expired_token' | 'revoked' | 'wrong_region' | 'offline';

export interface FaultSpec {
  vin?: string;
  kind: FaultKind;
  /** How many matching requests it affects; default Infinity (wrong_region: 1, it moves the account). */
  times?: number;
  retryAfterSeconds?: number;
  status?: number;
}

export interface ActiveFault {
  readonly spec: FaultSpec;
  remaining: number;
}

export class FaultBook {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? (spec.kind === 'wrong_region' ? 1 : Infinity);
    if (times > 0) this.faults.push({ spec: { ...spec, vin: spec.vin?.toUpperCase() }, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * The first live fault of one of `kinds` that applies to a request about `vin` (or to any request,
   * when the fault names no VIN); consumes one of its `times`.
   */
  take(kinds: readonly FaultKind[], vin: string | undefined): FaultSpec | undefined {
    const fault = this.find(kinds, vin);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.spec;
  }

  /** Whether a fault applies, without consuming it (for lists that show many cars). */
  peek(kinds: readonly FaultKind[], vin: string | undefined): boolean {
    return this.find(kinds, vin) !== undefined;
  }

  private find(kinds: readonly FaultKind[], vin: string | undefined): ActiveFault | undefined {
    return this.faults.find(
      (f) => kinds.includes(f.spec.kind) && (f.spec.vin === undefined || f.spec.vin === vin?.toUpperCase()),
    );
  }
}
