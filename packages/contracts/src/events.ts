import Type, { type Static, type TSchema } from 'typebox';

/**
 * The one event envelope every service writes to its outbox and every consumer reads.
 * Names are `<domain>.<entity>.<past-verb>`; changes to a payload are additive only.
 */
export const EventEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({
    id: Type.String({ format: 'uuid' }),
    type: Type.String({ pattern: '^[a-z]+\\.[a-z_]+\\.[a-z_]+$' }),
    version: Type.Integer({ minimum: 1 }),
    occurredAt: Type.String({ format: 'date-time' }),
    key: Type.String({ description: 'Aggregate id; the ordering key on the bus' }),
    data,
  });
export type EventEnvelope<T> = Omit<Static<ReturnType<typeof EventEnvelope>>, 'data'> & { data: T };
