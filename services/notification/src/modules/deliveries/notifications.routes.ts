import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  AlertList,
  AlertListQuery,
  Delivery,
  DeliveryIdParams,
  DeliveryList,
  DeliveryListQuery,
  MyNotificationList,
  MyNotificationsQuery,
} from '@cybertacotruck/contracts';
import { principalOf, requireCustomer, requireOperator } from '@cybertacotruck/platform';
import type { DeliveriesService } from './deliveries.service';

/** The customer's messages, the operator's delivery log, retries and alerts. */
export const notificationsRoutes: FastifyPluginAsync<{ deliveries: DeliveriesService }> = async (
  fastify,
  { deliveries },
) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['notification'];

  app.get(
    '/notifications/mine',
    {
      onRequest: requireCustomer,
      schema: {
        tags,
        summary: 'The signed-in customer’s messages, newest first, with each channel’s status',
        description: 'One item per message (event); page with limit and the previous page’s nextCursor.',
        querystring: MyNotificationsQuery,
        response: { 200: MyNotificationList },
      },
    },
    async (request) => deliveries.mine(principalOf(request).userId, request.query),
  );

  app.get(
    '/notifications/deliveries',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'The delivery log (operator): one row per message × channel × recipient, newest first',
        querystring: DeliveryListQuery,
        response: { 200: DeliveryList },
      },
    },
    async (request) => deliveries.list(request.query),
  );

  app.post(
    '/notifications/deliveries/:id/retry',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Send a failed delivery again (operator)',
        description: '404 when there is no such delivery, 409 when it has not failed.',
        params: DeliveryIdParams,
        response: { 200: Delivery },
      },
    },
    async (request) => deliveries.retry(request.params.id),
  );

  app.get(
    '/notifications/alerts',
    {
      onRequest: requireOperator,
      schema: {
        tags,
        summary: 'Operator alerts: low charge before a pickup, offline or silent during a rental',
        querystring: AlertListQuery,
        response: { 200: AlertList },
      },
    },
    async (request) => deliveries.alerts(request.query),
  );
};
