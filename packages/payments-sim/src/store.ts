import { createHash } from 'node:crypto';
import { invalidParam, noSuch } from './errors';
import type { EventLog, RequestMeta } from './events';
import { newId, randomToken } from './ids';
import type { Ledger } from './ledger';
import type { Charge, Customer, Metadata, PaymentIntent, PaymentMethod, Refund } from './objects';
import { TEST_CARDS, type TestCard } from './test-cards';

/** What the simulator keeps about an intent beyond its public fields. */
export interface IntentState {
  returnUrl: string | null;
  offSession: boolean;
  errorOnRequiresAction: boolean;
  /** The pending 3-D Secure challenge: its source id and secret (the page's capability). */
  challenge: { source: string; secret: string } | null;
  authenticated: boolean;
}

export interface StoredPaymentMethod {
  object: PaymentMethod;
  card: TestCard;
  /**
   * Used for a payment while attached to no Customer: Stripe refuses it from then on (a
   * PaymentMethod is single-use unless attached, e.g. by `setup_future_usage` on a Customer's
   * PaymentIntent).
   */
  consumed: boolean;
}

export interface Deps {
  nowMs: () => number;
  events: EventLog;
  ledger: Ledger;
  /** The simulator's public base URL (for the 3-D Secure page). */
  baseUrl: () => string;
}

/** The simulator's objects, in memory, insertion-ordered (lists read them newest first). */
export class Store {
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly intentState = new Map<string, IntentState>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly customers = new Map<string, Customer>();
  readonly paymentMethods = new Map<string, StoredPaymentMethod>();

  constructor(readonly deps: Deps) {}

  now(): number {
    return Math.floor(this.deps.nowMs() / 1000);
  }

  intent(id: string, param?: string): PaymentIntent {
    const pi = this.paymentIntents.get(id);
    if (!pi) throw noSuch('payment_intent', id, param);
    return pi;
  }

  state(id: string): IntentState {
    const s = this.intentState.get(id);
    if (!s) throw new Error(`no state for ${id}`);
    return s;
  }

  charge(id: string, param?: string): Charge {
    const c = this.charges.get(id);
    if (!c) throw noSuch('charge', id, param);
    return c;
  }

  refund(id: string): Refund {
    const r = this.refunds.get(id);
    if (!r) throw noSuch('refund', id);
    return r;
  }

  customer(id: string, param?: string): Customer {
    const c = this.customers.get(id);
    if (!c) throw noSuch('customer', id, param);
    return c;
  }

  paymentMethod(id: string): StoredPaymentMethod {
    const pm = this.paymentMethods.get(id);
    if (!pm) throw noSuch('PaymentMethod', id);
    return pm;
  }

  /** The PaymentMethod, unless it was used once while attached to no Customer (Stripe's refusal). */
  reusable(pm: StoredPaymentMethod): StoredPaymentMethod {
    if (pm.consumed && pm.object.customer === null) {
      throw invalidParam(
        'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.',
        'payment_method',
      );
    }
    return pm;
  }

  /**
   * `pm_card_visa` and the other test shortcuts make a new PaymentMethod (a fresh `pm_…` id) each
   * time, as Stripe does; an existing `pm_…` id is used as it is, if it may still be used.
   */
  resolvePaymentMethod(ref: string): StoredPaymentMethod {
    const existing = this.paymentMethods.get(ref);
    if (existing) return this.reusable(existing);
    const card = TEST_CARDS[ref];
    if (!card) throw invalidParam(`No such PaymentMethod: '${ref}'`, 'payment_method', 'resource_missing');
    const object: PaymentMethod = {
      id: newId('pm'),
      object: 'payment_method',
      allow_redisplay: 'unspecified',
      billing_details: {
        address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
        email: null,
        name: null,
        phone: null,
      },
      card: {
        brand: card.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
        country: 'US',
        display_brand: card.brand,
        exp_month: 12,
        exp_year: new Date(this.deps.nowMs()).getUTCFullYear() + 3,
        fingerprint: createHash('sha256').update(ref).digest('base64url').slice(0, 16),
        funding: card.funding,
        last4: card.last4,
        networks: { available: [card.brand], preferred: null },
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
      created: this.now(),
      // Attached only by a successful payment that asks to keep it (setup_future_usage).
      customer: null,
      livemode: false,
      metadata: {},
      type: 'card',
    };
    const stored = { object, card, consumed: false };
    this.paymentMethods.set(object.id, stored);
    return stored;
  }

  createCustomer(
    fields: {
      email?: string | null;
      name?: string | null;
      phone?: string | null;
      description?: string | null;
      metadata?: Metadata;
    },
    meta: RequestMeta,
  ): Customer {
    const customer: Customer = {
      id: newId('cus'),
      object: 'customer',
      address: null,
      balance: 0,
      created: this.now(),
      currency: null,
      default_source: null,
      delinquent: false,
      description: fields.description ?? null,
      email: fields.email ?? null,
      invoice_prefix: randomToken(8).toUpperCase(),
      invoice_settings: {
        custom_fields: null,
        default_payment_method: null,
        footer: null,
        rendering_options: null,
      },
      livemode: false,
      metadata: fields.metadata ?? {},
      name: fields.name ?? null,
      phone: fields.phone ?? null,
      preferred_locales: [],
      shipping: null,
      tax_exempt: 'none',
      test_clock: null,
    };
    this.customers.set(customer.id, customer);
    this.deps.events.emit('customer.created', customer, meta);
    return customer;
  }

  updateCustomer(
    id: string,
    fields: {
      email?: string | null;
      name?: string | null;
      phone?: string | null;
      description?: string | null;
      metadata?: Metadata;
    },
    meta: RequestMeta,
  ): Customer {
    const customer = this.customer(id);
    const previous: Record<string, unknown> = {};
    for (const key of ['email', 'name', 'phone', 'description', 'metadata'] as const) {
      const value = fields[key];
      if (value === undefined) continue;
      previous[key] = customer[key];
      (customer as unknown as Record<string, unknown>)[key] = value;
    }
    this.deps.events.emit('customer.updated', customer, meta, previous);
    return customer;
  }
}
