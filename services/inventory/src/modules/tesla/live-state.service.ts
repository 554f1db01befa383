// Moved to modules/live-state: the fold is live-state.fold.ts, the service live-state.service.ts.
// Kept for modules owned elsewhere that still import it here (the telemetry fold); import from
// ../live-state/ instead, then delete this file.
export { merge, observationFromSignals, positionOf, type Observation } from '../live-state/live-state.fold';
export { LiveStateService } from '../live-state/live-state.service';
