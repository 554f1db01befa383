import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { VirtualKeyOverview, type VehicleKeyStatus } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import type { VirtualKeyService, VirtualKeyView } from './virtual-key.service';

export const PUBLIC_KEY_PATH = '/.well-known/appspecific/com.tesla.3p.public-key.pem';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const presentVehicle = ({ vehicle, access }: VirtualKeyView['vehicles'][number]): VehicleKeyStatus => ({
  vehicleId: vehicle.id,
  vin: vehicle.vin,
  displayName: vehicle.displayName,
  connectionId: vehicle.connectionId,
  keyPaired: access.keyPaired,
  commandProtocolRequired: access.commandProtocolRequired,
  firmwareVersion: access.firmwareVersion,
  telemetryVersion: access.telemetryVersion,
  statusCheckedAt: iso(access.statusCheckedAt),
  streaming: {
    state: access.streamingState,
    reason: access.skipReason,
    errors: access.telemetryErrors,
    configuredAt: iso(access.configuredAt),
  },
});

/** The operator's view of the app's virtual key: pairing link, QR code, per-car key and streaming. */
export const virtualKeyRoutes: FastifyPluginAsync<{ keys: VirtualKeyService }> = async (
  fastify,
  { keys },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireOperator);

  app.get(
    '/tesla/virtual-key',
    {
      schema: {
        tags: ['tesla'],
        summary:
          'The virtual-key pairing link (and QR code) and, per car, whether the key is paired and where its Fleet Telemetry streaming stands',
        response: { 200: VirtualKeyOverview },
      },
    },
    async (request) => {
      const view = await keys.overview(request.host);
      return { ...view, vehicles: view.vehicles.map(presentVehicle) };
    },
  );
};

/**
 * The public key Tesla fetches from `https://<domain>/.well-known/…` when the partner account is
 * registered and cars pair: at the root, outside /api/v1, for anyone (it is public).
 */
export const publicKeyRoutes: FastifyPluginAsync<{ keys: () => Promise<VirtualKeyService> }> = async (
  app,
  { keys },
) => {
  app.get(PUBLIC_KEY_PATH, { schema: { hide: true } }, async (_request, reply) => {
    const pem = (await keys()).publicKey();
    return reply.type('application/x-pem-file').header('cache-control', 'public, max-age=3600').send(pem);
  });
};
