import { formatMoney } from './currency';
import { invalidParam, invalidRequest } from './errors';
import type { RequestMeta } from './events';
import { newId } from './ids';
import type { Charge, Metadata, Refund, REFUND_REASONS } from './objects';
import type { Store } from './store';

export interface CreateRefundInput {
  paymentIntent?: string;
  charge?: string;
  amount?: number;
  reason?: (typeof REFUND_REASONS)[number];
  metadata?: Metadata;
}

/**
 * Refunds of captured money: full or partial, several per charge, never above what was captured
 * minus what was refunded already. Card refunds succeed at once here.
 */
export class Refunds {
  constructor(private readonly store: Store) {}

  create(input: CreateRefundInput, meta: RequestMeta): Refund {
    if (input.paymentIntent && input.charge) {
      throw invalidParam(
        'You may only specify one of these parameters: charge, payment_intent.',
        'payment_intent',
        'parameters_exclusive',
      );
    }
    if (!input.paymentIntent && !input.charge) {
      throw invalidParam(
        'One of the following params should be provided for this request: payment_intent or charge.',
        undefined,
        'parameter_missing',
      );
    }
    if (input.amount !== undefined && input.amount < 1) {
      throw invalidParam('Invalid positive integer', 'amount', 'parameter_invalid_integer');
    }
    const charge = input.paymentIntent
      ? this.chargeOf(input.paymentIntent)
      : this.store.charge(input.charge as string, 'charge');
    if (!charge.captured || charge.status !== 'succeeded') {
      throw invalidRequest(
        `Charge ${charge.id} has not been captured and cannot be refunded; cancel its PaymentIntent (${charge.payment_intent}) to release the authorization.`,
        { code: 'charge_not_refundable' },
      );
    }
    const remaining = charge.amount_captured - charge.amount_refunded;
    if (remaining === 0) {
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
        code: 'charge_already_refunded',
      });
    }
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      throw invalidRequest(
        `Refund amount (${formatMoney(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMoney(remaining, charge.currency)})`,
        { code: 'amount_too_large', param: 'amount' },
      );
    }
    const refund: Refund = {
      id: newId('re'),
      object: 'refund',
      amount,
      balance_transaction: null,
      charge: charge.id,
      created: this.store.now(),
      currency: charge.currency,
      destination_details: {
        type: 'card',
        card: { reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      },
      metadata: input.metadata ?? {},
      payment_intent: charge.payment_intent,
      reason: input.reason ?? null,
      receipt_number: null,
      source_transfer_reversal: null,
      status: 'succeeded',
      transfer_reversal: null,
    };
    this.store.refunds.set(refund.id, refund);
    const before = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount_captured;
    this.store.deps.ledger.refund(charge.payment_intent, charge.currency, amount);
    this.store.deps.events.emit('refund.created', refund, meta);
    this.store.deps.events.emit('charge.refunded', charge, meta, before);
    return refund;
  }

  update(id: string, metadata: Metadata | undefined, meta: RequestMeta): Refund {
    const refund = this.store.refund(id);
    if (metadata !== undefined) {
      const before = { metadata: refund.metadata };
      refund.metadata = metadata;
      this.store.deps.events.emit('refund.updated', refund, meta, before);
    }
    return refund;
  }

  private chargeOf(paymentIntent: string): Charge {
    const pi = this.store.intent(paymentIntent, 'payment_intent');
    if (!pi.latest_charge || (pi.status !== 'succeeded' && pi.status !== 'requires_capture')) {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
        code: 'charge_not_refundable',
      });
    }
    return this.store.charge(pi.latest_charge);
  }
}
