import { InvalidEventPayload, type EventHandler, type Subscription } from '@cybertacotruck/bus';
import type { DeclaredEnvelope, DeclaredEvent } from '@cybertacotruck/contracts';
import { createDataAjv } from './ajv';

/** The transaction a handler's effect shares with its inbox row. */
export type HandlerTransaction = Parameters<EventHandler>[1];

export interface EventConsumer<E extends DeclaredEvent> {
  /** The consumer group: every group sees every event once (at least once, effect exactly once). */
  group: string;
  /** The consuming service's schema (its `inbox` and `dead_letter` tables). */
  schema: string;
  /** The declared events (type and version) this group handles; other events on the topics are skipped. */
  events: readonly E[];
  /** Called only with a payload that matches its declared schema: `switch (event.type)` narrows `data`. */
  handle(event: DeclaredEnvelope<E>, trx: HandlerTransaction): Promise<void>;
}

/** At most this many schema errors in a dead letter's reason: enough to see what is wrong. */
const REASONS_SHOWN = 5;

/**
 * A bus handler that validates every event's `data` (Ajv, with the request validator's formats)
 * against the schema declared in contracts for its type and version before `handle` sees it. A
 * payload that does not match, or a version with no declaration among `events`, throws
 * `InvalidEventPayload`: the bus parks the event in the dead letters at once with that reason,
 * instead of the handler crashing on a missing field (or, worse, acting on a wrong one). Events of
 * other types (a transport may deliver a topic's other events) are skipped.
 */
export function validatedHandler<E extends DeclaredEvent>(
  events: readonly E[],
  handle: (event: DeclaredEnvelope<E>, trx: HandlerTransaction) => Promise<void>,
): EventHandler {
  const ajv = createDataAjv();
  const validators = new Map(events.map((e) => [`${e.type}@${e.version}`, ajv.compile(e.schema)]));
  const versions = versionsByType(events);
  return async (event, trx) => {
    const known = versions.get(event.type);
    if (!known) return;
    const validate = validators.get(`${event.type}@${event.version}`);
    if (!validate)
      throw new InvalidEventPayload(
        `${event.type} v${event.version} (event ${event.id}): no schema is declared for this version; this consumer reads v${known.join(', v')}`,
      );
    if (!validate(event.data)) {
      const reasons = (validate.errors ?? [])
        .slice(0, REASONS_SHOWN)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
      throw new InvalidEventPayload(
        `${event.type} v${event.version} (event ${event.id}): data does not match its declared schema: ${reasons.join('; ')}`,
      );
    }
    // Checked just above against the schema `DeclaredEnvelope<E>` is derived from.
    await handle(event as DeclaredEnvelope<E>, trx);
  };
}

/** The subscription of a group to declared events, its handler validating (see validatedHandler). */
export function eventSubscription<E extends DeclaredEvent>(consumer: EventConsumer<E>): Subscription {
  return {
    group: consumer.group,
    schema: consumer.schema,
    types: [...versionsByType(consumer.events).keys()],
    handle: validatedHandler(consumer.events, (event, trx) => consumer.handle(event, trx)),
  };
}

function versionsByType(events: readonly DeclaredEvent[]): Map<string, number[]> {
  const versions = new Map<string, number[]>();
  for (const e of events) versions.set(e.type, [...(versions.get(e.type) ?? []), e.version]);
  return versions;
}
