import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { ServiceContext } from '@cybertacotruck/platform';
import { ReservationRentalsClient } from './clients/reservation-rentals.client';
import type { InventoryConfig } from './config';
import type { CalendarService } from './modules/calendar/calendar.service';
import { ClaimMoveRepository } from './modules/calendar/claim-move.repository';
import { claimMoveRoutes } from './modules/calendar/claim-move.routes';
import { ClaimMoveService } from './modules/calendar/claim-move.service';
import { LiveFeed } from './modules/live-stream/live-feed';
import { LiveFeedRepository } from './modules/live-stream/live-feed.repository';
import { liveStreamRoutes } from './modules/live-stream/live-stream.routes';
import { OperatorDayRepository } from './modules/operator-day/operator-day.repository';
import { operatorDayRoutes } from './modules/operator-day/operator-day.routes';
import { OperatorDayService } from './modules/operator-day/operator-day.service';
import type { InventoryTables } from './tables';

/** Battery below this counts as low charge on the operator's day (percent). */
const LOW_CHARGE_BELOW = 20;
/** The charge a car should have at pickup, for readiness (percent). */
const PICKUP_CHARGE_TARGET = 80;
/** How often a process with open streams looks for new status events. */
const LIVE_POLL_MS = 500;
const LIVE_HEARTBEAT_MS = 15_000;
const LIVE_MAX_BUFFERED_BYTES = 64 * 1024;

/**
 * The operator's day (counts, pickups and returns, utilisation), moving a booking in the calendar,
 * and the live stream of vehicle status changes (issue 18 items 5 and 6).
 */
export async function registerOperatorLive(
  app: FastifyInstance,
  ctx: ServiceContext,
  config: InventoryConfig,
  calendar: CalendarService,
): Promise<void> {
  const db: Kysely<InventoryTables> = ctx.db.kysely.withTables<InventoryTables>();
  await app.register(operatorDayRoutes, {
    day: new OperatorDayService(new OperatorDayRepository(db), {
      lowChargeBelow: LOW_CHARGE_BELOW,
      pickupChargeTarget: PICKUP_CHARGE_TARGET,
    }),
  });
  await app.register(claimMoveRoutes, {
    moves: new ClaimMoveService(new ClaimMoveRepository(db), calendar, config),
  });
  const feed = new LiveFeed(
    new LiveFeedRepository(db),
    ctx.logger.child({ module: 'live-stream' }),
    LIVE_POLL_MS,
  );
  const rentals = new ReservationRentalsClient(ctx.peers);
  app.addHook('onClose', async () => {
    feed.stop();
  });
  await app.register(liveStreamRoutes, {
    feed,
    rentedVehicles: (customerId) => rentals.rentedVehicles(customerId),
    heartbeatMs: LIVE_HEARTBEAT_MS,
    maxBufferedBytes: LIVE_MAX_BUFFERED_BYTES,
  });
}
