import type { Kysely, Selectable } from 'kysely';
import type { ReservationTables, TermsTable } from '../../tables';

export interface TermsRecord {
  version: number;
  title: string;
  body: string;
  publishedAt: Date;
}

const toRecord = (r: Selectable<TermsTable>): TermsRecord => ({
  version: r.version,
  title: r.title,
  body: r.body,
  publishedAt: r.published_at,
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
  async publish(title: string, body: string, at: Date): Promise<TermsRecord> {
    const row = await this.db
      .insertInto('reservation.terms')
      .values({ title, body, published_at: at })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }
}
