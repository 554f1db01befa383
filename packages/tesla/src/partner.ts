import type { TeslaRegion } from './regions';
import type { TeslaOAuthClient } from './oauth';

export interface PartnerRegistration {
  region: TeslaRegion;
  baseUrl: string;
  /** HTTP status of the registration call. */
  status: number;
  registered: boolean;
  /** The public key Tesla now serves for the domain (checked after registering), when it answered. */
  publicKey: string | null;
  error: string | null;
}

/**
 * Registers the app's domain as a partner account in EVERY region (Tesla answers 412 "must be
 * registered in the current region" otherwise), then reads the public key back to confirm.
 * Needs the app's client secret (partner token = client credentials). Host the EC P-256 public key
 * at https://<domain>/.well-known/appspecific/com.tesla.3p.public-key.pem first.
 */
export async function registerPartnerAccount(o: {
  oauth: Pick<TeslaOAuthClient, 'partnerToken'>;
  domain: string;
  regions: Partial<Record<TeslaRegion, string>>;
  fetch?: typeof fetch;
}): Promise<PartnerRegistration[]> {
  const doFetch = o.fetch ?? fetch;
  const { accessToken } = await o.oauth.partnerToken();
  const headers = { authorization: `Bearer ${accessToken}`, accept: 'application/json' };
  const results: PartnerRegistration[] = [];
  for (const [region, baseUrl] of Object.entries(o.regions) as [TeslaRegion, string][]) {
    const res = await doFetch(`${baseUrl}/api/1/partner_accounts`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ domain: o.domain }),
    });
    const body = (await res.json().catch(() => ({}))) as { error?: string; error_description?: string };
    let publicKey: string | null = null;
    if (res.ok) {
      const check = await doFetch(
        `${baseUrl}/api/1/partner_accounts/public_key?domain=${encodeURIComponent(o.domain)}`,
        { headers },
      );
      const checked = (await check.json().catch(() => ({}))) as { response?: { public_key?: string } };
      publicKey = check.ok ? (checked.response?.public_key ?? null) : null;
    }
    results.push({
      region,
      baseUrl,
      status: res.status,
      registered: res.ok,
      publicKey,
      error: res.ok
        ? null
        : [body.error, body.error_description].filter(Boolean).join(': ') || `HTTP ${res.status}`,
    });
  }
  return results;
}
