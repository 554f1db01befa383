import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { EventBus } from '@cybertacotruck/bus';
import type { Database, SchemaMigrations } from '@cybertacotruck/db';
import type { Registry } from 'prom-client';
import type { TObject } from 'typebox';
import type { BaseConfig, Env } from './config';
import type { Peers } from './peers';

export type ServiceName = 'inventory' | 'reservation' | 'account' | 'notification';

/** The structured logger services write to (pino); services name this, not the HTTP framework. */
export type Logger = FastifyBaseLogger;

/** What a service gets from its host process, embedded or alone. */
export interface ServiceContext {
  db: Database;
  config: BaseConfig;
  /** The environment this process was configured from; a service parses its own keys from it. */
  env: Env;
  logger: FastifyBaseLogger;
  /** Calls to the other services' HTTP APIs (in-process when they are mounted here). */
  peers: Peers;
  /** Events: subscribe in named groups; dead letters (publishing goes through the outbox). */
  bus: EventBus;
  /** This process's Prometheus registry (served at /metrics): a service's own metrics go here. */
  metrics: Registry;
  /**
   * Aborted when the process stops its workers (after the drain) or closes its server: what waits
   * long (a Tesla Retry-After, a request to a peer that hangs) should end then. A context built by
   * hand in a test may leave it out.
   */
  stopping?: AbortSignal;
}

/** A background loop a service runs; `start` returns the function that stops it and waits. */
export interface Worker {
  name: string;
  start(ctx: ServiceContext): Promise<() => Promise<void>>;
}

/**
 * A service as a unit the host can mount: its schema, its routes (registered under `/api/v1`),
 * its workers. The embedded host mounts all four; a service's own entry point mounts one.
 */
export interface ServiceDefinition {
  name: ServiceName;
  description: string;
  migrations: SchemaMigrations;
  /** The service's own configuration keys, validated with every other key at start-up. */
  configSchema?: TObject;
  routes: FastifyPluginAsync<{ ctx: ServiceContext }>;
  /**
   * Hooks and decorators for the whole process, registered unencapsulated before any service's
   * routes (e.g. the account service resolving `request.principal` from the session cookie, so
   * every service in the process can guard its routes with `requireOperator`).
   */
  processPlugin?: FastifyPluginAsync<{ ctx: ServiceContext }>;
  /** The service writes events to `<schema>.outbox`: the host runs its relay to the bus. */
  outbox?: boolean;
  workers?: Worker[];
}
