import { sql, type Migration } from 'kysely';

/**
 * What the in-memory availability index (modules/calendar/availability-index.ts) needs to stay exact:
 * for every vehicle, the id of the last transaction that changed anything a search shows of it (the
 * vehicle row, its live state, its claims). A process keeps the snapshot its index reflects and asks,
 * before answering, which vehicles were changed by transactions that snapshot does not see.
 *
 * One row per vehicle, upserted by statement-level triggers in the writer's own transaction, so it
 * commits (or rolls back) with the change and its `xid` is always that of the latest committed writer
 * (writers of one vehicle queue on its row). TRUNCATE writes the nil uuid: "reload everything".
 */
export const m0004_availability_changes: Migration = {
  async up(db) {
    await sql`
      create table inventory.availability_change (
        vehicle_id uuid primary key,
        xid xid8 not null
      )`.execute(db);
    await sql`create index availability_change_xid_idx on inventory.availability_change (xid)`.execute(db);

    for (const [fn, column] of [
      ['note_vehicle_change', 'id'],
      ['note_vehicle_state_change', 'vehicle_id'],
    ] as const) {
      // Sorted, so two statements touching the same vehicles take their rows in the same order.
      await sql`
        create function ${sql.raw(`inventory.${fn}`)}() returns trigger language plpgsql as $$
        begin
          insert into inventory.availability_change (vehicle_id, xid)
          select distinct ${sql.raw(column)}, pg_current_xact_id() from changed order by 1
          on conflict (vehicle_id) do update set xid = excluded.xid;
          return null;
        end $$`.execute(db);
    }
    await sql`
      create function inventory.note_availability_truncate() returns trigger language plpgsql as $$
      begin
        insert into inventory.availability_change (vehicle_id, xid)
        values ('00000000-0000-0000-0000-000000000000', pg_current_xact_id())
        on conflict (vehicle_id) do update set xid = excluded.xid;
        return null;
      end $$`.execute(db);

    for (const [table, fn] of [
      ['vehicle', 'note_vehicle_change'],
      ['vehicle_live_state', 'note_vehicle_state_change'],
      ['vehicle_claim', 'note_vehicle_state_change'],
    ] as const) {
      // A trigger with a transition table fires for one event only.
      for (const [event, transition] of [
        ['insert', 'new'],
        ['update', 'new'],
        ['delete', 'old'],
      ] as const) {
        await sql`
          create trigger ${sql.raw(`${table}_availability_${event}`)}
          after ${sql.raw(event)} on ${sql.raw(`inventory.${table}`)}
          referencing ${sql.raw(transition)} table as changed
          for each statement execute function ${sql.raw(`inventory.${fn}`)}()`.execute(db);
      }
      await sql`
        create trigger ${sql.raw(`${table}_availability_truncate`)}
        after truncate on ${sql.raw(`inventory.${table}`)}
        for each statement execute function inventory.note_availability_truncate()`.execute(db);
    }
  },
  async down(db) {
    for (const table of ['vehicle', 'vehicle_live_state', 'vehicle_claim']) {
      for (const event of ['insert', 'update', 'delete', 'truncate']) {
        await sql`drop trigger ${sql.raw(`${table}_availability_${event}`)} on ${sql.raw(`inventory.${table}`)}`.execute(
          db,
        );
      }
    }
    await sql`drop function inventory.note_availability_truncate()`.execute(db);
    await sql`drop function inventory.note_vehicle_state_change()`.execute(db);
    await sql`drop function inventory.note_vehicle_change()`.execute(db);
    await sql`drop table inventory.availability_change`.execute(db);
  },
};
