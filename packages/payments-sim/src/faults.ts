/**
 * Injected failures, consumed as they fire:
 * - `api_error`: the next `times` API calls (optionally only under `path`) answer `status` (500)
 *   with Stripe's api_error body before reaching the API (nothing done, nothing saved for replay);
 * - `latency`: the next `times` API calls wait `ms` first;
 * - `webhook_failure`: the next `times` webhook delivery attempts fail. `delivered: false` (default)
 *   drops them before they reach the endpoint; `delivered: true` posts them and then counts the
 *   attempt as failed anyway, so the endpoint sees the same event again (at-least-once);
 * - `processing`: the next `times` confirmations answer `processing` and settle `ms` later
 *   (succeeded / requires_capture, or the card's decline), told by webhooks only.
 */
export type FaultSpec =
  | { kind: 'api_error'; times?: number; status?: number; path?: string }
  | { kind: 'latency'; times?: number; ms: number; path?: string }
  | { kind: 'webhook_failure'; times?: number; delivered?: boolean }
  | { kind: 'processing'; times?: number; ms: number };

interface Active {
  spec: FaultSpec;
  remaining: number;
}

export class FaultBook {
  private faults: Active[] = [];

  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (times > 0) this.faults.push({ spec, remaining: times });
  }

  clear(): void {
    this.faults = [];
  }

  list(): { spec: FaultSpec; remaining: number }[] {
    return this.faults.map((f) => ({ spec: f.spec, remaining: f.remaining }));
  }

  /** The first live fault of `kind` matching `path`; consumes one of its `times`. */
  take<K extends FaultSpec['kind']>(kind: K, path?: string): Extract<FaultSpec, { kind: K }> | undefined {
    const fault = this.faults.find(
      (f) =>
        f.spec.kind === kind &&
        (path === undefined || !('path' in f.spec) || !f.spec.path || path.startsWith(f.spec.path)),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.spec as Extract<FaultSpec, { kind: K }>;
  }
}
