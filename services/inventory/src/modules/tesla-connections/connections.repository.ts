import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { ConnectionStatus, InventoryTables, TeslaConnectionTable, TeslaRegionCode } from '../../tables';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export interface ConnectionRecord {
  id: string;
  subject: string;
  label: string;
  region: TeslaRegionCode;
  fleetApiBaseUrl: string;
  status: ConnectionStatus;
  statusReason: string | null;
  scopes: string[];
  lastSyncedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Token columns stay sealed here; only the token store opens them. */
export interface SealedTokens {
  accessTokenSealed: string;
  refreshTokenSealed: string;
  refreshTokenHash: string;
  accessTokenExpiresAt: Date;
}

const toRecord = (row: Selectable<TeslaConnectionTable>): ConnectionRecord => ({
  id: row.id,
  subject: row.subject,
  label: row.label,
  region: row.region,
  fleetApiBaseUrl: row.fleet_api_base_url,
  status: row.status,
  statusReason: row.status_reason,
  scopes: row.scopes,
  lastSyncedAt: row.last_synced_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export class ConnectionsRepository {
  constructor(private readonly db: Kysely<InventoryTables>) {}

  async list(): Promise<ConnectionRecord[]> {
    const rows = await this.db
      .selectFrom('inventory.tesla_connection')
      .selectAll()
      .orderBy('created_at')
      .execute();
    return rows.map(toRecord);
  }

  findById(id: string): Promise<ConnectionRecord | undefined> {
    return this.findOne('id', id);
  }

  /** The Tesla account (`sub`) a connection belongs to: one connection per account. */
  findBySubject(subject: string): Promise<ConnectionRecord | undefined> {
    return this.findOne('subject', subject);
  }

  private async findOne(column: 'id' | 'subject', value: string): Promise<ConnectionRecord | undefined> {
    const row = await this.db
      .selectFrom('inventory.tesla_connection')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  async vehicleCounts(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('inventory.vehicle')
      .select(({ fn }) => ['tesla_connection_id', fn.countAll<number>().as('n')])
      .where('tesla_connection_id', 'is not', null)
      .groupBy('tesla_connection_id')
      .execute();
    return new Map(rows.map((r) => [r.tesla_connection_id ?? '', r.n]));
  }

  /** One Tesla account = one connection: signing in again with it reconnects the same row. */
  async upsert(input: {
    id: string;
    subject: string;
    label: string;
    region: TeslaRegionCode;
    fleetApiBaseUrl: string;
    scopes: string[];
    tokens: SealedTokens;
  }): Promise<ConnectionRecord> {
    const values = {
      label: input.label,
      region: input.region,
      fleet_api_base_url: input.fleetApiBaseUrl,
      status: 'connected' as const,
      status_reason: null,
      scopes: input.scopes,
      access_token_sealed: input.tokens.accessTokenSealed,
      refresh_token_sealed: input.tokens.refreshTokenSealed,
      refresh_token_hash: input.tokens.refreshTokenHash,
      access_token_expires_at: input.tokens.accessTokenExpiresAt,
    };
    const row = await this.db
      .insertInto('inventory.tesla_connection')
      .values({ id: input.id, subject: input.subject, ...values })
      .onConflict((oc) => oc.column('subject').doUpdateSet({ ...values, updated_at: new Date() }))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  async loadSealed(id: string): Promise<(SealedTokens & { status: ConnectionStatus }) | undefined> {
    const row = await this.db
      .selectFrom('inventory.tesla_connection')
      .select([
        'access_token_sealed',
        'refresh_token_sealed',
        'refresh_token_hash',
        'access_token_expires_at',
        'status',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
    return (
      row && {
        accessTokenSealed: row.access_token_sealed,
        refreshTokenSealed: row.refresh_token_sealed,
        refreshTokenHash: row.refresh_token_hash,
        accessTokenExpiresAt: row.access_token_expires_at,
        status: row.status,
      }
    );
  }

  /** Writes the rotated tokens only if the stored refresh token is still the one that was spent. */
  async swapTokens(id: string, expectedRefreshHash: string, next: SealedTokens): Promise<boolean> {
    const result = await this.db
      .updateTable('inventory.tesla_connection')
      .set({
        access_token_sealed: next.accessTokenSealed,
        refresh_token_sealed: next.refreshTokenSealed,
        refresh_token_hash: next.refreshTokenHash,
        access_token_expires_at: next.accessTokenExpiresAt,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('refresh_token_hash', '=', expectedRefreshHash)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async setStatus(id: string, status: ConnectionStatus, reason: string | null): Promise<void> {
    await this.db
      .updateTable('inventory.tesla_connection')
      .set({ status, status_reason: reason, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  async setBaseUrl(id: string, fleetApiBaseUrl: string, region: TeslaRegionCode | null): Promise<void> {
    await this.db
      .updateTable('inventory.tesla_connection')
      .set({ fleet_api_base_url: fleetApiBaseUrl, ...(region ? { region } : {}), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  async markSynced(id: string, at: Date): Promise<void> {
    await this.db
      .updateTable('inventory.tesla_connection')
      .set({ last_synced_at: at })
      .where('id', '=', id)
      .execute();
  }

  // OAuth `state`s: stored hashed, consumed by a DELETE … RETURNING so a state is usable exactly once.
  async saveState(input: {
    state: string;
    codeVerifierSealed: string | null;
    redirectUri: string;
    expiresAt: Date;
  }) {
    await this.db
      .insertInto('inventory.tesla_oauth_state')
      .values({
        state_hash: sha256(input.state),
        code_verifier_sealed: input.codeVerifierSealed,
        redirect_uri: input.redirectUri,
        expires_at: input.expiresAt,
      })
      .execute();
  }

  async consumeState(
    state: string,
  ): Promise<
    { codeVerifierSealed: string | null; redirectUri: string; expiresAt: Date; stateHash: string } | undefined
  > {
    const row = await this.db
      .deleteFrom('inventory.tesla_oauth_state')
      .where('state_hash', '=', sha256(state))
      .returningAll()
      .executeTakeFirst();
    return (
      row && {
        codeVerifierSealed: row.code_verifier_sealed,
        redirectUri: row.redirect_uri,
        expiresAt: row.expires_at,
        stateHash: row.state_hash,
      }
    );
  }

  async purgeExpiredStates(now: Date): Promise<void> {
    await this.db.deleteFrom('inventory.tesla_oauth_state').where('expires_at', '<', now).execute();
  }
}
