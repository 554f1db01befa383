// Moved to modules/live-state/live-state.repository.ts. Kept for modules owned elsewhere that still
// import it here (the telemetry fold, a calendar test); import from ../live-state/ instead, then
// delete this file.
export { LiveStateRepository, type LiveStateRow } from '../live-state/live-state.repository';
