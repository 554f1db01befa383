import type { FastifyInstance } from 'fastify';
import { ProblemTypes } from '@cybertacotruck/contracts';
import { sendProblem, UNAVAILABLE_RETRY_AFTER_SECONDS } from './problem-handler';

declare module 'fastify' {
  interface FastifyInstance {
    /** The first step of a graceful shutdown (see drain.ts). */
    drain: Drain;
  }
}

export interface Drain {
  /** True once shutdown has begun. */
  readonly draining: boolean;
  /**
   * Refuses new requests from outside (503 problem+json, Retry-After, `Connection: close`) and
   * resolves when every request admitted before has been answered, or after `timeoutMs`.
   */
  start(timeoutMs: number): Promise<void>;
  /**
   * Runs `listener` when shutdown begins (at once if it has begun): how open streams (server-sent
   * events) end themselves, since the drain does not wait for them.
   */
  onStart(listener: () => void): void;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A long-lived response (server-sent events): the drain does not wait for it; its route ends it
     * when shutdown begins (`drain.onStart`).
     */
    stream?: boolean;
  }
}

/**
 * Graceful shutdown in two steps, because Fastify's own is one step too early for us: `app.close()`
 * at once refuses every request, including the ones `app.inject` makes — the in-process peer calls
 * of requests already in flight (peers.ts), which then failed with 500 "Fastify has already been
 * closed". So the process first drains: requests from outside get a 503 and requests already
 * admitted run to the end, their peer calls (and workers' calls, which carry the internal token)
 * still answered; only then does it stop the workers and close the server and the database.
 *
 * Registered after `registerInternalCaller` (it reads `request.internalCaller`). Health probes
 * pass, so /health/ready can say "shutting down" in its own words.
 */
export function registerDrain(app: FastifyInstance): Drain {
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const listeners = new Set<() => void>();
  const drain: Drain = {
    get draining() {
      return draining;
    },
    async start(timeoutMs) {
      const first = !draining;
      draining = true;
      if (first) for (const listener of listeners) listener();
      if (inFlight === 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        timer.unref();
        idle = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
    onStart(listener) {
      if (draining) listener();
      else listeners.add(listener);
    },
  };
  app.decorate('drain', drain);
  app.addHook('onRequest', (request, reply, done) => {
    // Another service's call is part of work in flight (in this process or the caller's).
    if (request.internalCaller || request.url.startsWith('/health/')) {
      done();
      return;
    }
    if (draining) {
      void reply.header('connection', 'close').header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      void sendProblem(reply, request, {
        type: ProblemTypes.shuttingDown,
        title: 'Service unavailable',
        status: 503,
        detail: 'This server is shutting down and takes no new requests; try again.',
      });
      return;
    }
    // A stream stays open until its client goes or shutdown ends it: nothing to wait for.
    if (request.routeOptions.config.stream === true) {
      done();
      return;
    }
    inFlight++;
    // 'close' comes once the response is sent or the client has gone, whichever is first.
    reply.raw.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    done();
  });
  return drain;
}
