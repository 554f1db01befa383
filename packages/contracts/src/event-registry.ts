import type { EventEnvelope } from './events';
import type { EventData, EventDefinition } from './event-catalog';
import { AccountEvents } from './account/events';
import { InventoryEvents } from './inventory/events';
import { ReservationEvents } from './reservation/events';

/**
 * Every event the platform emits, by emitting domain. A domain's catalogue lives beside its payload
 * schemas (`<domain>/events.ts`), so adding an event is one change there; a new emitting domain is
 * one line here.
 */
export const EVENT_CATALOGUES = {
  account: AccountEvents,
  inventory: InventoryEvents,
  reservation: ReservationEvents,
} as const;

type Catalogues = typeof EVENT_CATALOGUES;
type ValuesOf<T> = T[keyof T];

/** Any declared event (type + version + schema): what `OutboxRepository.append` accepts. */
export type DeclaredEvent = ValuesOf<{ [D in keyof Catalogues]: ValuesOf<Catalogues[D]> }>;

/** Every declared event, in a stable order (domain, then declaration order). */
export const DECLARED_EVENTS: readonly DeclaredEvent[] = Object.values(EVENT_CATALOGUES).flatMap(
  (catalogue: Readonly<Record<string, DeclaredEvent>>) => Object.values(catalogue),
);

const byTypeAndVersion = new Map(DECLARED_EVENTS.map((e) => [`${e.type}@${e.version}`, e]));
if (byTypeAndVersion.size !== DECLARED_EVENTS.length) throw new Error('an event is declared twice');

/** The declaration of `type` at `version`, if there is one. */
export function findDeclaredEvent(type: string, version: number): DeclaredEvent | undefined {
  return byTypeAndVersion.get(`${type}@${version}`);
}

/**
 * The envelope of a declared event with its payload typed: a union over every declared event, so
 * a `switch (event.type)` narrows `data`.
 */
export type DeclaredEnvelope<E extends EventDefinition = DeclaredEvent> = E extends EventDefinition
  ? Omit<EventEnvelope<EventData<E>>, 'type' | 'version'> & { type: E['type']; version: E['version'] }
  : never;
