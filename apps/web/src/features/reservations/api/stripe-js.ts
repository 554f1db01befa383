import type { CardPaymentsLoader } from '../components/card-session';

/**
 * Stripe.js for real Stripe keys, loaded only when the review page asks for it: the package's
 * `pure` entry is imported here on demand (its own chunk, never in the initial JavaScript) and it
 * adds js.stripe.com's script only then. The card field is Stripe's Card Element.
 */
export const loadStripeJs: CardPaymentsLoader = async (publishableKey) => {
  const { loadStripe } = await import('@stripe/stripe-js/pure');
  const stripe = await loadStripe(publishableKey);
  if (!stripe) return null;
  return {
    mountCard(container, onChange) {
      const card = stripe.elements().create('card', { hidePostalCode: true });
      card.on('change', (event) => {
        onChange({ complete: event.complete, error: event.error?.message ?? null });
      });
      card.mount(container);
      return {
        async createPaymentMethod() {
          const made = await stripe.createPaymentMethod({ type: 'card', card });
          return made.paymentMethod ? { id: made.paymentMethod.id } : { error: made.error.message };
        },
        destroy: () => {
          card.destroy();
        },
      };
    },
  };
};
