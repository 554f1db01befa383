import type { FastifyReply } from 'fastify';

/** Tesla's error envelope: `{ response: null, error, error_description }`. */
export function sendError(
  reply: FastifyReply,
  status: number,
  error: string,
  description = '',
  headers: Record<string, string> = {},
): FastifyReply {
  for (const [k, v] of Object.entries(headers)) void reply.header(k, v);
  return reply.code(status).send({ response: null, error, error_description: description });
}

export const VEHICLE_UNAVAILABLE = 'vehicle unavailable: vehicle is offline or asleep';
