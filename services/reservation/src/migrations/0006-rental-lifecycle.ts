import { sql, type Migration } from 'kysely';

/**
 * The rental after confirmation: picked_up (readings at pickup), returned (readings, charges and their
 * total at return), no_show; the fees a version of the terms charges at return (null on version 1:
 * reservations confirmed under it are charged nothing at return); the renters' disputes of a receipt.
 */
export const m0006_rental_lifecycle: Migration = {
  async up(db) {
    await sql`alter table reservation.reservation drop constraint reservation_status_check`.execute(db);
    await sql`alter table reservation.reservation add constraint reservation_status_check
      check (status in ('held', 'confirmed', 'cancelled', 'expired', 'picked_up', 'returned', 'no_show'))`.execute(
      db,
    );
    await sql`alter table reservation.reservation
      add column picked_up_at timestamptz,
      add column picked_up_by text check (picked_up_by in ('operator', 'automatic')),
      add column pickup_readings jsonb,
      add column returned_at timestamptz,
      add column returned_by text check (returned_by in ('operator', 'automatic')),
      add column return_readings jsonb,
      add column return_charges jsonb,
      add column return_total_minor integer check (return_total_minor >= 0),
      add column no_show_at timestamptz`.execute(db);
    // Each status carries exactly the facts it implies.
    await sql`alter table reservation.reservation add constraint reservation_picked_up_check
      check (status not in ('picked_up', 'returned') or (picked_up_at is not null and pickup_readings is not null))`.execute(
      db,
    );
    await sql`alter table reservation.reservation add constraint reservation_returned_check
      check ((status = 'returned') = (returned_at is not null and return_readings is not null
        and return_charges is not null and return_total_minor is not null))`.execute(db);
    await sql`alter table reservation.reservation add constraint reservation_no_show_check
      check ((status = 'no_show') = (no_show_at is not null))`.execute(db);
    // The rental sweep's scans: confirmed past their start (no-show), picked up past their end (return).
    await sql`create index reservation_rental_sweep_idx on reservation.reservation (status, starts_at)
      where status in ('confirmed', 'picked_up')`.execute(db);

    await sql`alter table reservation.terms
      add column included_km_per_day integer check (included_km_per_day >= 0),
      add column per_km_fee_minor integer check (per_km_fee_minor >= 0),
      add column charge_fee_per_percent_minor integer check (charge_fee_per_percent_minor >= 0),
      add column late_grace_minutes integer check (late_grace_minutes >= 0),
      add column late_fee_per_hour_minor integer check (late_fee_per_hour_minor >= 0)`.execute(db);
    await sql`alter table reservation.terms add constraint terms_return_fees_check check (
      num_nulls(included_km_per_day, per_km_fee_minor, charge_fee_per_percent_minor, late_grace_minutes,
        late_fee_per_hour_minor) in (0, 5))`.execute(db);

    await sql`create table reservation.dispute (
      id uuid primary key,
      reservation_id uuid not null references reservation.reservation (id),
      customer_id uuid not null,
      message text not null check (length(message) between 1 and 2000),
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create index dispute_created_idx on reservation.dispute (created_at desc)`.execute(db);
    await sql`create index dispute_reservation_idx on reservation.dispute (reservation_id)`.execute(db);
  },
  async down(db) {
    await sql`drop table reservation.dispute`.execute(db);
    await sql`alter table reservation.terms drop constraint terms_return_fees_check,
      drop column included_km_per_day, drop column per_km_fee_minor, drop column charge_fee_per_percent_minor,
      drop column late_grace_minutes, drop column late_fee_per_hour_minor`.execute(db);
    await sql`drop index reservation.reservation_rental_sweep_idx`.execute(db);
    await sql`alter table reservation.reservation drop constraint reservation_no_show_check,
      drop constraint reservation_returned_check, drop constraint reservation_picked_up_check,
      drop column picked_up_at, drop column picked_up_by, drop column pickup_readings, drop column returned_at,
      drop column returned_by, drop column return_readings, drop column return_charges,
      drop column return_total_minor, drop column no_show_at`.execute(db);
    await sql`alter table reservation.reservation drop constraint reservation_status_check`.execute(db);
    await sql`alter table reservation.reservation add constraint reservation_status_check
      check (status in ('held', 'confirmed', 'cancelled', 'expired'))`.execute(db);
  },
};
