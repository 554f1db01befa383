import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  LiveFleet,
  TrackQuery,
  VehicleIdParams,
  VehicleLiveDetail,
  type LiveState,
} from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import { presentVehicle } from '../vehicles/vehicles.routes';
import type { LiveFleetService } from './live-fleet.service';
import type { VehicleLiveState } from './live-state.types';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentLive = (s: VehicleLiveState): LiveState => ({
  connectivity: s.connectivity,
  activity: s.activity,
  latitude: s.latitude,
  longitude: s.longitude,
  heading: s.heading,
  speedMph: s.speedMph,
  batteryLevel: s.batteryLevel,
  rangeMi: s.rangeMi,
  chargingState: s.chargingState,
  chargeLimitSoc: s.chargeLimitSoc,
  minutesToFull: s.minutesToFull,
  locked: s.locked,
  sentryMode: s.sentryMode,
  sentryState: s.sentryState,
  odometerMi: s.odometerMi,
  softwareVersion: s.softwareVersion,
  streaming: s.streaming,
  lastSeenAt: iso(s.lastSeenAt),
  dataAsOf: iso(s.dataAsOf),
});

/** The live fleet and one vehicle's track and trips: positions, so the operator's only. */
export const liveFleetRoutes: FastifyPluginAsync<{ liveFleet: LiveFleetService }> = async (
  fastify,
  { liveFleet },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['tesla'];
  app.addHook('onRequest', requireOperator);

  app.get(
    '/fleet/live',
    { schema: { tags, summary: 'Every vehicle with its live state', response: { 200: LiveFleet } } },
    async () => {
      const { asOf, items } = await liveFleet.fleet();
      return {
        asOf: asOf.toISOString(),
        items: items.map((i) => ({
          vehicle: presentVehicle(i.vehicle),
          live: i.live && presentLive(i.live),
          ...(i.readNow ? { readNow: i.readNow } : {}),
        })),
      };
    },
  );

  app.get(
    '/vehicles/:id/live',
    {
      schema: {
        tags,
        summary: 'One vehicle live, with its recent track',
        params: VehicleIdParams,
        querystring: TrackQuery,
        response: { 200: VehicleLiveDetail },
      },
    },
    async (request) => {
      const d = await liveFleet.vehicle(request.params.id, request.query.hours ?? 24);
      return {
        vehicle: presentVehicle(d.vehicle),
        live: d.live && presentLive(d.live),
        trips: d.trips.map((trip) => ({
          startedAt: trip.startedAt.toISOString(),
          endedAt: trip.endedAt.toISOString(),
          distanceMi: trip.distanceMi,
          batteryUsed: trip.batteryUsed,
        })),
        track: d.track.map((p) => ({
          at: p.at.toISOString(),
          latitude: p.latitude,
          longitude: p.longitude,
          speedMph: p.speedMph,
          batteryLevel: p.batteryLevel,
        })),
      };
    },
  );
};
