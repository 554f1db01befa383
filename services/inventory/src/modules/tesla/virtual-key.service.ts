import { ProblemTypes } from '@cybertacotruck/contracts';
import { DomainError } from '@cybertacotruck/platform';
import QRCode from 'qrcode';
import type {
  LinkedVehicle,
  TeslaAccessRepository,
  VehicleTeslaAccess,
} from '../fleet-sync/tesla-access.repository';
import type { TeslaRuntime } from './tesla-runtime';

export interface VirtualKeyView {
  domain: string;
  pairingUrl: string;
  pairingQrSvg: string;
  publicKeyConfigured: boolean;
  streamingTarget: string | null;
  vehicles: Array<{ vehicle: LinkedVehicle; access: VehicleTeslaAccess }>;
}

export class PublicKeyNotConfiguredError extends DomainError {
  constructor() {
    super(
      ProblemTypes.teslaPublicKeyNotConfigured,
      404,
      'No public key configured',
      "This app serves no Tesla public key: set TESLA_PUBLIC_KEY_FILE (or TESLA_PUBLIC_KEY) to the EC P-256 public key (PEM) registered with Tesla's partner account.",
    );
  }
}

/**
 * The app's virtual key as the operator sees it: the partner domain, the pairing link an owner
 * opens on the phone in the car (with its QR code), and per car what `fleet_status` and the
 * streaming set-up last found. Reads only what the sync stored: no Tesla call, nothing billed.
 */
export class VirtualKeyService {
  private qr: { url: string; svg: Promise<string> } | undefined;

  constructor(
    private readonly runtime: Pick<TeslaRuntime, 'endpoints' | 'streamingTarget'>,
    private readonly access: Pick<TeslaAccessRepository, 'linked'>,
    private readonly settings: {
      /** TESLA_PARTNER_DOMAIN, else the host of PUBLIC_URL. */
      domain: string | undefined;
      publicKey: string | undefined;
    },
  ) {}

  /** The PEM served at /.well-known/appspecific/com.tesla.3p.public-key.pem. */
  publicKey(): string {
    if (this.settings.publicKey === undefined) throw new PublicKeyNotConfiguredError();
    return this.settings.publicKey;
  }

  /** `requestHost` names the domain when none is configured (a laptop: the address in use). */
  async overview(requestHost: string): Promise<VirtualKeyView> {
    const domain = this.settings.domain ?? requestHost.replace(/:\d+$/, '');
    const endpoints = await this.runtime.endpoints();
    const pairingUrl = `${endpoints.pairingBaseUrl}/${domain}`;
    if (this.qr?.url !== pairingUrl)
      this.qr = { url: pairingUrl, svg: QRCode.toString(pairingUrl, { type: 'svg', margin: 1 }) };
    const target = await this.runtime.streamingTarget();
    return {
      domain,
      pairingUrl,
      pairingQrSvg: await this.qr.svg,
      publicKeyConfigured: this.settings.publicKey !== undefined,
      streamingTarget: target ? `${target.hostname}:${target.port}` : null,
      vehicles: await this.access.linked(),
    };
  }
}
