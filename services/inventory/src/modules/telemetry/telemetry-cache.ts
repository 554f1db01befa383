import type { LiveStateRow } from '../live-state/live-state.repository';
import type { VehicleOfVin, VersionedLiveState } from './telemetry.repository';

// What the ingest remembers between batches, so a steady stream costs no read per batch: which
// vehicle a VIN is, and each vehicle's live row as this process last read or wrote it.

export interface VinCacheOptions {
  /** How long a VIN of the fleet is remembered. */
  knownTtlMs: number;
  /** How long a VIN not in the fleet is remembered as unknown (its records are skipped meanwhile). */
  unknownTtlMs: number;
  /** The clock (ms since the epoch); tests pass their own. */
  now?: () => number;
}

/** VIN → vehicle, or → none, each for a while; the VINs not remembered are looked up together. */
export class VinCache {
  private readonly entries = new Map<string, { vehicle: VehicleOfVin | null; until: number }>();
  private readonly now: () => number;

  constructor(
    private readonly lookup: (vins: string[]) => Promise<VehicleOfVin[]>,
    private readonly options: VinCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The vehicles of `vins` that are in the fleet, by VIN; one lookup for those not remembered. */
  async resolve(vins: Iterable<string>): Promise<Map<string, VehicleOfVin>> {
    const now = this.now();
    const found = new Map<string, VehicleOfVin>();
    const missing: string[] = [];
    for (const vin of vins) {
      const cached = this.entries.get(vin);
      if (cached && cached.until > now) {
        if (cached.vehicle) found.set(vin, cached.vehicle);
      } else missing.push(vin);
    }
    if (missing.length > 0) {
      const rows = await this.lookup(missing);
      const byVin = new Map(rows.map((r) => [r.vin, r]));
      for (const vin of missing) {
        const vehicle = byVin.get(vin) ?? null;
        const ttl = vehicle ? this.options.knownTtlMs : this.options.unknownTtlMs;
        this.entries.set(vin, { vehicle, until: now + ttl });
        if (vehicle) found.set(vin, vehicle);
      }
    }
    return found;
  }

  /** Forgets VINs remembered as unknown (a vehicle was just imported). */
  forgetUnknown(): void {
    for (const [vin, entry] of this.entries) if (!entry.vehicle) this.entries.delete(vin);
  }
}

/**
 * Live rows as this process last read or wrote them, with their version (`xmin`): a fold writes a
 * remembered row with one conditional UPDATE instead of locking and reading it first. It changes
 * only once a transaction committed (`committed`), so a rolled-back write is never remembered.
 */
export class LiveStateCache {
  private readonly rows = new Map<string, VersionedLiveState>();

  get(vehicleId: string): VersionedLiveState | undefined {
    return this.rows.get(vehicleId);
  }

  /**
   * After a fold of `vehicleIds` committed: all of them are forgotten, then the rows it wrote are
   * remembered at `xmin` (the writing transaction's id) and the rows it read unchanged at theirs.
   * A vehicle of the batch neither written nor read (its row was created, or changed elsewhere) is
   * read again by the next fold that touches it.
   */
  committed(
    vehicleIds: readonly string[],
    written: readonly LiveStateRow[],
    xmin: string,
    read: readonly VersionedLiveState[],
  ): void {
    for (const id of vehicleIds) this.rows.delete(id);
    for (const row of written) this.rows.set(row.vehicle_id, { row, xmin });
    for (const version of read) this.rows.set(version.row.vehicle_id, version);
  }
}
