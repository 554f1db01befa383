import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@cybertacotruck/platform';
import { PaymentsConfigSchema, stripeFromConfig } from './payments.config';

const config = (env: Record<string, string>) => parseConfig(PaymentsConfigSchema, env);
const KEY = 'sk_test_abcdefgh12345678';
const WHSEC = 'whsec_abcdefgh12345678';

describe('choosing Stripe from the configuration', () => {
  it('development without keys: no payments for the service alone', () => {
    expect(stripeFromConfig(config({}), { NODE_ENV: 'development' })).toBeNull();
  });

  it('production without keys refuses, naming what to set; a host that can start the simulator needs PAYMENTS_SIMULATOR=true', () => {
    expect(() => stripeFromConfig(config({}), { NODE_ENV: 'production' })).toThrow(
      /NODE_ENV=production and no payments are configured: set STRIPE_SECRET_KEY/,
    );
    expect(() =>
      stripeFromConfig(config({}), { NODE_ENV: 'production' }, { canStartSimulator: true }),
    ).toThrow(/PAYMENTS_SIMULATOR=true/);
    expect(
      stripeFromConfig(
        config({ PAYMENTS_SIMULATOR: 'true' }),
        { NODE_ENV: 'production' },
        { canStartSimulator: true },
      ),
    ).toBeNull();
  });

  it('a secret key needs the webhook secret; a simulator URL in production needs PAYMENTS_SIMULATOR=true', () => {
    expect(() => stripeFromConfig(config({ STRIPE_SECRET_KEY: KEY }), { NODE_ENV: 'development' })).toThrow(
      ConfigError,
    );
    const simulated = {
      STRIPE_SECRET_KEY: KEY,
      STRIPE_WEBHOOK_SECRET: WHSEC,
      STRIPE_API_URL: 'http://sim:4600',
    };
    expect(() => stripeFromConfig(config(simulated), { NODE_ENV: 'production' })).toThrow(
      /PAYMENTS_SIMULATOR=true/,
    );
    expect(stripeFromConfig(config(simulated), { NODE_ENV: 'development' })?.mode).toBe('simulator');
    expect(
      stripeFromConfig(config({ STRIPE_SECRET_KEY: KEY, STRIPE_WEBHOOK_SECRET: WHSEC }), {
        NODE_ENV: 'production',
      })?.mode,
    ).toBe('stripe');
  });

  it('never echoes a malformed secret', () => {
    const attempt = () =>
      config({ STRIPE_SECRET_KEY: 'pk_oops_this_is_secret', STRIPE_WEBHOOK_SECRET: 'nope-secret' });
    expect(attempt).toThrow(/STRIPE_SECRET_KEY/);
    expect(attempt).toThrow(/STRIPE_WEBHOOK_SECRET/);
    expect(attempt).not.toThrow(/this_is_secret|nope-secret/);
  });
});
