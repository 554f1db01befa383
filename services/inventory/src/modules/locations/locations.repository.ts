import type { Kysely, Selectable } from 'kysely';
import type { Address, OpeningHours } from '@cybertacotruck/contracts';
import type { InventoryTables, LocationTable } from '../../tables';

export interface LocationRecord {
  id: string;
  name: string;
  address: Address;
  coordinates: { lat: number; lng: number };
  timeZone: string;
  openingHours: OpeningHours;
  instructions: string | null;
  /** E.164. */
  phone: string | null;
  archivedAt: Date | null;
  /** The vehicles whose home this is, in id order. */
  vehicleIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/** A location's columns as the service has checked and normalised them. */
export interface LocationFields {
  name: string;
  address: Address;
  coordinates: { lat: number; lng: number };
  timeZone: string;
  openingHours: OpeningHours;
  instructions: string | null;
  phone: string | null;
}

const toRecord = (row: Selectable<LocationTable>, vehicleIds: string[]): LocationRecord => ({
  id: row.id,
  name: row.name,
  address: row.address,
  coordinates: { lat: row.latitude, lng: row.longitude },
  timeZone: row.time_zone,
  openingHours: row.opening_hours,
  instructions: row.instructions,
  phone: row.phone,
  archivedAt: row.archived_at,
  vehicleIds,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const columns = (f: Partial<LocationFields>) => ({
  ...(f.name !== undefined && { name: f.name }),
  ...(f.address !== undefined && { address: JSON.stringify(f.address) }),
  ...(f.coordinates !== undefined && { latitude: f.coordinates.lat, longitude: f.coordinates.lng }),
  ...(f.timeZone !== undefined && { time_zone: f.timeZone }),
  ...(f.openingHours !== undefined && { opening_hours: JSON.stringify(f.openingHours) }),
  ...(f.instructions !== undefined && { instructions: f.instructions }),
  ...(f.phone !== undefined && { phone: f.phone }),
});

export class LocationsRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  async list(filter: { archived: boolean }): Promise<LocationRecord[]> {
    let query = this.db.selectFrom('inventory.location').selectAll();
    if (!filter.archived) query = query.where('archived_at', 'is', null);
    const rows = await query.orderBy('name').orderBy('id').execute();
    const homes = await this.vehiclesAt(rows.map((r) => r.id));
    return rows.map((r) => toRecord(r, homes.get(r.id) ?? []));
  }

  async findById(id: string): Promise<LocationRecord | undefined> {
    const row = await this.db
      .selectFrom('inventory.location')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toRecord(row, (await this.vehiclesAt([id])).get(id) ?? []);
  }

  async insert(fields: LocationFields): Promise<LocationRecord> {
    const row = await this.db
      .insertInto('inventory.location')
      .values({
        name: fields.name,
        address: JSON.stringify(fields.address),
        latitude: fields.coordinates.lat,
        longitude: fields.coordinates.lng,
        time_zone: fields.timeZone,
        opening_hours: JSON.stringify(fields.openingHours),
        instructions: fields.instructions,
        phone: fields.phone,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row, []);
  }

  /** Only a location that is not archived changes; undefined when there is none such. */
  async update(id: string, patch: Partial<LocationFields>): Promise<LocationRecord | undefined> {
    const row = await this.db
      .updateTable('inventory.location')
      .set({ ...columns(patch), updated_at: new Date() })
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row && toRecord(row, (await this.vehiclesAt([id])).get(id) ?? []);
  }

  /**
   * Archives the location unless a vehicle calls it home. The location row is locked first, so a
   * vehicle being moved here at the same time (its write locks the row too, see VehiclesRepository)
   * either lands first and the archive is refused, or waits and then finds the location archived.
   */
  archive(id: string, at: Date): Promise<'archived' | 'already_archived' | 'in_use' | 'missing'> {
    return this.db.transaction().execute(async (trx) => {
      const location = await trx
        .selectFrom('inventory.location')
        .select(['id', 'archived_at'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!location) return 'missing';
      if (location.archived_at) return 'already_archived';
      const home = await trx
        .selectFrom('inventory.vehicle')
        .select('id')
        .where('home_location_id', '=', id)
        .limit(1)
        .executeTakeFirst();
      if (home) return 'in_use';
      await trx
        .updateTable('inventory.location')
        .set({ archived_at: at, updated_at: at })
        .where('id', '=', id)
        .execute();
      return 'archived';
    });
  }

  private async vehiclesAt(locationIds: string[]): Promise<Map<string, string[]>> {
    const homes = new Map<string, string[]>();
    if (locationIds.length === 0) return homes;
    const rows = await this.db
      .selectFrom('inventory.vehicle')
      .select(['id', 'home_location_id'])
      .where('home_location_id', 'in', locationIds)
      .orderBy('id')
      .execute();
    for (const r of rows) {
      if (!r.home_location_id) continue;
      const list = homes.get(r.home_location_id) ?? [];
      list.push(r.id);
      homes.set(r.home_location_id, list);
    }
    return homes;
  }
}
