import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../context';
import { parseCurrency } from '../currency';
import { invalidParam, noSuch } from '../errors';
import { CANCELLATION_REASONS, CAPTURE_METHODS, REFUND_REASONS } from '../objects';
import { Params, type FormObject } from '../params';
import type { ConfirmInput } from '../payment-intents';
import { expand, paginate } from './lists';
import { serve, type Handler } from './pipeline';

const CONFIRM_PARAMS = [
  'payment_method',
  'return_url',
  'off_session',
  'error_on_requires_action',
  'capture_method',
  'receipt_email',
  'expand',
];
const CREATE_INTENT_PARAMS = [
  ...CONFIRM_PARAMS,
  'amount',
  'currency',
  'customer',
  'description',
  'metadata',
  'confirm',
  'allowed_payment_method_types',
  'excluded_payment_method_types',
  'automatic_payment_methods',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'setup_future_usage',
  'transfer_group',
];
const CUSTOMER_PARAMS = ['email', 'name', 'phone', 'description', 'metadata', 'expand'];

type Req = FastifyRequest<{ Params: Record<string, string> }>;

/** The `/v1` subset: PaymentIntents, Refunds, Charges (read), Customers, PaymentMethods (read), Events. */
export async function v1Routes(app: FastifyInstance, { ctx }: { ctx: SimContext }): Promise<void> {
  const { store, intents, refunds, events } = ctx;
  const route = (method: 'GET' | 'POST', url: string, handler: Handler): void => {
    app.route({
      method,
      url,
      handler: (request: Req, reply: FastifyReply) => serve(ctx, request, reply, handler),
    });
  };
  const id = (request: Req): string => request.params.id ?? '';

  route('POST', '/payment_intents', (form, meta) => {
    const p = new Params(form, CREATE_INTENT_PARAMS);
    const amount = p.requiredInteger('amount');
    const currency = parseCurrency(p.requiredString('currency'));
    // API 2026-11-18.endive replaced `payment_method_types` by `allowed_payment_method_types`
    // (the old name is now an unknown parameter). The simulator has cards only.
    const types = p.stringArray('allowed_payment_method_types');
    if (types && !types.includes('card')) {
      throw invalidParam(
        'The payments simulator has card payment methods only: allowed_payment_method_types must include `card`.',
        'allowed_payment_method_types',
      );
    }
    if (p.stringArray('excluded_payment_method_types')?.includes('card')) {
      throw invalidParam(
        'The payments simulator has card payment methods only: `card` cannot be excluded.',
        'excluded_payment_method_types',
      );
    }
    const apm = p.object('automatic_payment_methods', ['enabled', 'allow_redirects']);
    const pi = intents.create(
      {
        amount,
        currency,
        captureMethod: p.enumOf('capture_method', CAPTURE_METHODS),
        customer: p.string('customer'),
        description: p.string('description'),
        metadata: p.metadata(),
        paymentMethod: p.string('payment_method'),
        paymentMethodTypes: types,
        automaticPaymentMethods: apm
          ? {
              enabled: apm.boolean('enabled') ?? true,
              allowRedirects: apm.enumOf('allow_redirects', ['always', 'never'] as const),
            }
          : undefined,
        receiptEmail: p.string('receipt_email'),
        statementDescriptor: p.string('statement_descriptor', { maxLength: 22 }),
        statementDescriptorSuffix: p.string('statement_descriptor_suffix', { maxLength: 22 }),
        setupFutureUsage: p.enumOf('setup_future_usage', ['off_session', 'on_session'] as const),
        transferGroup: p.string('transfer_group'),
        confirm: p.boolean('confirm'),
        confirmation: confirmInput(p),
      },
      meta,
    );
    return expand(pi, p.stringArray('expand'), store);
  });

  route('GET', '/payment_intents', (form) => {
    const p = new Params(form, ['limit', 'starting_after', 'ending_before', 'customer', 'expand']);
    const customer = p.string('customer');
    const all = [...store.paymentIntents.values()]
      .filter((pi) => !customer || pi.customer === customer)
      .reverse();
    return expand(paginate(all, p, '/v1/payment_intents'), p.stringArray('expand'), store, true);
  });

  route('GET', '/payment_intents/:id', (form, _meta, request) => {
    const p = new Params(form, ['expand', 'client_secret']);
    return expand(store.intent(id(request)), p.stringArray('expand'), store);
  });

  route('POST', '/payment_intents/:id', (form, meta, request) => {
    const p = new Params(form, [
      'amount',
      'currency',
      'description',
      'metadata',
      'payment_method',
      'capture_method',
      'receipt_email',
      'expand',
    ]);
    const current = store.intent(id(request));
    const currency = p.string('currency');
    const pi = intents.update(
      current.id,
      {
        amount: p.integer('amount'),
        currency: currency === undefined ? undefined : parseCurrency(currency),
        description: p.nullableString('description'),
        metadata: p.metadata(current.metadata),
        paymentMethod: p.string('payment_method'),
        captureMethod: p.enumOf('capture_method', CAPTURE_METHODS),
        receiptEmail: p.nullableString('receipt_email'),
      },
      meta,
    );
    return expand(pi, p.stringArray('expand'), store);
  });

  route('POST', '/payment_intents/:id/confirm', (form, meta, request) => {
    const p = new Params(form, CONFIRM_PARAMS);
    return expand(intents.confirm(id(request), confirmInput(p), meta), p.stringArray('expand'), store);
  });

  route('POST', '/payment_intents/:id/capture', (form, meta, request) => {
    const p = new Params(form, ['amount_to_capture', 'metadata', 'expand']);
    const current = store.intent(id(request));
    const pi = intents.capture(
      current.id,
      { amountToCapture: p.integer('amount_to_capture'), metadata: p.metadata(current.metadata) },
      meta,
    );
    return expand(pi, p.stringArray('expand'), store);
  });

  route('POST', '/payment_intents/:id/cancel', (form, meta, request) => {
    const p = new Params(form, ['cancellation_reason', 'expand']);
    const pi = intents.cancel(id(request), p.enumOf('cancellation_reason', CANCELLATION_REASONS), meta);
    return expand(pi, p.stringArray('expand'), store);
  });

  route('POST', '/refunds', (form, meta) => {
    const p = new Params(form, ['payment_intent', 'charge', 'amount', 'reason', 'metadata', 'expand']);
    const refund = refunds.create(
      {
        paymentIntent: p.string('payment_intent'),
        charge: p.string('charge'),
        amount: p.integer('amount'),
        reason: p.enumOf('reason', REFUND_REASONS),
        metadata: p.metadata(),
      },
      meta,
    );
    return expand(refund, p.stringArray('expand'), store);
  });

  route('GET', '/refunds', (form) => {
    const p = new Params(form, [
      'limit',
      'starting_after',
      'ending_before',
      'payment_intent',
      'charge',
      'expand',
    ]);
    const pi = p.string('payment_intent');
    const charge = p.string('charge');
    const all = [...store.refunds.values()]
      .filter((r) => (!pi || r.payment_intent === pi) && (!charge || r.charge === charge))
      .reverse();
    return expand(paginate(all, p, '/v1/refunds'), p.stringArray('expand'), store, true);
  });

  route('GET', '/refunds/:id', (form, _meta, request) => {
    const p = new Params(form, ['expand']);
    return expand(store.refund(id(request)), p.stringArray('expand'), store);
  });

  route('POST', '/refunds/:id', (form, meta, request) => {
    const p = new Params(form, ['metadata', 'expand']);
    const current = store.refund(id(request));
    return expand(
      refunds.update(current.id, p.metadata(current.metadata), meta),
      p.stringArray('expand'),
      store,
    );
  });

  route('GET', '/charges', (form) => {
    const p = new Params(form, [
      'limit',
      'starting_after',
      'ending_before',
      'payment_intent',
      'customer',
      'expand',
    ]);
    const pi = p.string('payment_intent');
    const customer = p.string('customer');
    const all = [...store.charges.values()]
      .filter((c) => (!pi || c.payment_intent === pi) && (!customer || c.customer === customer))
      .reverse();
    return expand(paginate(all, p, '/v1/charges'), p.stringArray('expand'), store, true);
  });

  route('GET', '/charges/:id', (form, _meta, request) => {
    const p = new Params(form, ['expand']);
    return expand(store.charge(id(request)), p.stringArray('expand'), store);
  });

  route('POST', '/customers', (form, meta) => {
    const p = new Params(form, CUSTOMER_PARAMS);
    return store.createCustomer(customerFields(p), meta);
  });

  route('GET', '/customers/:id', (form, _meta, request) => {
    new Params(form, ['expand']);
    return store.customer(id(request));
  });

  route('POST', '/customers/:id', (form, meta, request) => {
    const p = new Params(form, CUSTOMER_PARAMS);
    const current = store.customer(id(request));
    return store.updateCustomer(
      current.id,
      { ...customerFields(p), metadata: p.metadata(current.metadata) },
      meta,
    );
  });

  route('GET', '/payment_methods/:id', (form, _meta, request) => {
    new Params(form, ['expand']);
    return store.paymentMethod(id(request)).object;
  });

  route('GET', '/events', (form) => {
    const p = new Params(form, ['limit', 'starting_after', 'ending_before', 'type', 'types']);
    const types = [...(p.stringArray('types') ?? []), ...(p.has('type') ? [p.requiredString('type')] : [])];
    return paginate(events.list({ types }), p, '/v1/events');
  });

  route('GET', '/events/:id', (form, _meta, request) => {
    new Params(form, ['expand']);
    const event = events.get(id(request));
    if (!event) throw noSuch('event', id(request));
    return event;
  });
}

function confirmInput(p: Params): ConfirmInput {
  return {
    paymentMethod: p.string('payment_method'),
    returnUrl: validUrl(p.string('return_url')),
    offSession: p.boolean('off_session'),
    errorOnRequiresAction: p.boolean('error_on_requires_action'),
    captureMethod: p.enumOf('capture_method', CAPTURE_METHODS),
    receiptEmail: p.string('receipt_email'),
  };
}

function validUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
  } catch {
    // refused below
  }
  throw invalidParam(`Not a valid URL: ${raw}`, 'return_url', 'url_invalid');
}

function customerFields(p: Params): {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  description?: string | null;
  metadata?: Record<string, string>;
} {
  return {
    email: p.nullableString('email'),
    name: p.nullableString('name'),
    phone: p.nullableString('phone'),
    description: p.nullableString('description'),
    metadata: p.metadata(),
  };
}

export type { FormObject };
