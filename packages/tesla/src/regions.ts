export type TeslaRegion = 'na' | 'eu' | 'cn';

export const TESLA_REGIONS: readonly TeslaRegion[] = ['na', 'eu', 'cn'];

/** Fleet API hosts per region (TESLA.md). NA also serves Asia-Pacific; EU serves EMEA. */
export const FLEET_API_BASE_URLS: Readonly<Record<TeslaRegion, string>> = {
  na: 'https://fleet-api.prd.na.vn.cloud.tesla.com',
  eu: 'https://fleet-api.prd.eu.vn.cloud.tesla.com',
  cn: 'https://fleet-api.prd.cn.vn.cloud.tesla.cn',
};

/** A region code as Tesla writes it (`ou_code` "NA", `/users/region` "na"), or null. */
export function parseTeslaRegion(code: unknown): TeslaRegion | null {
  if (typeof code !== 'string') return null;
  const lower = code.trim().toLowerCase();
  return TESLA_REGIONS.find((r) => r === lower) ?? null;
}

/** The region a base URL belongs to, when it is one of Tesla's hosts. */
export function regionOfBaseUrl(url: string): TeslaRegion | null {
  const origin = url.replace(/\/+$/, '');
  return TESLA_REGIONS.find((r) => FLEET_API_BASE_URLS[r] === origin) ?? null;
}

/**
 * Token endpoints per region. NA and EU share Tesla's global auth; China has its own
 * (`auth.tesla.cn`), which refuses the other audiences, as the global one refuses China's.
 */
export const TESLA_TOKEN_URLS: Readonly<Record<TeslaRegion, string>> = {
  na: 'https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token',
  eu: 'https://fleet-auth.prd.vn.cloud.tesla.com/oauth2/v3/token',
  cn: 'https://auth.tesla.cn/oauth2/v3/token',
};

/** Where one region's Fleet API is and where its tokens (audience = that URL) come from. */
export interface TeslaRegionEndpoint {
  region: TeslaRegion;
  fleetApiBaseUrl: string;
  tokenUrl: string;
}

/** Tesla's endpoints for the given regions (all by default), in the order given. */
export function teslaRegionEndpoints(
  regions: readonly TeslaRegion[] = TESLA_REGIONS,
  o: { globalTokenUrl?: string } = {},
): TeslaRegionEndpoint[] {
  return regions.map((region) => ({
    region,
    fleetApiBaseUrl: FLEET_API_BASE_URLS[region],
    tokenUrl: region === 'cn' ? TESLA_TOKEN_URLS.cn : (o.globalTokenUrl ?? TESLA_TOKEN_URLS[region]),
  }));
}
