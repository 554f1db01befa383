import pg from 'pg';
import { adminUrl } from '@cybertacotruck/db/testing';

/** Integration tests need the PostgreSQL server: fail once, clearly, instead of in every file. */
export default async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl()} (${String(error)}). Start it, or point TEST_DATABASE_ADMIN_URL at a server where the user may create databases.`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
