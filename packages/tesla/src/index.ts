export * from './telemetry/index';
export {
  FLEET_API_BASE_URLS,
  TESLA_REGIONS,
  TESLA_TOKEN_URLS,
  parseTeslaRegion,
  regionOfBaseUrl,
  teslaRegionEndpoints,
  type TeslaRegion,
  type TeslaRegionEndpoint,
} from './regions';
export {
  DEFAULT_SCOPES,
  TESLA_AUTHORIZE_URL,
  TESLA_TOKEN_URL,
  TeslaOAuthClient,
  buildAuthorizeUrl,
  createOAuthState,
  createPkcePair,
  type AuthorizeUrlOptions,
  type TeslaOAuthConfig,
  type TeslaOAuthDeps,
  type TeslaTokenSet,
} from './oauth';
export {
  InMemoryTokenStore,
  TokenManager,
  type StoredTokens,
  type TokenManagerOptions,
  type TokenStore,
} from './token-manager';
export {
  CostMeter,
  TESLA_PRICES_USD,
  estimateUsd,
  type BillableEvent,
  type BillingCategory,
  type BillingCounts,
  type BillingTotals,
  type CostSnapshot,
} from './cost-meter';
export {
  NeedsReconsentError,
  TeslaAbortedError,
  TeslaApiError,
  TeslaBillingLimitError,
  TeslaForbiddenError,
  TeslaLockedError,
  TeslaNotFoundError,
  TeslaOAuthError,
  TeslaPartnerNotRegisteredError,
  TeslaPrivacyError,
  TeslaRateLimitedError,
  TeslaServerError,
  TeslaUnauthorizedError,
  TeslaVehicleUnavailableError,
  TeslaWrongRegionError,
  isTeslaAborted,
  needsReconsent,
  type TeslaErrorDetails,
} from './errors';
export {
  DEFAULT_ENDPOINTS,
  FleetApiClient,
  FleetClient,
  isMaxDriversError,
  type CommandResult,
  type DriverInvitation,
  type VehicleDriver,
  type FleetApiClientOptions,
  type VehicleDataResult,
} from './fleet-client';
export type { FleetRetryOptions } from './fleet-transport';
export { fetchTrustingCa } from './proxy-fetch';
export { sleepUnlessAborted } from './abortable';
export type {
  ChargeStateData,
  ClimateStateData,
  DriveStateData,
  FleetStatus,
  FleetTelemetryConfig,
  FleetTelemetryConfigResult,
  FleetTelemetryConfigStatus,
  FleetTelemetryError,
  FleetVehicle,
  FleetVehicleInfo,
  TelemetrySkipReason,
  GuiSettingsData,
  VehicleConfigData,
  VehicleData,
  VehicleOnlineState,
  VehicleStateData,
} from './fleet-types';
export {
  describePartnerRegistration,
  partnerPublicKeyHex,
  registerPartnerAccount,
  type PartnerOutcome,
  type PartnerRegistration,
} from './partner';
