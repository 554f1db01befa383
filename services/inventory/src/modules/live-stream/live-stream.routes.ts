import type { FastifyPluginAsync } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import type { LiveVehicleStatus, VehicleStatusChangedV1 } from '@cybertacotruck/contracts';
import { principalOf, requireSignedIn } from '@cybertacotruck/platform';
import type { LiveFeed } from './live-feed';

export interface LiveStreamOptions {
  feed: LiveFeed;
  /** The vehicles a renter may watch (their rented car); operators watch the fleet. */
  rentedVehicles: (customerId: string) => Promise<string[]>;
  heartbeatMs: number;
  /** Bytes a slow client may have waiting before events to it are skipped (and it is told to resync). */
  maxBufferedBytes: number;
}

const renterView = (e: VehicleStatusChangedV1): LiveVehicleStatus => ({
  vehicleId: e.vehicleId,
  connectivity: e.connectivity,
  batteryLevel: e.batteryLevel,
  rangeMi: e.rangeMi,
  lastSeenAt: e.lastSeenAt,
  at: e.at,
});

/**
 * `GET /live/stream`: vehicle status changes as server-sent events (`event: vehicle`), for the
 * operator's whole fleet or a renter's own car. A comment line every `heartbeatMs` keeps proxies and
 * the socket timeout from closing an idle stream. A client that stops reading is not buffered for:
 * events to it are skipped while its backlog is over `maxBufferedBytes`, then it gets `event: resync`
 * (read the state again); still blocked at the next heartbeat, it is closed. Open streams are not
 * waited for by the shutdown drain: they end when it begins (the browser reconnects elsewhere).
 * The response is written to the socket as it goes, never through compression.
 */
export const liveStreamRoutes: FastifyPluginAsync<LiveStreamOptions> = async (fastify, o) => {
  const open = new Set<() => void>();
  const endAll = () => {
    for (const end of [...open]) end();
  };
  fastify.drain.onStart(endAll);
  fastify.addHook('preClose', (done) => {
    endAll();
    done();
  });

  fastify.get(
    '/live/stream',
    {
      onRequest: requireSignedIn,
      config: { stream: true },
      schema: {
        tags: ['tesla'],
        summary:
          'Vehicle status changes as server-sent events (the fleet for operators, their car for renters)',
        description:
          '`text/event-stream`: `event: vehicle` with a LiveVehicleStatus (operators: the whole inventory.vehicle.status_changed payload), `event: resync` when events were skipped for a slow reader, a `: heartbeat` comment every 15 s. Renters receive only the cars they rent now or pick up within a day.',
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const allowed =
        principal.role === 'operator' ? null : new Set(await o.rentedVehicles(principal.userId));
      const raw = reply.raw;
      // One object, so callbacks and the code after each await read the same state.
      const stream = {
        ended: false,
        missed: false,
        blockedTicks: 0,
        unsubscribe: undefined as (() => void) | undefined,
        heartbeat: undefined as NodeJS.Timeout | undefined,
      };
      const end = () => {
        if (stream.ended) return;
        stream.ended = true;
        open.delete(end);
        stream.unsubscribe?.();
        if (stream.heartbeat) clearInterval(stream.heartbeat);
        if (!raw.writableEnded) raw.end();
      };
      const write = (text: string) => {
        if (raw.writableLength > o.maxBufferedBytes) {
          stream.missed = true;
          return;
        }
        raw.write(text);
      };
      reply.hijack();
      const headers = reply.getHeaders() as OutgoingHttpHeaders;
      raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        // nginx and similar proxies would otherwise hold events back.
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      open.add(end);
      raw.on('close', end);
      raw.on('drain', () => {
        if (!stream.missed || stream.ended) return;
        stream.missed = false;
        raw.write('event: resync\ndata: {}\n\n');
      });
      raw.write(`retry: 3000\n: ${principal.role}\n\n`);
      try {
        stream.unsubscribe = await o.feed.subscribe((event, seq) => {
          if (allowed && !allowed.has(event.vehicleId)) return;
          const data = allowed ? renterView(event) : event;
          write(`id: ${seq}\nevent: vehicle\ndata: ${JSON.stringify(data)}\n\n`);
        });
      } catch (error) {
        request.log.warn({ err: error }, 'live stream could not start');
        end();
        return;
      }
      // Closed while subscribing: the client went, or shutdown began.
      if (stream.ended) {
        stream.unsubscribe();
        return;
      }
      write('event: ready\ndata: {}\n\n');
      stream.heartbeat = setInterval(() => {
        if (raw.writableLength > o.maxBufferedBytes) {
          if (++stream.blockedTicks >= 2) end();
          return;
        }
        stream.blockedTicks = 0;
        raw.write(': heartbeat\n\n');
      }, o.heartbeatMs);
      stream.heartbeat.unref();
    },
  );
};
