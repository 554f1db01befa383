export {
  BaseConfigSchema,
  parseConfig,
  processConfigSchema,
  ConfigError,
  databaseTargetFrom,
  kafkaConnectionFrom,
  KafkaConfigSchema,
  type BaseConfig,
  type Env,
} from './config';
export {
  DomainError,
  NotFoundError,
  ConflictError,
  RuleViolationError,
  UnauthorizedError,
  ForbiddenError,
  TooManyRequestsError,
} from './errors';
export {
  principalOf,
  requireSignedIn,
  requireOperator,
  requireCustomer,
  requireOperatorOrInternal,
} from './auth';
export { createServer, API_PREFIX, APP_VERSION, LOG_REDACT, type ServerOptions } from './server';
export { startProcess, migrateAll, closeOnSignals, type RunOptions, type RunningProcess } from './process';
export { SecretBox, SecretBoxError } from './secrets';
export { loadSecretBox } from './secret-keys';
export { parseInstant, EARLIEST_INSTANT, LATEST_INSTANT } from './ajv';
export { runService, type RunServiceOptions } from './run';
export type { Logger, ServiceDefinition, ServiceContext, ServiceName, Worker } from './service';
export { PeerError, requireInternal, type Peers, type PeerCall, type PeerResponse } from './peers';
export { repeatEvery, type RepeatOptions } from './repeat';
export {
  eventSubscription,
  validatedHandler,
  type EventConsumer,
  type HandlerTransaction,
} from './event-consumer';
export { SESSION_COOKIE, readCookie, sessionIdOf } from './session-cookie';
export { applySessionRules, type SessionForRules } from './session-rules';
export {
  registerRemoteSessions,
  SessionCache,
  RESOLVE_SESSION_PATH,
  type RemoteSessionOptions,
} from './remote-session';
export { registerForwarding, ownerOfPath, peerUrlsOf, ROUTE_OWNERS, type ForwardTo } from './forward';
export { registerDistributedParts } from './distributed';
