import { describe, expect, it } from 'vitest';
import {
  CardPaymentError,
  openCardSession,
  STRIPE_DID_NOT_LOAD,
  type CardFieldState,
  type CardPayments,
} from './card-session';

/**
 * A stand-in for Stripe.js (js.stripe.com cannot load offline): a card field that takes what the
 * test types and answers createPaymentMethod as Stripe.js does, a PaymentMethod or an error.
 */
function fakeStripe(answer: { id: string } | { error: string | undefined }) {
  const calls = { mounted: [] as unknown[], created: 0, destroyed: 0 };
  let listener: ((state: CardFieldState) => void) | null = null;
  const payments: CardPayments = {
    mountCard(container, onChange) {
      calls.mounted.push(container);
      listener = onChange;
      return {
        createPaymentMethod: () => {
          calls.created += 1;
          return Promise.resolve(answer);
        },
        destroy: () => {
          calls.destroyed += 1;
        },
      };
    },
  };
  const type = (state: CardFieldState) => listener?.(state);
  return { payments, calls, type };
}

const container = {} as HTMLElement;

describe('the Stripe card form, with a stand-in for Stripe.js, which cannot load offline', () => {
  it('mounts the card field with the publishable key and sends the PaymentMethod id it creates', async () => {
    const stripe = fakeStripe({ id: 'pm_1TestCard' });
    const keys: string[] = [];
    const states: CardFieldState[] = [];
    const session = await openCardSession(
      (key) => {
        keys.push(key);
        return Promise.resolve(stripe.payments);
      },
      'pk_test_abc123',
      container,
      (s) => states.push(s),
    );
    expect(keys).toEqual(['pk_test_abc123']);
    expect(stripe.calls.mounted).toEqual([container]);
    stripe.type({ complete: false, error: 'Your card number is incomplete.' });
    stripe.type({ complete: true, error: null });
    expect(states).toEqual([
      { complete: false, error: 'Your card number is incomplete.' },
      { complete: true, error: null },
    ]);
    expect(await session.paymentMethod()).toBe('pm_1TestCard');
    session.close();
    expect(stripe.calls.destroyed).toBe(1);
  });

  it("a card Stripe refuses to read is refused in Stripe's words, and nothing is sent", async () => {
    const stripe = fakeStripe({ error: 'Your card number is invalid.' });
    const session = await openCardSession(
      () => Promise.resolve(stripe.payments),
      'pk_test_x',
      container,
      () => {},
    );
    await expect(session.paymentMethod()).rejects.toThrow(
      new CardPaymentError('Your card number is invalid.'),
    );
    const silent = fakeStripe({ error: undefined });
    const other = await openCardSession(
      () => Promise.resolve(silent.payments),
      'pk_test_x',
      container,
      () => {},
    );
    await expect(other.paymentMethod()).rejects.toThrow(/could not be read/);
  });

  it('says so when Stripe.js does not load (null or a failed script), instead of a dead button', async () => {
    await expect(
      openCardSession(
        () => Promise.resolve(null),
        'pk_test_x',
        container,
        () => {},
      ),
    ).rejects.toThrow(STRIPE_DID_NOT_LOAD);
    await expect(
      openCardSession(
        () => Promise.reject(new Error('Failed to load Stripe.js')),
        'pk_test_x',
        container,
        () => {},
      ),
    ).rejects.toBeInstanceOf(CardPaymentError);
  });
});
