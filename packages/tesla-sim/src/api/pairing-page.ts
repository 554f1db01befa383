import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context';
import type { SimControl } from '../control';
import { escapeHtml } from '../oauth/pages';

const DOMAIN = /^[A-Za-z0-9.:-]{1,253}$/;

/**
 * The stand-in for `https://tesla.com/_ak/<domain>`: on a real phone the Tesla app opens and asks
 * the owner, sitting in the car, to add the app's virtual key. Here one page lists the simulated
 * cars; "Add key" pairs it (as tapping the card on the car's screen does). Never billed.
 */
export async function pairingPageRoutes(
  app: FastifyInstance,
  { ctx, control }: { ctx: SimContext; control: SimControl },
): Promise<void> {
  app.get<{ Params: { domain: string }; Querystring: { paired?: string } }>(
    '/_ak/:domain',
    async (request, reply) => {
      const { domain } = request.params;
      if (!DOMAIN.test(domain)) return reply.code(400).type('text/plain').send('not a domain');
      ctx.world.sync();
      const cars = ctx.world.vehicles
        .map((v) => {
          const form = v.keyPaired
            ? '<p class="muted">Key added</p>'
            : `<form method="post" action="/_ak/${encodeURIComponent(domain)}">` +
              `<input type="hidden" name="vin" value="${escapeHtml(v.vin)}">` +
              `<button type="submit" aria-label="Add key to ${escapeHtml(v.displayName)}">Add key</button></form>`;
          return `<li><strong>${escapeHtml(v.displayName)}</strong> <span class="muted">${escapeHtml(v.vin)} · ${escapeHtml(v.accountEmail)}</span>${form}</li>`;
        })
        .join('\n');
      const done = request.query.paired
        ? `<p role="status">Key added to ${escapeHtml(request.query.paired)}.</p>`
        : '';
      return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Add virtual key</title>
<style>body{font-family:system-ui,sans-serif;margin:0 auto;max-width:420px;padding:24px;color:#171a20}
li{margin:0 0 16px;list-style:none}ul{padding:0}button{height:40px;padding:0 16px;border:0;border-radius:4px;background:#171a20;color:#fff}
.muted{color:#5c5e62;font-size:13px}</style></head>
<body><h1>Add virtual key</h1>
<p><strong>${escapeHtml(domain)}</strong> asks to add its key to your vehicle. (Tesla simulator: on a phone the Tesla app asks this in the car.)</p>
${done}<ul>${cars}</ul></body></html>`);
    },
  );

  app.post<{ Params: { domain: string } }>('/_ak/:domain', async (request, reply) => {
    const { domain } = request.params;
    const vin = isObject(request.body) && typeof request.body.vin === 'string' ? request.body.vin : '';
    if (!DOMAIN.test(domain) || !ctx.world.byTag(vin))
      return reply.code(400).type('text/plain').send('unknown vehicle');
    control.pairKey(vin, true);
    return reply.redirect(`/_ak/${encodeURIComponent(domain)}?paired=${encodeURIComponent(vin)}`, 303);
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
