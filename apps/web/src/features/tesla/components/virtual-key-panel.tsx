import type { VirtualKeyOverview } from '@cybertacotruck/contracts';
import { ErrorNotice, Loading, Pill } from '../../../components/status';
import { useConnections } from '../api/list-connections';
import { useCheckPairing, useVirtualKey } from '../api/virtual-key';

type KeyStatus = VirtualKeyOverview['vehicles'][number];

const SKIP_REASONS: Record<string, string> = {
  missing_key: 'key not paired',
  unsupported_firmware: 'firmware too old to stream (needs 2024.26 or later)',
  unsupported_hardware: 'this car cannot stream',
  max_configs: 'the car holds too many telemetry configurations (other apps)',
};

/** Where a car's Fleet Telemetry stands, in the operator's words. */
function streamingLabel(s: KeyStatus['streaming']): { text: string; tone: 'ok' | 'warn' | 'muted' | 'info' } {
  const [firstError] = s.errors;
  if (firstError) return { text: `Telemetry error: ${firstError.error}`, tone: 'warn' };
  switch (s.state) {
    case 'synced':
      return { text: 'Streaming (synced)', tone: 'ok' };
    case 'pending':
      return { text: 'Configured, waiting for the car to connect', tone: 'info' };
    case 'skipped':
      return {
        text: `Skipped: ${SKIP_REASONS[s.reason ?? ''] ?? s.reason ?? 'no reason given'}`,
        tone: 'warn',
      };
    case 'not_configured':
      return { text: 'Not streaming: polled', tone: 'muted' };
  }
}

function keyPill(paired: boolean | null) {
  if (paired === null) return <Pill tone="muted">Key not checked yet</Pill>;
  return paired ? <Pill tone="ok">Key paired</Pill> : <Pill tone="warn">Key not paired</Pill>;
}

/**
 * The app's virtual key: the pairing link and its QR code to open on the phone in the car, and per
 * car whether the key is paired, whether it needs signed commands, and where its streaming stands.
 */
export function VirtualKeyPanel() {
  const keys = useVirtualKey();
  const connections = useConnections();
  const check = useCheckPairing();
  const connected = (connections.data?.items ?? []).filter((c) => c.status === 'connected').map((c) => c.id);
  if (keys.isPending) return <Loading label="Loading virtual keys…" />;
  if (keys.isError) return <ErrorNotice error={keys.error} />;
  const k = keys.data;
  const unpaired = k.vehicles.filter((v) => v.keyPaired !== true).length;
  return (
    <section className="section" aria-labelledby="virtual-key-heading">
      <h2 id="virtual-key-heading">Virtual key</h2>
      <p className="muted">
        Cars stream their data (and take commands) only with this app&apos;s key paired. Open the link on the
        phone in the car, signed in to the owner&apos;s Tesla app, and approve the key.
        {unpaired > 0 && ` ${unpaired} ${unpaired === 1 ? 'car waits' : 'cars wait'} for it.`}
      </p>
      <div className="card pairing">
        <img
          className="pairing-qr"
          src={`data:image/svg+xml;utf8,${encodeURIComponent(k.pairingQrSvg)}`}
          width={168}
          height={168}
          alt={`QR code of the pairing link ${k.pairingUrl}`}
        />
        <div className="card-body">
          <p>
            <a href={k.pairingUrl} target="_blank" rel="noreferrer">
              {k.pairingUrl}
            </a>
          </p>
          <button
            type="button"
            className="button button-small"
            disabled={check.isPending || connected.length === 0}
            onClick={() => {
              check.mutate(connected);
            }}
          >
            {check.isPending ? 'Checking…' : 'I paired a car: check now'}
          </button>
          {!k.publicKeyConfigured && (
            <p className="muted small">
              No public key is served yet (TESLA_PUBLIC_KEY_FILE): Tesla needs it at
              /.well-known/appspecific/com.tesla.3p.public-key.pem before a key can pair.
            </p>
          )}
          <p className="muted small">
            {k.streamingTarget
              ? `Paired cars stream to ${k.streamingTarget}.`
              : 'No fleet-telemetry server is configured (TESLA_TELEMETRY_HOSTNAME): every car is polled.'}
          </p>
        </div>
      </div>
      {check.isError && <ErrorNotice error={check.error} />}
      <ul className="rows" aria-label="Vehicle keys">
        {k.vehicles.map((v) => {
          const streaming = streamingLabel(v.streaming);
          return (
            <li key={v.vehicleId} className="row" data-vin={v.vin}>
              <div className="row-main">
                <p className="row-title">{v.displayName}</p>
                <p className="muted small">
                  {v.vin}
                  {v.firmwareVersion && ` · firmware ${v.firmwareVersion}`}
                  {v.commandProtocolRequired !== null &&
                    (v.commandProtocolRequired ? ' · signed commands only' : ' · takes plain commands')}
                </p>
                <p className={`small streaming-${v.streaming.state}`}>{streaming.text}</p>
              </div>
              <div className="row-side">{keyPill(v.keyPaired)}</div>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
