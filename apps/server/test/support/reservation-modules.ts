import { sql, type KyselyPlugin } from 'kysely';
import type { CalendarClient } from '@cybertacotruck/contracts';
import { inventoryService } from '@cybertacotruck/inventory';
import type { Database } from '@cybertacotruck/db';
import type { TestEngine } from '@cybertacotruck/db/testing';
import { parseConfig, type Env } from '@cybertacotruck/platform';
import { createTestApp, principalStub, type TestApp } from '@cybertacotruck/platform/testing';
import {
  InventoryCalendarClient,
  modulesOf,
  repositories,
  ReservationConfigSchema,
  reservationService,
  type ReservationDeps,
  type ReservationModules,
  type ReservationTables,
} from '@cybertacotruck/reservation';
import { reservationSnapshot } from '@cybertacotruck/reservation/testing';

/**
 * Test helpers for reservations composed with the real inventory calendar (in one process, as
 * `npm start` runs them). Only tests read both services' tables, to show what each one holds.
 */
export const composeReservations = (engine: TestEngine, env: Env = {}): Promise<TestApp> =>
  createTestApp(engine, [inventoryService, principalStub, reservationService], {
    TESLA_SYNC: 'false',
    // Tests make many holds as one customer; reservation-limits.test.ts sets the limits it tests.
    RESERVATION_MAX_ACTIVE_HOLDS: '1000',
    RESERVATION_MAX_UPCOMING: '1000',
    ...env,
  });

export interface ClaimRow {
  id: string;
  kind: string;
  status: string;
  reference: string | null;
  expires_at: Date | null;
}

/** A vehicle's calendar claims, oldest first. */
export async function claimsOf(db: Database, vehicleId: string): Promise<ClaimRow[]> {
  const { rows } = await sql<ClaimRow>`
    select id, kind, status, reference, expires_at from inventory.vehicle_claim
    where vehicle_id = ${vehicleId} order by created_at, id`.execute(db.kysely);
  return rows;
}

/** Lets a reservation's hold lapse, in the reservation and in the calendar, without waiting. */
export async function lapseHold(db: Database, reservationId: string): Promise<void> {
  await sql`update reservation.reservation set hold_expires_at = now() - interval '1 second'
    where id = ${reservationId}`.execute(db.kysely);
  await sql`update inventory.vehicle_claim set expires_at = now() - interval '1 second'
    where reference = ${reservationId}`.execute(db.kysely);
}

/** The reservation tables' snapshot plus every calendar claim: what an accepted request changes. */
export async function snapshot(db: Database): Promise<string> {
  const { rows } = await sql<{ claims: string }>`
    select coalesce(string_agg(concat_ws('|', id, kind, status, expires_at), ',' order by id), '') as claims
    from inventory.vehicle_claim`.execute(db.kysely);
  return `${await reservationSnapshot(db)} // ${rows[0]?.claims ?? ''}`;
}

/** Answers recorded under idempotency keys, by status. */
export async function recordedAnswers(db: Database): Promise<Record<string, number>> {
  const { rows } = await sql<{ status: number | null; n: number }>`
    select response_status as status, count(*)::int as n from reservation.idempotency_key
    group by response_status`.execute(db.kysely);
  return Object.fromEntries(rows.map((r) => [String(r.status), r.n]));
}

/**
 * The reservation modules over a composed app's database and real calendar, without its workers (a
 * test runs sweeps and reconciliation itself). With `faults`, every statement passes through that
 * Kysely plugin and every calendar call through `wrapCalendar`, so a test can fail any step.
 */
export function reservationModulesOver(
  harness: TestApp,
  faults?: { plugin: KyselyPlugin; wrapCalendar: (real: CalendarClient) => CalendarClient },
): ReservationModules {
  const plain = harness.db.kysely.withTables<ReservationTables>();
  const db = faults ? plain.withPlugin(faults.plugin) : plain;
  const real = new InventoryCalendarClient(harness.app.peers);
  const deps: ReservationDeps = {
    db,
    repos: repositories(db),
    config: parseConfig(ReservationConfigSchema, {}),
    calendar: faults ? faults.wrapCalendar(real) : real,
    now: () => new Date(),
    logger: harness.app.log,
  };
  return modulesOf(deps);
}
