/**
 * Standalone payments simulator: `npx tsx packages/payments-sim/src/main.ts`.
 * Env: PAYMENTS_SIM_PORT (4600; 0 = any free port), PAYMENTS_SIM_HOST (127.0.0.1),
 * PAYMENTS_SIM_SECRET_KEY (the key clients send; default the local-only `sk_test_paymentssim_…`),
 * PAYMENTS_SIM_PUBLIC_URL (where browsers reach the 3-D Secure page; default the listening URL),
 * PAYMENTS_SIM_WEBHOOKS (comma-separated `<url>` or `<url>|<whsec_…>`; a missing secret is generated
 * and printed), PAYMENTS_SIM_WEBHOOK_MAX_ATTEMPTS (8), PAYMENTS_SIM_WEBHOOK_BASE_DELAY_MS (1000).
 * Bad values: a message naming each, exit 78 (EX_CONFIG). SIGINT/SIGTERM close it.
 */
import { DEFAULT_SECRET_KEY, startPaymentsSim } from './index';
import type { WebhookEndpointConfig } from './webhooks';

const problems: string[] = [];

function integer(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}=${raw} is not an integer in [${min}, ${max}]`);
    return fallback;
  }
  return n;
}

function webhookEndpoints(): WebhookEndpointConfig[] {
  const raw = process.env.PAYMENTS_SIM_WEBHOOKS ?? '';
  const endpoints: WebhookEndpointConfig[] = [];
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [url = '', secret] = entry.split('|').map((s) => s.trim());
    let ok: boolean;
    try {
      ok = ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) problems.push(`PAYMENTS_SIM_WEBHOOKS: "${url}" is not an http(s) URL`);
    else if (secret !== undefined && !secret.startsWith('whsec_')) {
      problems.push(`PAYMENTS_SIM_WEBHOOKS: the secret for ${url} must start with whsec_`);
    } else endpoints.push(secret ? { url, secret } : { url });
  }
  return endpoints;
}

const port = integer('PAYMENTS_SIM_PORT', 4600, 0, 65_535);
const maxAttempts = integer('PAYMENTS_SIM_WEBHOOK_MAX_ATTEMPTS', 8, 1, 100);
const baseDelayMs = integer('PAYMENTS_SIM_WEBHOOK_BASE_DELAY_MS', 1_000, 1, 3_600_000);
const endpoints = webhookEndpoints();
const secretKey = process.env.PAYMENTS_SIM_SECRET_KEY || DEFAULT_SECRET_KEY;
if (!/^sk_(test|live)_/.test(secretKey))
  problems.push('PAYMENTS_SIM_SECRET_KEY must look like a secret key (sk_test_…)');
if (problems.length > 0) {
  process.stderr.write(`payments-sim: bad configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(78);
}

const sim = await startPaymentsSim({
  port,
  host: process.env.PAYMENTS_SIM_HOST || '127.0.0.1',
  secretKey,
  publicUrl: process.env.PAYMENTS_SIM_PUBLIC_URL || undefined,
  webhookEndpoints: endpoints,
  webhookRetry: { maxAttempts, baseDelayMs },
});

const given = new Set(endpoints.flatMap((e) => (e.secret ? [e.url] : [])));
const lines = [
  `payments-sim listening on ${sim.url} (Stripe API ${sim.apiVersion})`,
  `  api:          ${sim.url}/v1  — new Stripe(key, { host: '${sim.host}', port: ${sim.port}, protocol: 'http' })`,
  // The built-in key is public (it works only here); a configured key is never printed.
  `  secret key:   ${secretKey === DEFAULT_SECRET_KEY ? secretKey : '(from PAYMENTS_SIM_SECRET_KEY)'}`,
  `  control:      ${sim.url}/sim/state, /sim/ledger, /sim/faults, /sim/test_cards`,
  ...sim
    .webhookEndpoints()
    .map((e) => `  webhook:      ${e.url}  secret ${given.has(e.url) ? '(as configured)' : e.secret}`),
  '',
  `  payments-sim is ready at ${sim.url}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    process.stdout.write(`payments-sim: ${signal}, closing\n`);
    sim.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`payments-sim: close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
}
