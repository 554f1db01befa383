import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context';
import { apiError, StripeError, type StripeErrorBody } from '../errors';
import type { RequestMeta } from '../events';
import { newId } from '../ids';
import { canonical, parseForm, type FormObject } from '../params';

export type Handler = (
  form: FormObject,
  meta: RequestMeta,
  request: FastifyRequest<{ Params: Record<string, string> }>,
) => unknown;

/**
 * One API call as Stripe serves it: `Request-Id`, the secret key (Bearer or Basic), injected faults,
 * then idempotency (POSTs with `Idempotency-Key`: replay, mismatch, in flight), then the handler;
 * every error in Stripe's `{"error": {…}}` shape with Stripe's status.
 */
export async function serve(
  ctx: SimContext,
  request: FastifyRequest<{ Params: Record<string, string> }>,
  reply: FastifyReply,
  handler: Handler,
): Promise<FastifyReply> {
  const requestId = newId('req');
  void reply.header('request-id', requestId).header('stripe-version', ctx.apiVersion);
  const path = request.url.split('?')[0] ?? request.url;
  // Set once this request holds the key: only the holder may free it (not a 409'd latecomer).
  let reserved: string | null = null;
  try {
    authenticate(ctx, request);
    const fault = ctx.faults.take('api_error', path);
    if (fault) throw apiError(fault.status ?? 500);
    const form =
      request.method === 'POST'
        ? ((request.body as FormObject | undefined) ?? {})
        : parseForm(request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '');
    const header = request.headers['idempotency-key'];
    const key = request.method === 'POST' && typeof header === 'string' && header !== '' ? header : null;
    if (key) {
      void reply.header('idempotency-key', key);
      const check = ctx.idempotency.begin(key, `${request.method} ${path}`, canonical(form));
      if (check.kind === 'new') reserved = key;
      if (check.kind === 'replay') {
        return await reply
          .header('idempotent-replayed', 'true')
          .header('original-request', check.response.requestId)
          .code(check.response.status)
          .send(check.response.body);
      }
    }
    const latency = ctx.faults.take('latency', path);
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency.ms));
    let status = 200;
    let body: unknown;
    try {
      body = await handler(form, { requestId, idempotencyKey: key }, request);
    } catch (error) {
      if (!(error instanceof StripeError) || !error.executed) throw error;
      status = error.status;
      body = { error: error.body };
    }
    if (reserved) ctx.idempotency.finish(reserved, { status, body: structuredClone(body), requestId });
    return await reply.code(status).send(body);
  } catch (error) {
    if (reserved) ctx.idempotency.abandon(reserved);
    if (error instanceof StripeError) {
      if (error.body.type === 'idempotency_error' || error.status === 409)
        void reply.header('stripe-should-retry', error.status === 409 ? 'true' : 'false');
      return reply.code(error.status).send({ error: error.body });
    }
    request.log.error({ err: error }, 'payments-sim handler failed');
    const body: StripeErrorBody = { type: 'api_error', message: 'An unknown error occurred' };
    return reply.code(500).send({ error: body });
  }
}

function authenticate(ctx: SimContext, request: FastifyRequest): void {
  const header = request.headers.authorization ?? '';
  let key = '';
  if (header.startsWith('Bearer ')) key = header.slice('Bearer '.length).trim();
  else if (header.startsWith('Basic ')) {
    key = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8').split(':')[0] ?? '';
  }
  if (key === '') {
    throw new StripeError(
      401,
      {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      },
      false,
    );
  }
  if (key !== ctx.secretKey) {
    // Never echo a key: Stripe masks all but its prefix and last four characters.
    const masked = `${key.slice(0, Math.min(8, key.length))}${'*'.repeat(Math.max(0, key.length - 12))}${key.length > 12 ? key.slice(-4) : ''}`;
    throw new StripeError(
      401,
      { type: 'invalid_request_error', message: `Invalid API Key provided: ${masked}` },
      false,
    );
  }
}
