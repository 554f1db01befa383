import Type, { type Static } from 'typebox';
import { LiveState } from './tesla';
import { Vehicle } from './vehicles';

/** What "Read now" did: the car as read, and what it cost in wakes. */
export const ReadNowResult = Type.Object({
  vehicle: Vehicle,
  live: LiveState,
  woke: Type.Boolean({ description: 'false when the car was already online (no wake was spent)' }),
  waitedMs: Type.Integer({ minimum: 0, description: 'time spent waiting for the car to come online' }),
});
export type ReadNowResult = Static<typeof ReadNowResult>;
