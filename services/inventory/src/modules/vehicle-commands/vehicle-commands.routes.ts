import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  VehicleCommandEntry,
  VehicleCommandLog,
  VehicleCommandLogQuery,
  VehicleCommandRequest,
  VehicleIdParams,
} from '@cybertacotruck/contracts';
import { principalOf, requireOperator } from '@cybertacotruck/platform';
import { WAKE_COST_USD, type VehicleCommandsService } from './vehicle-commands.service';
import type { CommandLogEntry } from './vehicle-commands.types';

export const presentCommand = (e: CommandLogEntry): VehicleCommandEntry => ({
  id: e.id,
  vehicleId: e.vehicleId,
  command: e.command,
  params: e.params,
  actor: e.actor,
  result: e.result,
  reason: e.reason,
  woke: e.woke,
  costUsd: e.costUsd,
  at: e.at.toISOString(),
});

/** The operator's commands to any car, and each car's command log. */
export const vehicleCommandsRoutes: FastifyPluginAsync<{ commands: VehicleCommandsService }> = async (
  fastify,
  { commands },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onRequest', requireOperator);

  app.post(
    '/vehicles/:id/commands',
    {
      schema: {
        tags: ['tesla'],
        summary:
          'Send a command to a car (signed, through tesla-http-proxy); an asleep car is woken once first (about $0.02). Rate-limited per car.',
        params: VehicleIdParams,
        body: VehicleCommandRequest,
        response: { 200: VehicleCommandEntry },
      },
    },
    async (request) => {
      const { command, percent } = request.body;
      const entry = await commands.send({
        vehicleId: request.params.id,
        command,
        params: percent === undefined ? {} : { percent },
        actor: { kind: 'operator', id: principalOf(request).userId },
      });
      return presentCommand(entry);
    },
  );

  app.get(
    '/vehicles/:id/commands',
    {
      schema: {
        tags: ['tesla'],
        summary:
          "A car's command log, newest first: who asked, when, the result, whether it was woken, the cost",
        params: VehicleIdParams,
        querystring: VehicleCommandLogQuery,
        response: { 200: VehicleCommandLog },
      },
    },
    async (request) => {
      const items = await commands.log(request.params.id, request.query.limit ?? 50);
      return { items: items.map(presentCommand), wakeCostUsd: WAKE_COST_USD };
    },
  );
};
