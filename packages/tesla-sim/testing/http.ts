import type { TeslaSim } from '../src/types';

export interface ApiResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** A minimal Fleet API caller for tests: JSON in, JSON out, with a bearer token. */
export function fleetApi(sim: TeslaSim, token: string, region: 'na' | 'eu' | 'cn' = 'na') {
  return async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ApiResult<T>> => {
    // As FleetApiClient does: commands and telemetry configurations go through the signing proxy.
    const viaProxy =
      method === 'POST' && (path === '/api/1/vehicles/fleet_telemetry_config' || path.includes('/command/'));
    const base = viaProxy ? sim.oauth.proxyUrl : sim.regionBaseUrl(region);
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as T };
  };
}

export interface HtmlForm {
  action: string;
  fields: Record<string, string>;
  buttons: Array<{ name: string; value: string; label: string }>;
}

/** Just enough HTML parsing for the sim's own pages: the first form, its inputs and buttons. */
export function parseForm(html: string): HtmlForm {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error(`no form in page:\n${html}`);
  const fields: Record<string, string> = {};
  for (const input of form[2]?.matchAll(/<input([^>]*)>/g) ?? []) {
    const attrs = input[1] ?? '';
    const name = /name="([^"]*)"/.exec(attrs)?.[1];
    if (name) fields[name] = unescape(/value="([^"]*)"/.exec(attrs)?.[1] ?? '');
  }
  const buttons = [...(form[2]?.matchAll(/<button([^>]*)>([^<]*)<\/button>/g) ?? [])].map((b) => ({
    name: /name="([^"]*)"/.exec(b[1] ?? '')?.[1] ?? '',
    value: /value="([^"]*)"/.exec(b[1] ?? '')?.[1] ?? '',
    label: b[2] ?? '',
  }));
  return { action: unescape(form[1] ?? ''), fields, buttons };
}

function unescape(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export async function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}
