export * from './problem';
export * from './events';
export * from './inventory/vehicles';
