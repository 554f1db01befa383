import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AuthorizeResponse,
  ConnectionIdParams,
  LiveFleet,
  SyncReport,
  TeslaCallbackQuery,
  TeslaConnectionList,
  TrackQuery,
  UsageQuery,
  UsageReport,
  VehicleIdParams,
  VehicleLiveDetail,
  type LiveState,
  type TeslaConnection,
} from '@cybertacotruck/contracts';
import { DomainError, requireOperator } from '@cybertacotruck/platform';
import type { InventoryModules } from '../../index';
import { presentVehicle } from '../vehicles/vehicles.routes';
import type { ConnectionView } from './connections.service';
import type { LiveStateRow } from './live-state.repository';
import { tripsOf } from './trips';
import { usageReport } from './usage.report';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentLive = (s: LiveStateRow): LiveState => ({
  connectivity: s.connectivity,
  activity: s.activity,
  latitude: s.latitude,
  longitude: s.longitude,
  heading: s.heading,
  speedMph: s.speed_mph,
  batteryLevel: s.battery_level,
  rangeMi: s.range_mi,
  chargingState: s.charging_state,
  chargeLimitSoc: s.charge_limit_soc,
  minutesToFull: s.minutes_to_full,
  locked: s.locked,
  sentryMode: s.sentry_mode,
  odometerMi: s.odometer_mi,
  softwareVersion: s.software_version,
  streaming: s.streaming,
  lastSeenAt: iso(s.last_seen_at),
  dataAsOf: iso(s.data_as_of),
});

const presentConnection = (c: ConnectionView): TeslaConnection => ({
  id: c.id,
  label: c.label,
  region: c.region,
  status: c.status,
  statusReason: c.statusReason,
  scopes: c.scopes,
  vehicleCount: c.vehicleCount,
  lastSyncedAt: iso(c.lastSyncedAt),
  createdAt: c.createdAt.toISOString(),
});

/** Production registers one redirect URI with Tesla; otherwise it follows the address in use. */
function redirectUriFor(request: FastifyRequest, configured: string | undefined): string {
  return configured ?? `${request.protocol}://${request.host}/api/v1/tesla/callback`;
}

/** Tesla connections, the live fleet, trips and the Fleet API bill. HTTP only; rules live in the services. */
export const teslaRoutes: FastifyPluginAsync<{ modules: InventoryModules }> = async (
  fastify,
  { modules },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['tesla'];
  // Everything here is the operator's: Tesla accounts, the live fleet, positions, the bill.
  app.addHook('onRequest', requireOperator);
  const { runtime } = modules;

  app.get(
    '/tesla/connections',
    { schema: { tags, summary: 'Connected Tesla accounts', response: { 200: TeslaConnectionList } } },
    async () => ({
      mode: runtime.endpoints.mode,
      simulatorAccounts: (runtime.sim?.accounts ?? []).map((a) => ({ email: a.email, password: a.password })),
      items: (await modules.connections.list()).map(presentConnection),
    }),
  );

  app.post(
    '/tesla/connections/authorize',
    {
      schema: {
        tags,
        summary: "Start connecting a Tesla account: returns the URL of Tesla's sign-in page",
        response: { 200: AuthorizeResponse },
      },
    },
    async (request) =>
      modules.connections.beginSignIn(redirectUriFor(request, modules.config.TESLA_REDIRECT_URI)),
  );

  app.get(
    '/tesla/callback',
    {
      schema: {
        tags,
        summary: "Tesla's redirect after sign-in; sends the operator back to the connections page",
        querystring: TeslaCallbackQuery,
        response: { 302: { type: 'null', description: 'to /operator/tesla with the outcome' } },
      },
    },
    async (request, reply) => {
      const q = request.query;
      try {
        const { connection, imported } = await modules.connections.completeSignIn({
          ...(q.code !== undefined && { code: q.code }),
          ...(q.state !== undefined && { state: q.state }),
          ...(q.error !== undefined && { error: q.error }),
          ...(q.error_description !== undefined && { errorDescription: q.error_description }),
        });
        return await reply.redirect(`/operator/tesla?connected=${connection.id}&imported=${imported}`, 302);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        request.log.warn({ type: error.type }, 'Tesla sign-in refused');
        const params = new URLSearchParams({ error: error.type, detail: error.detail });
        return await reply.redirect(`/operator/tesla?${params.toString()}`, 302);
      }
    },
  );

  app.post(
    '/tesla/connections/:id/sync',
    {
      schema: {
        tags,
        summary: 'Sync one connection now: the vehicle list, then vehicle_data only where the policy says',
        params: ConnectionIdParams,
        response: { 200: SyncReport },
      },
    },
    async (request) => {
      const connection = await modules.connections.get(request.params.id);
      const { connectionId: _id, ...report } = await modules.sync.syncConnection(connection, new Date(), {
        forceList: true,
      });
      return report;
    },
  );

  app.get(
    '/fleet/live',
    { schema: { tags, summary: 'Every vehicle with its live state', response: { 200: LiveFleet } } },
    async () => {
      const [vehicles, states] = await Promise.all([modules.vehicles.list({}), modules.live.all()]);
      const byVehicle = new Map(states.map((s) => [s.vehicle_id, s]));
      return {
        asOf: new Date().toISOString(),
        items: vehicles.map((v) => {
          const s = byVehicle.get(v.id);
          return { vehicle: presentVehicle(v), live: s ? presentLive(s) : null };
        }),
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
      const vehicle = await modules.vehicles.get(request.params.id);
      const hours = request.query.hours ?? 24;
      const [state, track] = await Promise.all([
        modules.live.byVehicle(vehicle.id),
        modules.live.positions(vehicle.id, new Date(Date.now() - hours * 3_600_000), 2_000),
      ]);
      return {
        vehicle: presentVehicle(vehicle),
        live: state ? presentLive(state) : null,
        trips: tripsOf(track).map((trip) => ({
          startedAt: trip.startedAt.toISOString(),
          endedAt: trip.endedAt.toISOString(),
          distanceMi: trip.distanceMi,
          batteryUsed: trip.batteryUsed,
        })),
        track: track.map((p) => ({
          at: p.at.toISOString(),
          latitude: p.latitude,
          longitude: p.longitude,
          speedMph: p.speed_mph,
          batteryLevel: p.battery_level,
        })),
      };
    },
  );

  app.get(
    '/tesla/usage',
    {
      schema: {
        tags,
        summary: 'Billable Fleet API use per vehicle per day, with the dollar estimate',
        querystring: UsageQuery,
        response: { 200: UsageReport },
      },
    },
    async (request) => usageReport(modules, request.query.days ?? 7, new Date()),
  );
};
