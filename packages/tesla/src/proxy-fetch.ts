import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * A `fetch` that trusts one CA (PEM) for HTTPS, for tesla-http-proxy, which serves TLS with a
 * certificate of its own. Only what the Fleet API client sends: method, headers, a string body and
 * an abort signal. Node's global fetch cannot take a CA without a dispatcher from `undici`.
 */
export function fetchTrustingCa(ca: string): typeof fetch {
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const options = { method: init.method ?? 'GET', headers, signal: init.signal ?? undefined };
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const bytes = Buffer.concat(chunks);
          const empty = status === 204 || status === 304 || bytes.length === 0;
          resolve(new Response(empty ? null : bytes, { status, headers: toHeaders(res.headers) }));
        });
      };
      const req =
        url.protocol === 'https:'
          ? httpsRequest(url, { ...options, ca }, onResponse)
          : httpRequest(url, options, onResponse);
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
}

function toHeaders(h: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(h)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(name, v);
  }
  return out;
}
