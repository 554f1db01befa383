// Moved to modules/live-state/geo.ts. Kept for the calendar module (owned elsewhere), which still
// imports it here; import from ../live-state/geo instead, then delete this file.
export * from '../live-state/geo';
