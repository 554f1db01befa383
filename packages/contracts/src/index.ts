// Constants first: they carry no schema library, so the web bundle can tree-shake the schemas away.
export * from './problem-types';
export * from './inventory/vehicle-models';
export * from './inventory/location-text';
export * from './account/constants';
export * from './reservation/constants';
export * from './notification/constants';
export * from './text-patterns';
export * from './problem';
export * from './text';
export * from './events';
export * from './event-catalog';
export * from './inventory/vehicles';
export * from './inventory/locations';
export * from './inventory/tesla';
export * from './inventory/read-now';
export * from './inventory/readings';
export * from './inventory/virtual-keys';
export * from './inventory/calendar';
export * from './inventory/events';
export * from './account/api';
export * from './account/events';
export type * from './account/client';
export * from './reservation/api';
export * from './reservation/events';
export type * from './reservation/client';
export * from './notification/api';
// After every domain's events: the registry collects their catalogues.
export * from './event-registry';
