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
