import type { Kysely, Selectable } from 'kysely';
import type { ReturnFees } from '@cybertacotruck/contracts';
import type { ReservationTables, TermsTable } from '../../tables';

export interface TermsRecord {
  version: number;
  title: string;
  body: string;
  publishedAt: Date;
  /** What a return charges under this version; null (version 1): nothing. */
  returnFees: ReturnFees | null;
}

const feesOf = (r: Selectable<TermsTable>): ReturnFees | null =>
  r.included_km_per_day === null ||
  r.per_km_fee_minor === null ||
  r.charge_fee_per_percent_minor === null ||
  r.late_grace_minutes === null ||
  r.late_fee_per_hour_minor === null
    ? null
    : {
        includedKmPerDay: r.included_km_per_day,
        perKmFeeMinor: r.per_km_fee_minor,
        chargeFeePerPercentMinor: r.charge_fee_per_percent_minor,
        lateGraceMinutes: r.late_grace_minutes,
        lateFeePerHourMinor: r.late_fee_per_hour_minor,
      };

const toRecord = (r: Selectable<TermsTable>): TermsRecord => ({
  version: r.version,
  title: r.title,
  body: r.body,
  publishedAt: r.published_at,
  returnFees: feesOf(r),
});

export class TermsRepository {
  constructor(private readonly db: Kysely<ReservationTables>) {}

  async current(): Promise<TermsRecord | undefined> {
    const row = await this.db
      .selectFrom('reservation.terms')
      .selectAll()
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async find(version: number): Promise<TermsRecord | undefined> {
    const row = await this.db
      .selectFrom('reservation.terms')
      .selectAll()
      .where('version', '=', version)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** The next version: the serial makes two operators publishing at once get two versions. */
  async publish(title: string, body: string, fees: ReturnFees | null, at: Date): Promise<TermsRecord> {
    const row = await this.db
      .insertInto('reservation.terms')
      .values({
        title,
        body,
        published_at: at,
        included_km_per_day: fees?.includedKmPerDay ?? null,
        per_km_fee_minor: fees?.perKmFeeMinor ?? null,
        charge_fee_per_percent_minor: fees?.chargeFeePerPercentMinor ?? null,
        late_grace_minutes: fees?.lateGraceMinutes ?? null,
        late_fee_per_hour_minor: fees?.lateFeePerHourMinor ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }
}
