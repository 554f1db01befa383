import { sql, type Kysely, type Transaction } from 'kysely';
import type { InventoryTables, VehiclePositionTable } from '../../tables';
import type { LiveStateRow } from '../live-state/live-state.repository';

/** A live row and its version (`xmin`). */
export interface VersionedLiveState {
  row: LiveStateRow;
  xmin: string;
}

export interface VehicleOfVin {
  id: string;
  vin: string;
  connectionId: string | null;
}

/** Every column a fold writes, in the order the multi-row upsert lists them, with its SQL type. */
const LIVE_COLUMNS = [
  ['vehicle_id', 'uuid'],
  ['connectivity', 'text'],
  ['activity', 'text'],
  ['latitude', 'float8'],
  ['longitude', 'float8'],
  ['heading', 'float8'],
  ['speed_mph', 'float8'],
  ['battery_level', 'float8'],
  ['range_mi', 'float8'],
  ['charging_state', 'text'],
  ['charge_limit_soc', 'float8'],
  ['minutes_to_full', 'float8'],
  ['locked', 'boolean'],
  ['sentry_mode', 'boolean'],
  ['sentry_state', 'text'],
  ['odometer_mi', 'float8'],
  ['tpms_fl_bar', 'float8'],
  ['tpms_fr_bar', 'float8'],
  ['tpms_rl_bar', 'float8'],
  ['tpms_rr_bar', 'float8'],
  ['software_version', 'text'],
  ['streaming', 'boolean'],
  ['last_seen_at', 'timestamptz'],
  ['activity_since', 'timestamptz'],
  ['data_as_of', 'timestamptz'],
  ['last_polled_at', 'timestamptz'],
  ['last_telemetry_at', 'timestamptz'],
  ['telemetry_lost', 'boolean'],
] as const satisfies readonly (readonly [keyof LiveStateRow, string])[];

/** The timestamptz columns of a live row (JSON carries them as ISO 8601 text). */
const TIMESTAMP_COLUMNS = [
  ...LIVE_COLUMNS.filter(([, type]) => type === 'timestamptz').map(([c]) => c),
  'updated_at',
] as const;

const POSITION_COLUMNS = [
  ['vehicle_id', 'uuid'],
  ['at', 'timestamptz'],
  ['latitude', 'float8'],
  ['longitude', 'float8'],
  ['speed_mph', 'float8'],
  ['heading', 'float8'],
  ['battery_level', 'float8'],
] as const satisfies readonly (readonly [keyof VehiclePositionTable, string])[];

const names = (columns: readonly (readonly [string, string])[]) =>
  sql.raw(columns.map(([c]) => c).join(', '));

/**
 * The optimistic write's JSON carries timestamps as epoch milliseconds (JSON numbers, exact in
 * float8), turned back into `timestamptz` in SQL: no `toISOString` per date in the hot path.
 */
const onWire = (type: string) => (type === 'timestamptz' ? 'float8' : type);
const fromWire = (alias: string, column: string, type: string) =>
  type === 'timestamptz' ? `to_timestamp(${alias}.${column} / 1000::float8)` : `${alias}.${column}`;

/**
 * Set-based reads and writes of a telemetry fold: one statement each, whatever the batch size. Rows
 * travel as one JSON parameter (`json_populate_recordset` over the table's own row type), which
 * node-postgres and PGlite both send as text, so no statement grows its parameters with the batch.
 */
export class TelemetryRepository {
  constructor(readonly db: Kysely<InventoryTables>) {}

  async vehiclesByVin(vins: string[]): Promise<VehicleOfVin[]> {
    if (vins.length === 0) return [];
    const { rows } = await sql<{ id: string; vin: string; tesla_connection_id: string | null }>`
      select id, vin, tesla_connection_id from inventory.vehicle
      where vin in (select jsonb_array_elements_text(${JSON.stringify(vins)}::jsonb))`.execute(this.db);
    return rows.map((r) => ({ id: r.id, vin: r.vin, connectionId: r.tesla_connection_id }));
  }

  /**
   * The live rows of `vehicleIds`, locked, taken in id order (two folds never deadlock), each with
   * its `xmin` (the transaction that wrote it: the version a later conditional update checks). Each
   * row comes back as one JSON text (parsed natively) rather than 24 typed columns: parsing those,
   * timestamps above all, was most of this read's cost for a fleet-sized batch.
   */
  async lockLiveStates(
    tx: Transaction<InventoryTables>,
    vehicleIds: string[],
  ): Promise<VersionedLiveState[]> {
    if (vehicleIds.length === 0) return [];
    // A fleet-sized batch sorts ~10 MB here (and hashes as much in the UPDATE): in memory, not on
    // disk as the default 4 MB work_mem would have it. For this transaction only.
    await sql`set local work_mem = '64MB'`.execute(tx);
    const { rows } = await sql<{ row: string; xmin: string }>`
      select to_json(s)::text as row, s.xmin::text as xmin from inventory.vehicle_live_state s
      where vehicle_id in (select v::uuid from jsonb_array_elements_text(${JSON.stringify(vehicleIds)}::jsonb) v)
      order by vehicle_id
      for update`.execute(tx);
    return rows.map(({ row, xmin }) => {
      const state = JSON.parse(row) as Record<string, unknown>;
      for (const column of TIMESTAMP_COLUMNS) {
        const value = state[column];
        if (typeof value === 'string') state[column] = new Date(value);
      }
      return { row: state as unknown as LiveStateRow, xmin };
    });
  }

  /**
   * Optimistic write of rows folded from a cached copy, with their position history, in ONE
   * statement (atomic on its own, so no transaction and one round trip): a multi-row UPDATE setting
   * `columns` of each row whose `xmin` is still the one it was read (or last written) with, and the
   * insert of the positions of the rows it updated. Returns the ids it updated and their new version
   * (the statement's transaction id); a row another writer changed meanwhile (or deleted) is left
   * alone, with its positions, for the caller to lock, read and fold again. A concurrent writer's row
   * is waited for and then re-checked (PostgreSQL re-evaluates the condition on the newest version),
   * so nothing it wrote is lost.
   */
  async updateIfUnchanged(
    db: Kysely<InventoryTables>,
    rows: readonly VersionedLiveState[],
    columns: ReadonlySet<keyof LiveStateRow>,
    positions: readonly VehiclePositionTable[] = [],
  ): Promise<{ won: Set<string>; xmin: string }> {
    if (rows.length === 0) return { won: new Set(), xmin: '' };
    const set = LIVE_COLUMNS.filter(([c]) => c !== 'vehicle_id' && columns.has(c));
    const updates = sql.raw(
      [...set.map(([c, type]) => `${c} = ${fromWire('x', c, type)}`), 'updated_at = now()'].join(', '),
    );
    const definition = sql.raw(
      [['vehicle_id', 'uuid'], ['xmin', 'xid'], ...set].map(([c, type]) => `${c} ${onWire(type)}`).join(', '),
    );
    // Each row as a plain object of its id, version and the columns set, timestamps as numbers: one
    // JSON.stringify on its fast path (a key-list replacer and toISOString per date were ~5% of the
    // consumer's CPU).
    const records: Record<string, unknown>[] = new Array<Record<string, unknown>>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const { row, xmin } = rows[i] as VersionedLiveState;
      const record: Record<string, unknown> = { vehicle_id: row.vehicle_id, xmin };
      for (const [c] of set) {
        const value = row[c];
        record[c] = value instanceof Date ? value.getTime() : value;
      }
      records[i] = record;
    }
    const positionRows = positions.map((p) => ({ ...p, at: p.at.getTime() }));
    const { rows: updated } = await sql<{ vehicle_id: string; xmin: string }>`
      with u as (
        update inventory.vehicle_live_state s set ${updates}
        from json_to_recordset(${JSON.stringify(records)}::json) as x(${definition})
        where s.vehicle_id = x.vehicle_id and s.xmin = x.xmin
        returning s.vehicle_id, s.xmin
      ), p as (
        insert into inventory.vehicle_position (${names(POSITION_COLUMNS)})
        select ${sql.raw(POSITION_COLUMNS.map(([c, type]) => fromWire('y', c, type)).join(', '))}
        from json_to_recordset(${JSON.stringify(positionRows)}::json) as y(${sql.raw(
          POSITION_COLUMNS.map(([c, type]) => `${c} ${onWire(type)}`).join(', '),
        )})
        where y.vehicle_id in (select vehicle_id from u)
        on conflict (vehicle_id, at) do nothing
      )
      select vehicle_id, xmin::text as xmin from u`.execute(db);
    return {
      won: new Set(updated.map((r) => r.vehicle_id)),
      xmin: updated[0]?.xmin ?? '',
    };
  }

  /** The transaction's own id as `xmin` shows it: the version of every row this transaction wrote. */
  async currentXmin(tx: Transaction<InventoryTables>): Promise<string> {
    const { rows } = await sql<{ xmin: string }>`select pg_current_xact_id()::xid::text as xmin`.execute(tx);
    return (rows[0] as { xmin: string }).xmin;
  }

  /**
   * Writes folded rows: one multi-row UPDATE of the rows the fold read (locked), setting only
   * `columns` (those any of them changed in: the rest of each row is what it read, so the JSON and
   * the UPDATE skip them), and one multi-row upsert of the vehicles that had none yet (dropped if the
   * vehicle was deleted meanwhile).
   */
  async writeLiveStates(
    tx: Transaction<InventoryTables>,
    existing: LiveStateRow[],
    created: LiveStateRow[],
    columns: ReadonlySet<keyof LiveStateRow> = new Set(LIVE_COLUMNS.map(([c]) => c)),
  ): Promise<number> {
    let written = 0;
    const set = LIVE_COLUMNS.filter(([c]) => c !== 'vehicle_id' && columns.has(c)).map(([c]) => c);
    if (existing.length > 0) {
      const updates = sql.raw([...set.map((c) => `${c} = x.${c}`), 'updated_at = now()'].join(', '));
      // A key list as the replacer: each row's JSON carries only the id and the columns set.
      const json = JSON.stringify(existing, ['vehicle_id', ...set]);
      const result = await sql`
        update inventory.vehicle_live_state s set ${updates}
        from json_populate_recordset(null::inventory.vehicle_live_state, ${json}::json) x
        where s.vehicle_id = x.vehicle_id`.execute(tx);
      written += Number(result.numAffectedRows ?? 0);
    }
    if (created.length > 0) {
      const excluded = sql.raw(
        LIVE_COLUMNS.filter(([c]) => c !== 'vehicle_id')
          .map(([c]) => `${c} = excluded.${c}`)
          .join(', '),
      );
      const result = await sql`
        insert into inventory.vehicle_live_state (${names(LIVE_COLUMNS)}, updated_at)
        select ${names(LIVE_COLUMNS)}, now()
        from json_populate_recordset(null::inventory.vehicle_live_state, ${JSON.stringify(created)}::json) x
        where exists (select 1 from inventory.vehicle v where v.id = x.vehicle_id)
        order by vehicle_id
        on conflict (vehicle_id) do update set ${excluded}, updated_at = now()`.execute(tx);
      written += Number(result.numAffectedRows ?? 0);
    }
    return written;
  }

  async insertPositions(tx: Transaction<InventoryTables>, rows: VehiclePositionTable[]): Promise<void> {
    if (rows.length === 0) return;
    await sql`
      insert into inventory.vehicle_position (${names(POSITION_COLUMNS)})
      select ${names(POSITION_COLUMNS)}
      from json_populate_recordset(null::inventory.vehicle_position, ${JSON.stringify(rows)}::json) x
      where exists (select 1 from inventory.vehicle v where v.id = x.vehicle_id)
      on conflict (vehicle_id, at) do nothing`.execute(tx);
  }

  /**
   * Marks streaming, online vehicles silent since `cutoff` as having lost telemetry (once: the flag
   * stays until their next record), returning their rows.
   */
  async markTelemetryLost(tx: Transaction<InventoryTables>, cutoff: Date): Promise<LiveStateRow[]> {
    return tx
      .updateTable('inventory.vehicle_live_state')
      .set({ telemetry_lost: true, updated_at: new Date() })
      .where('streaming', '=', true)
      .where('telemetry_lost', '=', false)
      .where('connectivity', '=', 'online')
      .where('last_telemetry_at', '<', cutoff)
      .returningAll()
      .execute();
  }
}
