import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchTrustingCa } from './proxy-fetch';

// A stand-in for tesla-http-proxy: HTTPS with a self-signed certificate of its own (made by openssl).
describe('fetchTrustingCa', () => {
  let dir: string;
  let server: Server;
  let cert: string;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'proxy-ca-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ response: { method: req.method, type: req.headers['content-type'], body } }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches a server whose certificate it was given, sending method, headers and body', async () => {
    const res = await fetchTrustingCa(cert)(`${url}/api/1/vehicles/fleet_telemetry_config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"vins":[]}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response: { method: 'POST', type: 'application/json', body: '{"vins":[]}' },
    });
  });

  it('refuses the same server without its certificate (as global fetch does)', async () => {
    const other = execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=other',
        '-keyout',
        '/dev/null',
      ],
      { encoding: 'utf8' },
    );
    await expect(fetchTrustingCa(other)(`${url}/`)).rejects.toThrow();
    await expect(fetch(`${url}/`)).rejects.toThrow();
  });
});
