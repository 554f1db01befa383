import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AnyKysely } from '@cybertacotruck/db';

export interface ReportedCar {
  id: string;
  vin: string;
  displayName: string;
}

/**
 * What the telemetry ingest commits when a car reports: its live state (when `state`) and its
 * `inventory.vehicle.status_changed` event in inventory's outbox, in one transaction; the relay
 * then carries the event to the live stream. With `state: false` only the event says the new
 * battery level, so a page that shows it got it from the stream, not from re-reading the state.
 * Needs the app on a PostgreSQL server the test can write to.
 */
export async function reportVehicleStatus(
  db: AnyKysely,
  car: ReportedCar,
  battery: number,
  o: { state: boolean },
): Promise<void> {
  const at = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    if (o.state)
      await sql`insert into inventory.vehicle_live_state (vehicle_id, connectivity, activity, battery_level, range_mi, data_as_of, last_seen_at)
        values (${car.id}, 'online', 'parked', ${battery}, ${battery * 3}, now(), now())
        on conflict (vehicle_id) do update set battery_level = excluded.battery_level, range_mi = excluded.range_mi`.execute(
        tx,
      );
    const data = {
      vehicleId: car.id,
      vin: car.vin,
      name: car.displayName,
      model: car.vin.startsWith('7SAY') ? 'model_y' : 'model_3',
      connectivity: 'online',
      streaming: true,
      batteryLevel: battery,
      rangeMi: battery * 3,
      lastSeenAt: at,
      reasons: ['battery'],
      at,
    };
    await sql`insert into inventory.outbox (id, type, version, key, occurred_at, data)
      values (${randomUUID()}, 'inventory.vehicle.status_changed', 1, ${car.id}, ${at}::timestamptz, ${JSON.stringify(data)}::jsonb)`.execute(
      tx,
    );
  });
}
