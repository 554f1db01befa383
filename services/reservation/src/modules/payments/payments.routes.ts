import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { PaymentsConfig, ReservationIdParams, ReservationPayments } from '@cybertacotruck/contracts';
import { principalOf, requireSignedIn } from '@cybertacotruck/platform';
import type { PaymentsService } from './payments.service';

/** Payments over HTTP: the web app's card setup, a reservation's payments, Stripe's webhooks. */
export const paymentsRoutes: FastifyPluginAsync<{ payments: PaymentsService }> = async (
  fastify,
  { payments },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['reservation'];

  app.get(
    '/payments/config',
    {
      schema: {
        tags,
        summary: 'How the web app collects a card: Stripe (publishable key) or the simulator’s test cards',
        response: { 200: PaymentsConfig },
      },
    },
    async () => payments.config(),
  );

  app.get(
    '/reservations/:id/payments',
    {
      onRequest: requireSignedIn,
      schema: {
        tags,
        summary: 'A reservation’s payments (rental, deposit), its ledger and totals',
        description:
          'Its customer and operators (another customer gets 404). Amounts in minor units; net = captured − refunded.',
        params: ReservationIdParams,
        response: { 200: ReservationPayments },
      },
    },
    async (request) => payments.forReservation(principalOf(request), request.params.id),
  );

  // Stripe signs the exact bytes it sent: this route alone keeps the body raw.
  await app.register(async (raw) => {
    raw.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
      done(null, body);
    });
    raw.withTypeProvider<TypeBoxTypeProvider>().post(
      '/payments/webhook',
      {
        schema: {
          tags,
          summary: 'Stripe webhooks: verified by Stripe-Signature on the raw body, each event handled once',
          description:
            '400 webhook-signature-invalid when the signature does not verify (nothing changes). A replayed event answers 200 with duplicate: true and changes nothing.',
          response: {
            200: Type.Object({ received: Type.Literal(true), duplicate: Type.Boolean() }),
          },
        },
      },
      async (request) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from('');
        const signature = request.headers['stripe-signature'];
        const { duplicate } = await payments.webhook(
          body,
          typeof signature === 'string' ? signature : undefined,
        );
        return { received: true as const, duplicate };
      },
    );
  });
};
