import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CustomerList } from '@cybertacotruck/contracts';
import { requireOperator } from '@cybertacotruck/platform';
import { presentUser } from './present';
import type { UsersService } from './users.service';

export const customersRoutes: FastifyPluginAsync<{ users: UsersService }> = async (fastify, { users }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/customers',
    {
      preHandler: requireOperator,
      schema: {
        tags: ['account'],
        summary: 'Registered customers (operator)',
        response: { 200: CustomerList },
      },
    },
    async () => ({ items: (await users.listCustomers()).map(presentUser) }),
  );
};
