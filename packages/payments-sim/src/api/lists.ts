import { invalidParam, type StripeError } from '../errors';
import type { ListObject } from '../objects';
import type { Params } from '../params';
import type { Store } from '../store';

/** Stripe's cursor pagination over `items` (newest first): `limit` 1–100 (10), `starting_after`, `ending_before`. */
export function paginate<T extends { id: string }>(items: T[], params: Params, url: string): ListObject<T> {
  const limit = params.integer('limit') ?? 10;
  if (limit < 1 || limit > 100) throw invalidParam('Invalid limit: must be between 1 and 100', 'limit');
  const after = params.string('starting_after');
  const before = params.string('ending_before');
  if (after && before) {
    throw invalidParam(
      'You may only specify one of these parameters: ending_before, starting_after.',
      'ending_before',
      'parameters_exclusive',
    );
  }
  let start = 0;
  let end = items.length;
  if (after) {
    const i = items.findIndex((x) => x.id === after);
    if (i < 0) throw invalidParam(`No such object: '${after}'`, 'starting_after', 'resource_missing');
    start = i + 1;
  }
  if (before) {
    const i = items.findIndex((x) => x.id === before);
    if (i < 0) throw invalidParam(`No such object: '${before}'`, 'ending_before', 'resource_missing');
    end = i;
    start = Math.max(0, end - limit);
  }
  const page = items.slice(start, Math.min(end, start + limit));
  const hasMore = before ? start > 0 : start + limit < end;
  return { object: 'list', data: page, has_more: hasMore, url };
}

type Expander = (id: string) => unknown;

/**
 * `expand[]`: replaces an id field by its object. Top-level fields of retrieves, and `data.<field>`
 * of lists; anything else is refused as Stripe refuses what it cannot expand.
 */
export function expand<T>(object: T, paths: string[] | undefined, store: Store, list = false): T {
  if (!paths?.length) return object;
  const copy = structuredClone(object) as Record<string, unknown>;
  for (const path of paths) {
    if (list) {
      if (!path.startsWith('data.')) throw notExpandable(path);
      const rest = path.slice('data.'.length);
      copy.data = (copy.data as unknown[]).map((item) => expand(item, [rest], store));
      continue;
    }
    const expander = expanders(store, String(copy.object))[path];
    if (!expander) throw notExpandable(path);
    const value = copy[path];
    if (typeof value === 'string') copy[path] = expander(value);
  }
  return copy as T;
}

function expanders(store: Store, objectType: string): Record<string, Expander> {
  const charge: Expander = (id) => structuredClone(store.charge(id));
  const paymentIntent: Expander = (id) => structuredClone(store.intent(id));
  const customer: Expander = (id) => structuredClone(store.customer(id));
  const paymentMethod: Expander = (id) => structuredClone(store.paymentMethod(id).object);
  switch (objectType) {
    case 'payment_intent':
      return { latest_charge: charge, customer, payment_method: paymentMethod };
    case 'charge':
      return { payment_intent: paymentIntent, customer };
    case 'refund':
      return { charge, payment_intent: paymentIntent };
    default:
      return {};
  }
}

function notExpandable(path: string): StripeError {
  return invalidParam(`This property cannot be expanded (${path}).`, 'expand');
}
