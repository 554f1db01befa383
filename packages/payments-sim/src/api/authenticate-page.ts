import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context';
import { formatMoney } from '../currency';
import { StripeError } from '../errors';

const escape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const page = (title: string, body: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
.card{border:1px solid #ddd;border-radius:8px;padding:1.25rem}button{font-size:1rem;padding:.6rem 1.2rem;margin:.4rem .4rem 0 0;border-radius:6px;border:1px solid #888;cursor:pointer}
button.complete{background:#635bff;color:#fff;border-color:#635bff}small{color:#666}</style></head>
<body><div class="card">${body}</div></body></html>`;

/**
 * The issuer's 3-D Secure challenge, standing in for the bank page Stripe's `redirect_to_url`
 * opens: "Complete" or "Fail" authentication, then back to the `return_url` (with Stripe's query:
 * `payment_intent`, `payment_intent_client_secret`, `redirect_status`). The link's client secret is
 * the capability; a used or unknown link is a 404.
 */
export async function authenticatePageRoutes(
  app: FastifyInstance,
  { ctx }: { ctx: SimContext },
): Promise<void> {
  app.get<{ Params: { source: string }; Querystring: { client_secret?: string } }>(
    '/redirect/authenticate/:source',
    async (request, reply) => {
      const { source } = request.params;
      const secret = request.query.client_secret ?? '';
      const found = [...ctx.store.intentState.entries()].find(
        ([, s]) => s.challenge?.source === source && s.challenge.secret === secret,
      );
      const pi = found ? ctx.store.paymentIntents.get(found[0]) : undefined;
      if (!pi) {
        return reply
          .code(404)
          .type('text/html')
          .send(
            page(
              'Authentication link not valid',
              '<h1>This authentication link is not valid</h1><p>It was used already, or the payment changed.</p>',
            ),
          );
      }
      const pm = pi.payment_method ? ctx.store.paymentMethods.get(pi.payment_method) : undefined;
      const action = (outcome: string): string =>
        `/redirect/authenticate/${encodeURIComponent(source)}/${outcome}`;
      const hidden = `<input type="hidden" name="client_secret" value="${escape(secret)}">`;
      return reply.type('text/html').send(
        page(
          '3D Secure 2 test page',
          `<h1>3D Secure 2 test page</h1>
<p>Payments simulator — a stand-in for the card issuer's authentication.</p>
<p>${escape(formatMoney(pi.amount, pi.currency))} ${escape(pi.currency.toUpperCase())}${pm ? ` · ${escape(pm.card.brand)} •••• ${escape(pm.card.last4)}` : ''}</p>
<form method="post" action="${action('complete')}" style="display:inline">${hidden}<button class="complete" type="submit">Complete</button></form>
<form method="post" action="${action('fail')}" style="display:inline">${hidden}<button type="submit">Fail</button></form>
<p><small>Complete authenticates the payment; Fail refuses it, as a cardholder who cannot confirm.</small></p>`,
        ),
      );
    },
  );

  app.post<{ Params: { source: string; outcome: string }; Body: { client_secret?: string } | undefined }>(
    '/redirect/authenticate/:source/:outcome',
    async (request, reply) => {
      const { source, outcome } = request.params;
      if (outcome !== 'complete' && outcome !== 'fail') return reply.code(404).send();
      try {
        const result = ctx.intents.authenticate(source, request.body?.client_secret ?? '', outcome);
        if (result.redirect) return await reply.redirect(result.redirect, 303);
        const text = result.succeeded
          ? '<h1>Authentication complete</h1><p>You can close this window.</p>'
          : '<h1>Authentication failed</h1><p>You can close this window.</p>';
        return await reply.type('text/html').send(page('3D Secure 2 test page', text));
      } catch (error) {
        if (!(error instanceof StripeError)) throw error;
        return reply
          .code(404)
          .type('text/html')
          .send(
            page(
              'Authentication link not valid',
              '<h1>This authentication link is not valid</h1><p>It was used already, or the payment changed.</p>',
            ),
          );
      }
    },
  );
}
