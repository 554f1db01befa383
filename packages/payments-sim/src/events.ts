import { newId } from './ids';
import type { StripeEvent } from './objects';
import type { WebhookDispatcher } from './webhooks';

/** Who caused an event: Stripe's `event.request` (null for the simulator's own actions, e.g. 3-D Secure). */
export interface RequestMeta {
  requestId: string | null;
  idempotencyKey: string | null;
}

export const NO_REQUEST: RequestMeta = { requestId: null, idempotencyKey: null };

/** Every event, newest last, retrievable by id (Stripe keeps 30 days); each handed to the webhooks. */
export class EventLog {
  private readonly events: StripeEvent[] = [];
  private readonly byId = new Map<string, StripeEvent>();
  private webhooks: WebhookDispatcher | undefined;

  constructor(
    private readonly apiVersion: string,
    private readonly nowMs: () => number,
  ) {}

  connect(webhooks: WebhookDispatcher): void {
    this.webhooks = webhooks;
  }

  emit(type: string, object: unknown, meta: RequestMeta, previous?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: this.apiVersion,
      created: Math.floor(this.nowMs() / 1000),
      // A snapshot: the object as it was when the event happened, as Stripe sends it.
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: this.webhooks?.subscribers(type) ?? 0,
      request: { id: meta.requestId, idempotency_key: meta.idempotencyKey },
      type,
    };
    this.events.push(event);
    this.byId.set(event.id, event);
    this.webhooks?.dispatch(event);
    return event;
  }

  get(id: string): StripeEvent | undefined {
    return this.byId.get(id);
  }

  /** Newest first, as Stripe lists. */
  list(filter: { types?: string[] } = {}): StripeEvent[] {
    return this.events
      .filter((e) => !filter.types?.length || filter.types.some((t) => matches(t, e.type)))
      .reverse();
  }

  settled(id: string): void {
    const event = this.byId.get(id);
    if (event && event.pending_webhooks > 0) event.pending_webhooks -= 1;
  }
}

/** `payment_intent.*` matches every payment_intent event, as Stripe's `type` filter does. */
function matches(pattern: string, type: string): boolean {
  return pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}
