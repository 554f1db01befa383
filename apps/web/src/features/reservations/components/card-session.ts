/**
 * The card form of real Stripe, seen through the little this app needs: a card field mounted in a
 * container (Stripe's own iframe: the number never touches this page) and a PaymentMethod created
 * from it, whose id is sent to the server as `payment.paymentMethod`. `api/stripe-js.ts` adapts
 * Stripe.js to it; tests hand in a stand-in, as Stripe.js cannot load offline.
 */
export interface CardFieldState {
  complete: boolean;
  /** Stripe's own words about what is wrong with what was typed so far. */
  error: string | null;
}

export interface MountedCard {
  createPaymentMethod(): Promise<{ id: string } | { error: string | undefined }>;
  destroy(): void;
}

export interface CardPayments {
  mountCard(container: HTMLElement, onChange: (state: CardFieldState) => void): MountedCard;
}

/** Loads Stripe.js for a publishable key; null when it could not load (offline, blocked). */
export type CardPaymentsLoader = (publishableKey: string) => Promise<CardPayments | null>;

export class CardPaymentError extends Error {}

export const STRIPE_DID_NOT_LOAD =
  'The card form could not load (Stripe.js did not arrive). Check your connection and reload the page.';

/** What the form holds once the card field is on the page. */
export interface CardSession {
  /** The PaymentMethod id for the card typed in; a CardPaymentError says why not, in Stripe's words. */
  paymentMethod(): Promise<string>;
  close(): void;
}

/** Loads Stripe.js, mounts the card field in `container` and reports its state as the renter types. */
export async function openCardSession(
  load: CardPaymentsLoader,
  publishableKey: string,
  container: HTMLElement,
  onChange: (state: CardFieldState) => void,
): Promise<CardSession> {
  let payments: CardPayments | null;
  try {
    payments = await load(publishableKey);
  } catch {
    payments = null;
  }
  if (!payments) throw new CardPaymentError(STRIPE_DID_NOT_LOAD);
  const card = payments.mountCard(container, onChange);
  return {
    async paymentMethod() {
      const made = await card.createPaymentMethod();
      if ('id' in made) return made.id;
      throw new CardPaymentError(made.error ?? 'The card could not be read. Check the number and try again.');
    },
    close: () => {
      card.destroy();
    },
  };
}
