import Stripe from 'stripe';
import Type, { type Static } from 'typebox';
import { ConfigError, type BaseConfig } from '@cybertacotruck/platform';
import type { PaymentsGateway } from './payments.service';

/** Stripe's keys (secrets: never logged nor echoed in a configuration error) and the payments worker. */
export const PaymentsConfigSchema = Type.Object({
  STRIPE_SECRET_KEY: Type.Optional(
    Type.String({
      pattern: '^(sk|rk)_[A-Za-z0-9_]{8,}$',
      secret: true,
      description:
        "Stripe's secret key (sk_live_… or sk_test_…); without it, npm start uses the payments simulator",
    }),
  ),
  STRIPE_WEBHOOK_SECRET: Type.Optional(
    Type.String({
      pattern: '^whsec_[A-Za-z0-9_]{8,}$',
      secret: true,
      description: "the webhook endpoint's signing secret (whsec_…), required with STRIPE_SECRET_KEY",
    }),
  ),
  STRIPE_PUBLISHABLE_KEY: Type.Optional(
    Type.String({
      pattern: '^pk_[A-Za-z0-9_]{8,}$',
      description: "Stripe's publishable key (pk_…), for the web app's card form",
    }),
  ),
  STRIPE_API_URL: Type.Optional(
    Type.String({
      pattern: '^https?://[^/]+/?$',
      description:
        'a payments simulator running as its own process, e.g. http://payments-sim:4600 (with its STRIPE_SECRET_KEY); production needs PAYMENTS_SIMULATOR=true for it',
    }),
  ),
  PAYMENTS_SIMULATOR: Type.Boolean({
    default: false,
    description: 'true or false: allow the payments simulator in production (never by default)',
  }),
  PAYMENTS_TASK_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 2_000,
    description:
      'milliseconds between passes of the payments worker (refunds, releases and captures owed to Stripe), 100-600000',
  }),
});
export type PaymentsConfig = Static<typeof PaymentsConfigSchema>;

/**
 * Stripe from the configuration, for a process that cannot start a simulator itself (the
 * reservation service alone): the real API with STRIPE_SECRET_KEY, a simulator at STRIPE_API_URL,
 * or, outside production, none (confirmations then take no payment; the embedded host always has
 * one). Throws a ConfigError saying what to set.
 */
export function stripeFromConfig(
  config: PaymentsConfig,
  base: Pick<BaseConfig, 'NODE_ENV'>,
  host: { canStartSimulator: boolean } = { canStartSimulator: false },
): PaymentsGateway | null {
  const production = base.NODE_ENV === 'production';
  if (!config.STRIPE_SECRET_KEY) {
    if (config.STRIPE_API_URL)
      throw new ConfigError([
        'STRIPE_API_URL is set without STRIPE_SECRET_KEY: give the simulator’s secret key too',
      ]);
    if (production && !(host.canStartSimulator && config.PAYMENTS_SIMULATOR))
      throw new ConfigError([
        host.canStartSimulator
          ? 'NODE_ENV=production and no payments are configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PAYMENTS_SIMULATOR=true to run the built-in payments simulator on purpose'
          : 'NODE_ENV=production and no payments are configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET (or STRIPE_API_URL with PAYMENTS_SIMULATOR=true for a simulator)',
      ]);
    return null;
  }
  if (!config.STRIPE_WEBHOOK_SECRET)
    throw new ConfigError([
      'STRIPE_WEBHOOK_SECRET: missing; expected the webhook signing secret (whsec_…) with STRIPE_SECRET_KEY',
    ]);
  if (config.STRIPE_API_URL && production && !config.PAYMENTS_SIMULATOR)
    throw new ConfigError([
      'STRIPE_API_URL is set in production without PAYMENTS_SIMULATOR=true: a simulated payment provider in production must be asked for explicitly',
    ]);
  return {
    mode: config.STRIPE_API_URL ? 'simulator' : 'stripe',
    stripe: stripeClient(config.STRIPE_SECRET_KEY, config.STRIPE_API_URL),
    webhookSecret: config.STRIPE_WEBHOOK_SECRET,
    publishableKey: config.STRIPE_PUBLISHABLE_KEY ?? null,
  };
}

/** The official SDK, pointed at Stripe or at a simulator's URL; it retries 409/5xx with the same idempotency key. */
export function stripeClient(secretKey: string, apiUrl?: string): Stripe {
  if (!apiUrl) return new Stripe(secretKey, { maxNetworkRetries: 2 });
  const url = new URL(apiUrl);
  return new Stripe(secretKey, {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 2,
  });
}
