import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Transaction } from 'kysely';
import type { EventEnvelope } from '@cybertacotruck/contracts';
import { errorText, type ResolvedOptions } from './core';
import { topicOf } from './topics';

/** An outbox row on its way to the transport. */
export interface OutgoingEvent {
  seq: string;
  topic: string;
  envelope: EventEnvelope<unknown>;
}

/** Hands a batch to the transport; throwing leaves the rows unpublished for the next attempt. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Publish = (events: OutgoingEvent[], trx: Transaction<any>) => Promise<void>;

const BATCH = 500;
const PUBLISHED_RETENTION_DAYS = 7;

type OutboxRow = {
  seq: string;
  id: string;
  type: string;
  version: number;
  key: string;
  occurred_at: Date;
  data: unknown;
};

/**
 * Moves one batch of `<schema>.outbox` to the transport, in append order, and marks it published
 * in the same transaction. One relay per schema works at a time (a transaction-scoped advisory
 * lock), so replicas cannot reorder a key's events. Returns how many rows it moved.
 */
export async function relayOnce(o: ResolvedOptions, schema: string, publish: Publish): Promise<number> {
  return o.db.transaction().execute(async (trx) => {
    const lock = await sql<{ ok: boolean }>`
      select pg_try_advisory_xact_lock(hashtext(${`cybertacotruck.relay.${schema}`})) as ok`.execute(trx);
    if (!lock.rows[0]?.ok) return 0;
    const { rows } = await sql<OutboxRow>`
      select seq, id, type, version, key, occurred_at, data from ${sql.id(schema, 'outbox')}
      where published_at is null order by seq limit ${BATCH}`.execute(trx);
    if (rows.length === 0) return 0;
    await publish(
      rows.map((r) => ({
        seq: r.seq,
        topic: topicOf(r.type),
        envelope: {
          id: r.id,
          type: r.type,
          version: r.version,
          occurredAt: new Date(r.occurred_at).toISOString(),
          key: r.key,
          data: r.data,
        },
      })),
      trx,
    );
    await sql`update ${sql.id(schema, 'outbox')} set published_at = now()
      where published_at is null and id = any(${rows.map((r) => r.id)}::uuid[])`.execute(trx);
    return rows.length;
  });
}

/**
 * The relay loop: drains the outbox, then looks again every pollMs (or at once when `wake` is
 * called). A transport failure is logged and retried with backoff; events wait in the outbox, so
 * none is lost while the transport is down.
 */
export function startRelayLoop(
  o: ResolvedOptions,
  schema: string,
  publish: Publish,
  onPublished?: () => void,
): { stop: () => Promise<void>; wake: () => void } {
  const controller = new AbortController();
  let waiter: AbortController | null = null;
  let failures = 0;
  let lastPrune = 0;
  const loop = (async () => {
    while (!controller.signal.aborted) {
      let moved = 0;
      try {
        moved = await relayOnce(o, schema, publish);
        if (failures > 0) o.logger.info({ schema, after: failures }, 'outbox relay recovered');
        failures = 0;
        if (moved > 0) onPublished?.();
        if (Date.now() - lastPrune > 3_600_000) {
          lastPrune = Date.now();
          await sql`delete from ${sql.id(schema, 'outbox')} where published_at
            < now() - make_interval(days => ${PUBLISHED_RETENTION_DAYS})`.execute(o.db);
        }
      } catch (error) {
        failures++;
        // Once per streak at error level, then quieter: a broker outage is one incident.
        const log = failures === 1 ? o.logger.error.bind(o.logger) : o.logger.debug.bind(o.logger);
        log({ schema, failures, err: errorText(error) }, 'outbox relay could not publish; will retry');
      }
      if (moved === BATCH) continue;
      const delay = failures > 0 ? Math.min(o.retryMaxMs, o.retryBaseMs * 2 ** (failures - 1)) : o.pollMs;
      waiter = new AbortController();
      const both = AbortSignal.any([controller.signal, waiter.signal]);
      await sleep(delay, undefined, { signal: both }).catch(() => {});
      waiter = null;
    }
  })();
  return {
    wake: () => waiter?.abort(),
    stop: async () => {
      controller.abort();
      await loop;
    },
  };
}
