import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  DeadLetterIdParams,
  DeadLetterList,
  DeadLetterQuery,
  DeadLetterView,
  ProblemTypes,
} from '@cybertacotruck/contracts';
import type { DeadLetter, DeadLetters } from '@cybertacotruck/bus';
import { DomainError, NotFoundError, requireOperator } from '@cybertacotruck/platform';

const present = (d: DeadLetter): DeadLetterView => ({
  id: d.id,
  group: d.group,
  eventId: d.eventId,
  type: d.type,
  key: d.key,
  topic: d.topic,
  payload: d.payload,
  error: d.error,
  attempts: d.attempts,
  failedAt: d.failedAt.toISOString(),
  replayedAt: d.replayedAt?.toISOString() ?? null,
  discardedAt: d.discardedAt?.toISOString() ?? null,
});

/** The bus's errors as problems: an unknown id is a 404, replaying a closed or failing one a 409. */
async function asProblem<T>(id: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const name = error instanceof Error ? error.name : '';
    if (name === 'DeadLetterNotFound') throw new NotFoundError(`No dead letter with id ${id}.`);
    throw new DomainError(
      ProblemTypes.conflict,
      409,
      'Conflict',
      `Dead letter ${id} could not be handled: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/**
 * Events the notification consumer could not handle after its retries (operator): list, replay
 * through the same handler (and inbox), or discard. `deadLetters` is the bus's view of this schema.
 */
export const deadLettersRoutes: FastifyPluginAsync<{ deadLetters: () => DeadLetters }> = async (
  fastify,
  { deadLetters },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notification'];

  app.get(
    '/notifications/dead-letters',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Events the notification service could not handle (operator)',
        querystring: DeadLetterQuery,
        response: { 200: DeadLetterList },
      },
    },
    async (request) => {
      const { open, limit } = request.query;
      const items = await deadLetters().list({
        ...(open === undefined ? {} : { open }),
        limit: limit ?? 100,
      });
      return { items: items.map(present) };
    },
  );

  app.post(
    '/notifications/dead-letters/:id/replay',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Handle a parked event again (operator); 409 when it fails again or is closed',
        params: DeadLetterIdParams,
        response: { 200: DeadLetterView },
      },
    },
    async (request) =>
      present(await asProblem(request.params.id, () => deadLetters().replay(request.params.id))),
  );

  app.post(
    '/notifications/dead-letters/:id/discard',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Give up on a parked event (operator)',
        params: DeadLetterIdParams,
        response: { 200: DeadLetterView },
      },
    },
    async (request) =>
      present(await asProblem(request.params.id, () => deadLetters().discard(request.params.id))),
  );
};
