import { isObj } from './fleet-types';

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

const URL_IN_TEXT = /https?:\/\/[^\s"'<>,;)]+/i;
const TESLA_HOST_IN_TEXT = /\bfleet-api\.[a-z0-9.-]+\.tesla\.(?:com|cn)\b/i;

/**
 * Where a 421 says this account lives: `response.fleet_api_base_url`, a URL or Tesla host named
 * in `error`/`error_description`, or the `Alt-Svc` header (same scheme as the current host).
 */
export function findRegionHost(
  body: Record<string, unknown>,
  altSvc: string | null,
  currentBaseUrl: string,
): string | null {
  const response = body.response;
  if (isObj(response) && typeof response.fleet_api_base_url === 'string') {
    return origin(response.fleet_api_base_url);
  }
  for (const key of ['error', 'error_description'] as const) {
    const text = body[key];
    if (typeof text !== 'string') continue;
    const url = URL_IN_TEXT.exec(text)?.[0];
    if (url) return origin(url);
    const host = TESLA_HOST_IN_TEXT.exec(text)?.[0];
    if (host) return `https://${host}`;
  }
  if (altSvc) {
    // e.g. h2="fleet-api.prd.eu.vn.cloud.tesla.com:443"; ma=86400
    const authority = /="([^"]+)"/.exec(altSvc)?.[1];
    if (authority && !authority.startsWith(':')) {
      const scheme = new URL(currentBaseUrl).protocol;
      const defaultPort = scheme === 'https:' ? ':443' : ':80';
      return origin(
        `${scheme}//${authority.endsWith(defaultPort) ? authority.slice(0, -defaultPort.length) : authority}`,
      );
    }
  }
  return null;
}

function origin(url: string): string | null {
  try {
    const u = new URL(url);
    // Keep a path prefix (a gateway may serve regions under one host) but not an API path.
    const prefix = u.pathname.split('/api/')[0] ?? '';
    return `${u.origin}${prefix}`.replace(/\/+$/, '');
  } catch {
    return null;
  }
}
