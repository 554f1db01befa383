import Type, { type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

export const StreamingStatus = Type.Object({
  state: Type.Enum(['not_configured', 'pending', 'synced', 'skipped'], {
    description:
      'not_configured: not asked to stream (key not paired, or no fleet-telemetry server); pending: configured, the car takes it when it next connects; synced: the car has it; skipped: Tesla refused, see reason',
  }),
  reason: Nullable(
    Type.String({
      description:
        "Tesla's skip reason: missing_key, unsupported_firmware, unsupported_hardware, max_configs (others as Tesla names them)",
    }),
  ),
  errors: Type.Array(
    Type.Object({ name: Type.String(), error: Type.String(), createdAt: Nullable(DateTime) }),
    { description: 'what the car last reported about its telemetry connection' },
  ),
  configuredAt: Nullable(DateTime),
});
export type StreamingStatus = Static<typeof StreamingStatus>;

export const VehicleKeyStatus = Type.Object({
  vehicleId: Type.String({ format: 'uuid' }),
  vin: Type.String(),
  displayName: Type.String(),
  connectionId: Nullable(Type.String({ format: 'uuid' })),
  keyPaired: Nullable(
    Type.Boolean({ description: "the app's virtual key is on the car (null: not asked yet)" }),
  ),
  commandProtocolRequired: Nullable(
    Type.Boolean({ description: 'the car takes only signed commands (Vehicle Command Protocol)' }),
  ),
  firmwareVersion: Nullable(Type.String()),
  telemetryVersion: Nullable(Type.String()),
  statusCheckedAt: Nullable(DateTime),
  streaming: StreamingStatus,
});
export type VehicleKeyStatus = Static<typeof VehicleKeyStatus>;

export const VirtualKeyOverview = Type.Object({
  domain: Type.String({ description: 'the partner domain whose key the cars pair' }),
  pairingUrl: Type.String({ description: 'https://tesla.com/_ak/<domain>: open it on the phone in the car' }),
  pairingQrSvg: Type.String({ description: 'the pairing link as a QR code (SVG)' }),
  publicKeyConfigured: Type.Boolean({
    description: 'the public key is served at /.well-known/appspecific/com.tesla.3p.public-key.pem',
  }),
  streamingTarget: Nullable(
    Type.String({ description: 'host:port cars are configured to stream to; null = polling only' }),
  ),
  vehicles: Type.Array(VehicleKeyStatus),
});
export type VirtualKeyOverview = Static<typeof VirtualKeyOverview>;
