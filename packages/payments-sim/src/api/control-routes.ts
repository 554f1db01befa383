import type { FastifyInstance } from 'fastify';
import type { SimContext } from '../context';
import { StripeError } from '../errors';
import type { FaultSpec } from '../faults';
import { TEST_CARDS } from '../test-cards';

const faultSchema = {
  type: 'object',
  required: ['kind'],
  additionalProperties: false,
  properties: {
    kind: { enum: ['api_error', 'latency', 'webhook_failure', 'processing'] },
    times: { type: 'integer', minimum: 1 },
    status: { type: 'integer', minimum: 500, maximum: 599 },
    path: { type: 'string' },
    ms: { type: 'integer', minimum: 0, maximum: 120_000 },
    delivered: { type: 'boolean' },
  },
} as const;

/**
 * The simulator's own control API (unauthenticated, for tests and scenarios run from another
 * process): state, ledger, faults, webhook endpoints and deliveries, event resend, the 3-D Secure
 * answer without a browser, and an authorization that lapses.
 */
export async function controlRoutes(app: FastifyInstance, { ctx }: { ctx: SimContext }): Promise<void> {
  const fail = (error: unknown): { status: number; body: unknown } => {
    if (error instanceof StripeError) return { status: error.status, body: { error: error.body } };
    throw error;
  };

  app.get('/sim/state', async () => ({
    api_version: ctx.apiVersion,
    counts: {
      payment_intents: ctx.store.paymentIntents.size,
      charges: ctx.store.charges.size,
      refunds: ctx.store.refunds.size,
      customers: ctx.store.customers.size,
      events: ctx.events.list().length,
    },
    webhook_endpoints: ctx.webhooks
      .endpoints()
      .map((e) => ({ id: e.id, url: e.url, enabled_events: e.enabledEvents })),
    faults: ctx.faults.list(),
  }));

  app.get('/sim/test_cards', async () =>
    Object.entries(TEST_CARDS).map(([id, card]) => ({
      payment_method: id,
      brand: card.brand,
      last4: card.last4,
      three_d_secure: card.threeDSecure,
      decline_code: card.decline?.declineCode ?? null,
    })),
  );

  app.get('/sim/ledger', async () => ({ totals: ctx.ledger.totals(), payment_intents: ctx.ledger.all() }));
  app.get<{ Params: { id: string } }>('/sim/ledger/:id', async (request, reply) => {
    const entry = ctx.ledger.get(request.params.id);
    if (!entry)
      return reply.code(404).send({
        error: { type: 'invalid_request_error', message: `No ledger entry for ${request.params.id}` },
      });
    return entry;
  });

  app.post<{ Body: FaultSpec }>('/sim/faults', { schema: { body: faultSchema } }, async (request, reply) => {
    const spec = request.body;
    // The schema cannot tie `ms` to kinds; a latency or processing fault without it is refused here.
    if (
      (spec.kind === 'latency' || spec.kind === 'processing') &&
      typeof (spec as { ms?: unknown }).ms !== 'number'
    ) {
      return reply
        .code(400)
        .send({ error: { type: 'invalid_request_error', message: `a ${spec.kind} fault needs ms` } });
    }
    ctx.faults.add(spec);
    return reply.code(201).send({ faults: ctx.faults.list() });
  });
  app.delete('/sim/faults', async () => {
    ctx.faults.clear();
    return { faults: [] };
  });

  app.post<{ Body: { url: string; secret?: string; enabled_events?: string[] } }>(
    '/sim/webhook_endpoints',
    {
      schema: {
        body: {
          type: 'object',
          required: ['url'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', pattern: '^https?://' },
            secret: { type: 'string', pattern: '^whsec_' },
            enabled_events: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
    async (request, reply) => {
      const endpoint = ctx.webhooks.addEndpoint({
        url: request.body.url,
        secret: request.body.secret,
        enabledEvents: request.body.enabled_events,
      });
      return reply.code(201).send({
        id: endpoint.id,
        url: endpoint.url,
        secret: endpoint.secret,
        enabled_events: endpoint.enabledEvents,
      });
    },
  );
  app.delete<{ Params: { id: string } }>('/sim/webhook_endpoints/:id', async (request, reply) =>
    ctx.webhooks.removeEndpoint(request.params.id) ? reply.code(204).send() : reply.code(404).send(),
  );

  app.get<{ Querystring: { event?: string } }>('/sim/webhooks/deliveries', async (request) => ({
    deliveries: ctx.webhooks.deliveries({ event: request.query.event }),
  }));

  app.post<{ Params: { id: string }; Body: { endpoint?: string; timestamp?: number } | undefined }>(
    '/sim/events/:id/resend',
    {
      schema: {
        body: {
          type: ['object', 'null'],
          additionalProperties: false,
          properties: { endpoint: { type: 'string' }, timestamp: { type: 'integer', minimum: 0 } },
        },
      },
    },
    async (request, reply) => {
      const event = ctx.events.get(request.params.id);
      if (!event)
        return reply.code(404).send({
          error: { type: 'invalid_request_error', message: `No such event: '${request.params.id}'` },
        });
      const deliveries = ctx.webhooks.dispatch(event, {
        only: request.body?.endpoint,
        timestamp: request.body?.timestamp,
        resend: true,
      });
      if (deliveries.length === 0)
        return reply
          .code(404)
          .send({ error: { type: 'invalid_request_error', message: 'No webhook endpoint to resend to' } });
      return reply.code(202).send({ deliveries });
    },
  );

  app.post<{ Params: { id: string }; Body: { outcome: 'complete' | 'fail' } }>(
    '/sim/payment_intents/:id/authenticate',
    {
      schema: {
        body: {
          type: 'object',
          required: ['outcome'],
          properties: { outcome: { enum: ['complete', 'fail'] } },
        },
      },
    },
    async (request, reply) => {
      const state = ctx.store.intentState.get(request.params.id);
      if (!state?.challenge) {
        return reply.code(400).send({
          error: {
            type: 'invalid_request_error',
            message: `${request.params.id} is not waiting for 3-D Secure`,
          },
        });
      }
      try {
        const result = ctx.intents.authenticate(
          state.challenge.source,
          state.challenge.secret,
          request.body.outcome,
        );
        return { payment_intent: result.intent, redirect: result.redirect };
      } catch (error) {
        const { status, body } = fail(error);
        return reply.code(status).send(body);
      }
    },
  );

  app.post<{ Params: { id: string } }>(
    '/sim/payment_intents/:id/expire_authorization',
    async (request, reply) => {
      try {
        return ctx.intents.expireAuthorization(request.params.id);
      } catch (error) {
        const { status, body } = fail(error);
        return reply.code(status).send(body);
      }
    },
  );
}
