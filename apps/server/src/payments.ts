import { randomBytes } from 'node:crypto';
import Type from 'typebox';
import { parseConfig, type ServiceContext } from '@cybertacotruck/platform';
import { startPaymentsSim } from '@cybertacotruck/payments-sim';
import {
  PaymentsConfigSchema,
  stripeClient,
  stripeFromConfig,
  type PaymentsWiring,
} from '@cybertacotruck/reservation';

/** The key of the payments simulator this host runs in its own process (the reservation service has none). */
export const EmbeddedPaymentsConfigSchema = Type.Object({
  PAYMENTS_SIM_PORT: Type.Integer({
    minimum: 0,
    maximum: 65535,
    default: 0,
    description: 'port of the built-in payments simulator, 0-65535 (0 = any free one)',
  }),
});

/**
 * Stripe for the embedded process (`npm start`): Stripe itself with STRIPE_SECRET_KEY (or a
 * simulator at STRIPE_API_URL); otherwise the payments simulator started here, its webhooks signed
 * with a secret made for this run and sent to this process once it listens. In production only with
 * PAYMENTS_SIMULATOR=true (stripeFromConfig refuses otherwise).
 */
export async function embeddedPayments(ctx: ServiceContext): Promise<PaymentsWiring> {
  const config = parseConfig(PaymentsConfigSchema, ctx.env);
  const configured = stripeFromConfig(config, ctx.config, { canStartSimulator: true });
  if (configured) return { gateway: configured };
  const own = parseConfig(EmbeddedPaymentsConfigSchema, ctx.env);
  const sim = await startPaymentsSim({ port: own.PAYMENTS_SIM_PORT });
  const webhookSecret = `whsec_${randomBytes(24).toString('hex')}`;
  ctx.logger.info({ url: sim.url }, 'payments simulator started (no STRIPE_SECRET_KEY configured)');
  return {
    gateway: {
      mode: 'simulator',
      stripe: stripeClient(sim.secretKey, sim.url),
      webhookSecret,
      publishableKey: null,
    },
    onListening: (url) => {
      sim.addWebhookEndpoint({ url, secret: webhookSecret });
    },
    close: () => sim.close(),
  };
}
