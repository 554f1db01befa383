import type { Static, TSchema } from 'typebox';

/**
 * Kafka topic of an event: one per emitting domain (`reservation.reservation.confirmed` →
 * `cybertacotruck.reservation`), so the events of one aggregate (the key) stay in order.
 */
export const TOPIC_PREFIX = 'cybertacotruck.';

type DomainOf<T extends string> = string extends T ? string : T extends `${infer D}.${string}` ? D : never;
export type TopicOf<T extends string> = `${typeof TOPIC_PREFIX}${DomainOf<T>}`;

export function topicOf<T extends string>(eventType: T): TopicOf<T> {
  const domain = eventType.split('.')[0];
  if (!domain) throw new Error(`event type without a domain: ${eventType}`);
  return `${TOPIC_PREFIX}${domain}` as TopicOf<T>;
}

/**
 * One event as the platform declares it: name, version, payload schema, the topic it travels on
 * and the payload field it is keyed (ordered) by. Producers append with it, consumers validate
 * with it, and docs/EVENTS.md is generated from it, so the three cannot disagree.
 */
export interface EventDefinition<
  T extends string = string,
  V extends number = number,
  S extends TSchema = TSchema,
> {
  /** `<domain>.<entity>.<past-verb>`. */
  readonly type: T;
  /** Bumped only for a change consumers cannot read as the old shape (payload changes are additive). */
  readonly version: V;
  readonly schema: S;
  readonly topic: TopicOf<T>;
  /** The payload field whose value is the envelope's `key` (the aggregate id, the ordering key). */
  readonly key: string;
  /** One line for the event catalogue: what happened. */
  readonly description: string;
}

/** `name.entity.verb`, lower case with underscores, as the envelope schema requires. */
type EventType = `${string}.${string}.${string}`;

/** Declares an event of a domain's catalogue (`AccountEvents`, …); the registry collects them. */
export function defineEvent<const T extends EventType, const V extends number, S extends TSchema>(event: {
  type: T;
  version: V;
  schema: S;
  key: keyof Static<S> & string;
  description: string;
}): EventDefinition<T, V, S> {
  if (!/^[a-z]+\.[a-z_]+\.[a-z_]+$/.test(event.type)) throw new Error(`bad event type ${event.type}`);
  if (!Number.isInteger(event.version) || event.version < 1)
    throw new Error(`bad version ${event.version} of ${event.type}`);
  return Object.freeze({ ...event, topic: topicOf(event.type) });
}

/** The payload type of a declared event. */
export type EventData<E extends EventDefinition> = Static<E['schema']>;
