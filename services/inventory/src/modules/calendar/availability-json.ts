import type { AvailableView } from './calendar.repository';
import type { PricedModels } from './availability-pricing';
import type { AvailabilityPage } from './calendar.service';

/** The vehicle's JSON up to its distance, `{"id":…,"live":{…},"distanceMi":`. */
export function jsonPrefix(vehicle: AvailableView): string {
  // The keys of the `AvailableVehicle` schema, in its order, and nothing else.
  const view: AvailableView = {
    id: vehicle.id,
    model: vehicle.model,
    displayName: vehicle.displayName,
    color: vehicle.color,
    trim: vehicle.trim,
    modelYear: vehicle.modelYear,
    live: vehicle.live && {
      connectivity: vehicle.live.connectivity,
      batteryLevel: vehicle.live.batteryLevel,
      rangeMi: vehicle.live.rangeMi,
      latitude: vehicle.live.latitude,
      longitude: vehicle.live.longitude,
      dataAsOf: vehicle.live.dataAsOf,
    },
  };
  return `${JSON.stringify(view).slice(0, -1)},"distanceMi":`;
}

/**
 * An availability page as the route's `Availability` schema writes it (the same keys in the same
 * order), from each vehicle's JSON as the availability index keeps it (written when the vehicle
 * was read): writing fifty vehicles' strings and numbers afresh was most of what a search cost
 * once it stopped asking the database. (A distance is a finite number: `String` writes it as JSON
 * does.) Each item's price is its model's, written once per answer by AvailabilityPricing.
 */
export function availabilityJson(page: AvailabilityPage, prices: PricedModels): string {
  let items = '';
  for (const { vehicle, distanceMi, json, atPickup } of page.items) {
    const projected = atPickup === undefined ? '' : `,"atPickup":${JSON.stringify(atPickup)}`;
    items += `${items === '' ? '' : ','}${json ?? jsonPrefix(vehicle)}${distanceMi === null ? 'null' : String(distanceMi)},"price":${prices.priceJson(vehicle.model)}${projected}}`;
  }
  const { from, to } = page.period;
  const next = page.nextOffset === null ? 'null' : String(page.nextOffset);
  return `{"from":"${from.toISOString()}","to":"${to.toISOString()}","items":[${items}],"nextOffset":${next},"priced":${String(prices.priced)}}`;
}
