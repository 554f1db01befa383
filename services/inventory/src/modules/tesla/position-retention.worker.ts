// Moved to modules/live-state/position-retention.worker.ts. Kept for a calendar test (owned
// elsewhere) that still imports it here; import from ../live-state/ instead, then delete this file.
export * from '../live-state/position-retention.worker';
