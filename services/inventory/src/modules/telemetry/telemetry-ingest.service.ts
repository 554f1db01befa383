import type { Kysely } from 'kysely';
import type { Logger } from '@cybertacotruck/platform';
import type { BillableEvent } from '@cybertacotruck/tesla';
import type { InventoryTables, VehiclePositionTable } from '../../tables';
import type { Observation } from '../live-state/live-state.fold';
import type { LiveStateRow } from '../live-state/live-state.repository';
import {
  decodeTelemetry,
  UndecodableTelemetryError,
  type DecodedTelemetry,
  type RawTelemetryRecord,
  type TelemetryKind,
} from './telemetry-decode';
import { LiveStateCache, VinCache } from './telemetry-cache';
import { foldVehicle, groupByVehicle, inFoldOrder, type FoldedVehicle } from './telemetry-fold';
import { TelemetryRepository, type VersionedLiveState } from './telemetry.repository';
import { appendStatusEvents, type StatusChange } from './vehicle-status';

export interface IngestResult {
  records: number;
  undecodable: number;
  /** The record type of each undecodable record. */
  undecodableKinds: TelemetryKind[];
  /** Records of VINs that are not in the fleet (skipped). */
  unknownVin: number;
  /** Records folded into a vehicle's state (newer or not: older ones change nothing). */
  folded: number;
  vehicles: number;
  rowsWritten: number;
  positions: number;
  events: number;
  /** `created_at` (ms) of every decoded record, for lag accounting once the write committed. */
  createdAtMs: number[];
}

/** A decoded record, or the type of one that could not be decoded. */
export type PreparedRecord = DecodedTelemetry | { undecodable: TelemetryKind };

export interface TelemetryIngestOptions {
  /** Where streamed datums are billed (TESLA.md "Billing"): the runtime's CostMeter. */
  meter?: { record(e: BillableEvent): void };
  logger: Logger;
  /** How long a VIN not in the fleet is remembered as unknown (default 60 s). */
  unknownVinTtlMs?: number;
}

const KNOWN_VIN_TTL_MS = 5 * 60_000;

/**
 * Folds batches of Fleet Telemetry records into live state: decode, VIN → vehicle (`VinCache`), one
 * locked read of the batch's vehicles not cached (`LiveStateCache`), every observation merged in
 * memory in record-time order (telemetry-fold.ts: an older or repeated record never moves state
 * backwards), then one multi-row write of the rows that changed, one insert of position history
 * and the status events, all in one transaction. Idempotent, so a batch delivered twice folds to
 * the same state.
 */
export class TelemetryIngestService {
  readonly repo: TelemetryRepository;
  private readonly vins: VinCache;
  private readonly cache = new LiveStateCache();
  private folding: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<InventoryTables>,
    private readonly options: TelemetryIngestOptions,
  ) {
    this.repo = new TelemetryRepository(db);
    this.vins = new VinCache((vins) => this.repo.vehiclesByVin(vins), {
      knownTtlMs: KNOWN_VIN_TTL_MS,
      unknownTtlMs: options.unknownVinTtlMs ?? 60_000,
    });
  }

  /** Forgets VINs remembered as unknown (a vehicle was just imported). */
  forgetUnknownVins(): void {
    this.vins.forgetUnknown();
  }

  /**
   * Decodes one record (the CPU-heavy part of ingesting; a Kafka consumer does it as records arrive,
   * while the previous write runs). An undecodable record is logged, without its payload, and
   * counted by the ingest that receives it.
   */
  decode(raw: RawTelemetryRecord): PreparedRecord {
    try {
      return decodeTelemetry(raw);
    } catch (error) {
      if (!(error instanceof UndecodableTelemetryError)) throw error;
      // Why, never the payload (it may carry a location).
      this.options.logger.warn(
        { kind: error.kind, reason: error.message },
        'skipping an undecodable telemetry record',
      );
      return { undecodable: error.kind };
    }
  }

  async ingest(records: RawTelemetryRecord[]): Promise<IngestResult> {
    return this.ingestDecoded(records.map((raw) => this.decode(raw)));
  }

  /** Folds decoded records (`decode`) into live state: one transaction. */
  async ingestDecoded(records: PreparedRecord[]): Promise<IngestResult> {
    const result: IngestResult = {
      records: records.length,
      undecodable: 0,
      undecodableKinds: [],
      unknownVin: 0,
      folded: 0,
      vehicles: 0,
      rowsWritten: 0,
      positions: 0,
      events: 0,
      createdAtMs: [],
    };
    const decoded: DecodedTelemetry[] = [];
    for (const record of records) {
      if ('undecodable' in record) {
        result.undecodable++;
        result.undecodableKinds.push(record.undecodable);
      } else decoded.push(record);
    }
    const grouped = groupByVehicle(decoded, await this.vins.resolve(new Set(decoded.map((d) => d.vin))));
    const { byVehicle, billed } = grouped;
    result.createdAtMs = grouped.createdAtMs;
    result.unknownVin = grouped.unknownVin;
    result.folded = grouped.folded;
    result.vehicles = byVehicle.size;
    if (byVehicle.size > 0) await this.fold(byVehicle, result);
    // Billed once the batch committed: a batch that failed is delivered (and billed) again.
    const meter = this.options.meter;
    if (meter) {
      for (const { record, vehicle } of billed) {
        if (vehicle.connectionId === null) continue;
        meter.record({
          connectionId: vehicle.connectionId,
          vin: record.vin,
          category: 'signal',
          count: record.billedSignals,
          at: record.createdAt,
        });
      }
    }
    return result;
  }

  /**
   * One fold at a time per service (a Kafka consumer's concurrent writes would otherwise race for
   * the same rows); decoding, the CPU-heavy part of `ingest`, still overlaps the write before.
   */
  private async fold(byVehicle: Map<string, Observation[]>, result: IngestResult): Promise<void> {
    const previous = this.folding;
    let release = () => {};
    this.folding = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      await this.foldNow(byVehicle, result);
    } finally {
      release();
    }
  }

  /**
   * Vehicles whose row is cached are folded onto the cached copy and written, with their positions,
   * by one statement conditional on each row's `xmin` (unchanged since this process last read or
   * wrote it): no transaction, one round trip. The others (not cached, changed meanwhile by another
   * writer: the Tesla sync, the telemetry-lost sweep, another replica after a rebalance; or with a
   * status event to commit with the row) are then locked, read, folded and written in one
   * transaction. The cache only changes once a write committed. Each part is all or nothing; a batch
   * whose second part failed is delivered again and folds to the same state (idempotent).
   */
  private async foldNow(byVehicle: Map<string, Observation[]>, result: IngestResult): Promise<void> {
    const ids = inFoldOrder(byVehicle);
    const again = await this.deadlockRetried(() => this.foldCached(ids, byVehicle, result));
    if (again.length > 0) await this.deadlockRetried(() => this.foldLocked(again.sort(), byVehicle, result));
  }

  private async deadlockRetried<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        // Two writers that lock the same rows in different orders: PostgreSQL aborts one; again.
        if (attempt >= 3 || (error as { code?: unknown }).code !== '40P01') throw error;
        this.options.logger.warn({ attempt }, 'telemetry fold deadlocked with another writer; retrying');
      }
    }
  }

  /** The optimistic part: returns the vehicles left for the locked part. */
  private async foldCached(
    ids: string[],
    byVehicle: Map<string, Observation[]>,
    result: IngestResult,
  ): Promise<string[]> {
    const again: string[] = [];
    const optimistic = new Map<string, FoldedVehicle>();
    const versions: VersionedLiveState[] = [];
    const positions: VehiclePositionTable[] = [];
    const columns = new Set<keyof LiveStateRow>();
    for (const id of ids) {
      const cached = this.cache.get(id);
      if (!cached) {
        again.push(id);
        continue;
      }
      const folded = foldVehicle(id, cached.row, byVehicle.get(id) ?? [], columns);
      if (!folded) continue;
      // A status event is appended in the transaction that writes its row: the locked part.
      if (folded.change) {
        again.push(id);
        continue;
      }
      optimistic.set(id, folded);
      versions.push({ row: folded.state, xmin: cached.xmin });
      for (const p of folded.positions) positions.push(p);
    }
    if (versions.length === 0) return again;
    const { won, xmin } = await this.repo.updateIfUnchanged(this.db, versions, columns, positions);
    const written: LiveStateRow[] = [];
    for (const [id, folded] of optimistic) {
      if (!won.has(id)) {
        again.push(id);
        continue;
      }
      written.push(folded.state);
      result.positions += folded.positions.length;
    }
    result.rowsWritten += won.size;
    this.cache.committed([...optimistic.keys()], written, xmin, []);
    return again;
  }

  /** The vehicles not written optimistically: locked, read, folded and written in one transaction. */
  private async foldLocked(
    ids: string[],
    byVehicle: Map<string, Observation[]>,
    result: IngestResult,
  ): Promise<void> {
    const written: LiveStateRow[] = [];
    const read: VersionedLiveState[] = [];
    const counts = await this.db.transaction().execute(async (tx) => {
      const positions: VehiclePositionTable[] = [];
      const changes: StatusChange[] = [];
      const current = new Map((await this.repo.lockLiveStates(tx, ids)).map((v) => [v.row.vehicle_id, v]));
      const changed: LiveStateRow[] = [];
      const created: LiveStateRow[] = [];
      const columns = new Set<keyof LiveStateRow>();
      for (const id of ids) {
        const prev = current.get(id);
        const folded = foldVehicle(id, prev?.row, byVehicle.get(id) ?? [], columns);
        if (!folded) {
          if (prev) read.push(prev);
          continue;
        }
        // A created row is not remembered: its vehicle may have been deleted (the insert drops it).
        if (prev) {
          changed.push(folded.state);
          written.push(folded.state);
        } else created.push(folded.state);
        for (const p of folded.positions) positions.push(p);
        if (folded.change) changes.push(folded.change);
      }
      const rows = await this.repo.writeLiveStates(tx, changed, created, columns);
      await this.repo.insertPositions(tx, positions);
      const events = await appendStatusEvents(tx, changes);
      const xmin = written.length > 0 ? await this.repo.currentXmin(tx) : '';
      return { rows, positions: positions.length, events, xmin };
    });
    result.rowsWritten += counts.rows;
    result.positions += counts.positions;
    result.events += counts.events;
    this.cache.committed(ids, written, counts.xmin, read);
  }

  /**
   * Reports streaming vehicles silent for `lostAfterMs` (once each; their next record reports them
   * resumed): `telemetry_lost` events in the transaction that marks them.
   */
  async markTelemetryLost(now: Date, lostAfterMs: number): Promise<number> {
    const cutoff = new Date(now.getTime() - lostAfterMs);
    const count = await this.db.transaction().execute(async (tx) => {
      const rows = await this.repo.markTelemetryLost(tx, cutoff);
      return appendStatusEvents(
        tx,
        rows.map((row) => ({ row, reasons: ['telemetry_lost'], at: now })),
      );
    });
    if (count > 0) this.options.logger.info({ vehicles: count }, 'telemetry lost');
    return count;
  }
}
