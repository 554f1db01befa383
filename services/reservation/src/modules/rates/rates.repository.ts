import type { Kysely, Selectable } from 'kysely';
import type { VehicleModel } from '@cybertacotruck/contracts';
import type { RateTable, ReservationTables } from '../../tables';

export interface RateRecord {
  model: VehicleModel;
  dailyRateMinor: number;
  depositMinor: number;
  currency: string;
  updatedAt: Date;
}

const toRecord = (r: Selectable<RateTable>): RateRecord => ({
  model: r.model,
  dailyRateMinor: r.daily_rate_minor,
  depositMinor: r.deposit_minor,
  currency: r.currency,
  updatedAt: r.updated_at,
});

export class RatesRepository {
  constructor(private readonly db: Kysely<ReservationTables>) {}

  async list(): Promise<RateRecord[]> {
    const rows = await this.db.selectFrom('reservation.rate').selectAll().orderBy('model').execute();
    return rows.map(toRecord);
  }

  async find(model: VehicleModel): Promise<RateRecord | undefined> {
    const row = await this.db
      .selectFrom('reservation.rate')
      .selectAll()
      .where('model', '=', model)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async upsert(rate: Omit<RateRecord, 'updatedAt'>, at: Date): Promise<RateRecord> {
    const values = {
      daily_rate_minor: rate.dailyRateMinor,
      deposit_minor: rate.depositMinor,
      currency: rate.currency,
      updated_at: at,
    };
    const row = await this.db
      .insertInto('reservation.rate')
      .values({ model: rate.model, ...values })
      .onConflict((oc) => oc.column('model').doUpdateSet(values))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }
}
