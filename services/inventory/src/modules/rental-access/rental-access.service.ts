import { InventoryEvents, ProblemTypes, type RenterVehicleCommand } from '@cybertacotruck/contracts';
import { isMaxDriversError, isTeslaAborted } from '@cybertacotruck/tesla';
import { ForbiddenError, NotFoundError, type Logger, type SecretBox } from '@cybertacotruck/platform';
import type { CommandLogEntry, SendCommand } from '../vehicle-commands/vehicle-commands.types';
import { speedLimitFor, type RentalAccessConfig } from './rental-access.config';
import type { NewAccess, RentalAccessRepository, RentalAccessRow } from './rental-access.repository';

/** Tesla's limit of drivers a car can be shared with (the owner not counted). */
export const MAX_DRIVERS = 5;
/** A step's claim: another worker leaves the row alone this long (a crash retries after it). */
const LEASE_MS = 120_000;
const BATCH = 20;

/** Driver access through the same per-vehicle Fleet API client as commands (vehicle-commands). */
export interface DriverAccessPort {
  createInvitation(vehicleId: string): Promise<{ id: string; shareLink: string; expiresAt: string }>;
  revokeInvitation(vehicleId: string, invitationId: string): Promise<void>;
  listDrivers(vehicleId: string): Promise<Array<{ shareUserId: string }>>;
  removeDriver(vehicleId: string, shareUserId: string): Promise<void>;
}

export interface CommandPort {
  send(req: SendCommand): Promise<CommandLogEntry>;
}

export const backoffMs = (retrySeconds: number, attempts: number): number =>
  Math.min(3_600_000, retrySeconds * 1000 * 2 ** Math.max(0, attempts - 1));

const linkAad = (reservationId: string) => `rental_access:${reservationId}:share_link`;

/**
 * The renter's access to the car of their reservation, as a state machine per reservation (see
 * `RENTAL_ACCESS_STATES`): reservation events move it (`schedule`, `pickedUp`, `end`, in the bus
 * handler's transaction), the worker runs the due step (`runDue`): invite a lead before pickup, set
 * Speed Limit Mode when the rental starts, revoke the invitation, remove the renter as a driver and
 * clear Speed Limit Mode when it ends. A failed step is retried with backoff until it is done; the
 * operator sees every row and can end one at once.
 */
export class RentalAccessService {
  constructor(
    private readonly repo: RentalAccessRepository,
    private readonly drivers: DriverAccessPort,
    private readonly commands: CommandPort,
    private readonly box: SecretBox,
    private readonly config: Pick<
      RentalAccessConfig,
      | 'RENTAL_ACCESS_LEAD_MINUTES'
      | 'RENTAL_ACCESS_GRACE_MINUTES'
      | 'RENTAL_ACCESS_RETRY_SECONDS'
      | 'SPEED_LIMIT_PIN'
      | 'SPEED_LIMIT_MPH'
    >,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {}

  // ---- driven by reservation events (inside the bus handler's transaction: `repo` is over it)

  static async scheduled(
    repo: RentalAccessRepository,
    a: Omit<NewAccess, 'inviteDueAt'>,
    leadMinutes: number,
  ): Promise<void> {
    await repo.schedule({ ...a, inviteDueAt: new Date(a.startsAt.getTime() - leadMinutes * 60_000) });
  }

  // ---- the worker

  /**
   * One pass: every due step, one row at a time. Returns how many rows were worked on (0 once
   * `stopped` aborts). A step cut short by the process stopping is not a failure: its row keeps its
   * attempts and is claimed again when its lease ends.
   */
  async runDue(stopped?: AbortSignal): Promise<number> {
    if (stopped?.aborted) return 0;
    const rows = await this.repo.claimDue(this.now(), BATCH, LEASE_MS);
    for (const row of rows) {
      if (stopped?.aborted) return 0;
      try {
        await this.step(row);
      } catch (error) {
        if (isTeslaAborted(error)) return 0;
        await this.failed(row, error);
      }
    }
    return rows.length;
  }

  private graceEnd(row: RentalAccessRow): Date {
    return new Date(row.ends_at.getTime() + this.config.RENTAL_ACCESS_GRACE_MINUTES * 60_000);
  }

  private async step(row: RentalAccessRow): Promise<void> {
    const now = this.now();
    if (row.state !== 'revoking' && now >= this.graceEnd(row)) {
      // The rental is over and was never returned: the access ends like any other.
      const ended = await this.repo.end(row.reservation_id, 'ended', now);
      if (ended?.state === 'revoking') await this.revoke(ended);
      return;
    }
    switch (row.state) {
      case 'scheduled':
      case 'driver_limit':
        return this.invite(row);
      case 'invited':
        return this.duringRental(row);
      case 'moving':
        return this.move(row);
      case 'revoking':
        return this.revoke(row);
      default:
        return;
    }
  }

  private async invite(row: RentalAccessRow): Promise<void> {
    const now = this.now();
    const drivers = await this.drivers.listDrivers(row.vehicle_id);
    let invitation: { id: string; shareLink: string; expiresAt: string } | null = null;
    if (drivers.length < MAX_DRIVERS)
      try {
        invitation = await this.drivers.createInvitation(row.vehicle_id);
      } catch (error) {
        // Pending invitations count against the five too: Tesla refuses the sixth.
        if (!isMaxDriversError(error)) throw error;
      }
    if (!invitation) {
      const retry = backoffMs(this.config.RENTAL_ACCESS_RETRY_SECONDS, row.attempts + 1);
      await this.repo.withTransaction(async (repo, outbox) => {
        const moved = await repo.update(
          row.reservation_id,
          row.state,
          {
            state: 'driver_limit',
            attempts: row.attempts + 1,
            next_attempt_at: new Date(now.getTime() + retry),
            last_error: `${row.vehicle_name} already has ${drivers.length} drivers (and pending invitations), Tesla's limit is ${MAX_DRIVERS}: remove one so the renter can be invited`,
            ...(row.driver_limit_alerted_at ? {} : { driver_limit_alerted_at: now }),
          },
          now,
        );
        if (moved && !row.driver_limit_alerted_at)
          await outbox.append(
            InventoryEvents.rentalAccessAlert,
            row.vehicle_id,
            {
              reservationId: row.reservation_id,
              vehicleId: row.vehicle_id,
              vehicleName: row.vehicle_name,
              reason: 'driver_limit',
              detail: `${row.vehicle_name} already has ${drivers.length} of Tesla's ${MAX_DRIVERS} drivers: the renter of the rental from ${row.starts_at.toISOString()} cannot be invited until one is removed.`,
              at: now.toISOString(),
            },
            now,
          );
      });
      this.logger.warn(
        { reservationId: row.reservation_id, drivers: drivers.length },
        'rental access: driver limit',
      );
      return;
    }
    const created = invitation;
    await this.repo.withTransaction(async (repo, outbox) => {
      const moved = await repo.update(
        row.reservation_id,
        row.state,
        {
          state: 'invited',
          invitation_id: created.id,
          share_link_sealed: this.box.seal(created.shareLink, linkAad(row.reservation_id)),
          invitation_expires_at: new Date(created.expiresAt),
          drivers_before: drivers.map((d) => d.shareUserId),
          invited_at: now,
          attempts: 0,
          last_error: null,
          next_attempt_at: this.nextDuringRental({ ...row, speed_limit: 'off' }, now),
        },
        now,
      );
      if (!moved) return;
      await outbox.append(
        InventoryEvents.rentalAccessInvited,
        row.reservation_id,
        {
          reservationId: row.reservation_id,
          customerId: row.customer_id,
          vehicleId: row.vehicle_id,
          vehicleName: row.vehicle_name,
          from: row.starts_at.toISOString(),
          to: row.ends_at.toISOString(),
          expiresAt: new Date(created.expiresAt).toISOString(),
        },
        now,
      );
    });
    this.logger.info(
      { reservationId: row.reservation_id, vehicleId: row.vehicle_id },
      'rental access: invited',
    );
  }

  /** When an invited row next needs the worker: the start (speed limit), else the end plus grace. */
  private nextDuringRental(
    row: Pick<RentalAccessRow, 'speed_limit' | 'starts_at' | 'ends_at' | 'picked_up_at'>,
    now: Date,
  ) {
    const end = new Date(row.ends_at.getTime() + this.config.RENTAL_ACCESS_GRACE_MINUTES * 60_000);
    if (this.config.SPEED_LIMIT_PIN && row.speed_limit !== 'on') {
      const start = row.picked_up_at ?? row.starts_at;
      return start > now ? start : now;
    }
    return end;
  }

  /** During the rental: Speed Limit Mode on (at pickup, or the start, whichever comes first). */
  private async duringRental(row: RentalAccessRow): Promise<void> {
    const now = this.now();
    const started = row.picked_up_at !== null || row.starts_at <= now;
    const pin = this.config.SPEED_LIMIT_PIN;
    if (!pin || !started || row.speed_limit === 'on') {
      await this.repo.update(
        row.reservation_id,
        'invited',
        { next_attempt_at: this.nextDuringRental(row, now) },
        now,
      );
      return;
    }
    await this.repo.update(row.reservation_id, 'invited', { speed_limit: 'activating' }, now);
    const model = (await this.repo.vehicleModel(row.vehicle_id)) ?? 'model_3';
    const actor = { kind: 'system' as const, id: 'rental-access', reservationId: row.reservation_id };
    const limit = await this.commands.send({
      vehicleId: row.vehicle_id,
      command: 'speed_limit_set_limit',
      params: { limit_mph: speedLimitFor(this.config.SPEED_LIMIT_MPH, model) },
      actor,
    });
    if (limit.result !== 'ok') throw new Error(`speed limit not set: ${limit.reason}`);
    const on = await this.commands.send({
      vehicleId: row.vehicle_id,
      command: 'speed_limit_activate',
      params: { pin },
      actor,
    });
    if (on.result !== 'ok') throw new Error(`speed limit mode not activated: ${on.reason}`);
    await this.repo.update(
      row.reservation_id,
      'invited',
      {
        speed_limit: 'on',
        attempts: 0,
        last_error: null,
        next_attempt_at: this.nextDuringRental({ ...row, speed_limit: 'on' }, now),
      },
      now,
    );
  }

  /**
   * The invited car given back: its invitation revoked, every driver added since the invitation
   * removed (the renter, once they accepted), Speed Limit Mode cleared if it was set. `from` is the
   * row's state while this runs (`revoking` or `moving`). Each call is safe to repeat: a retry
   * after a fault revokes what is left.
   */
  private async releaseCar(row: RentalAccessRow, from: 'revoking' | 'moving'): Promise<void> {
    const now = this.now();
    if (row.invitation_id) {
      await this.drivers.revokeInvitation(row.vehicle_id, row.invitation_id);
      const before = new Set(row.drivers_before);
      for (const driver of await this.drivers.listDrivers(row.vehicle_id))
        if (!before.has(driver.shareUserId))
          await this.drivers.removeDriver(row.vehicle_id, driver.shareUserId);
    }
    if (row.speed_limit !== 'off' && this.config.SPEED_LIMIT_PIN) {
      await this.repo.update(row.reservation_id, from, { speed_limit: 'deactivating' }, now);
      const off = await this.commands.send({
        vehicleId: row.vehicle_id,
        command: 'speed_limit_deactivate',
        params: { pin: this.config.SPEED_LIMIT_PIN },
        actor: { kind: 'system', id: 'rental-access', reservationId: row.reservation_id },
      });
      if (off.result !== 'ok') throw new Error(`speed limit mode not cleared: ${off.reason}`);
    }
  }

  /** The end: invitation revoked, the renter no longer a driver, Speed Limit Mode cleared. */
  private async revoke(row: RentalAccessRow): Promise<void> {
    const now = this.now();
    await this.releaseCar(row, 'revoking');
    await this.repo.update(
      row.reservation_id,
      'revoking',
      {
        state: 'revoked',
        speed_limit: 'off',
        revoked_at: now,
        share_link_sealed: null,
        next_attempt_at: null,
        attempts: 0,
        last_error: null,
      },
      now,
    );
    this.logger.info({ reservationId: row.reservation_id, reason: row.end_reason }, 'rental access: revoked');
  }

  /**
   * The booking moved to another car after the invitation: the invited car is given back first
   * (so the renter never holds keys to two cars, nor to one rented to someone else), then the row
   * starts again on the new car — scheduled, invited at the usual lead before pickup (the
   * invitation time the move set; at once when that has passed), which sends the renter the new
   * car's link.
   */
  private async move(row: RentalAccessRow): Promise<void> {
    const now = this.now();
    const to = { id: row.moving_to_vehicle_id, name: row.moving_to_vehicle_name };
    if (!to.id || !to.name) throw new Error('a moving row without the car it moves to');
    await this.releaseCar(row, 'moving');
    const restarted = await this.repo.restartOnNewCar(row.reservation_id, { id: to.id, name: to.name }, now);
    this.logger.info(
      { reservationId: row.reservation_id, from: row.vehicle_id, to: to.id, restarted },
      restarted
        ? 'rental access: the moved booking’s old car given back; the new car is scheduled'
        : 'rental access: the moved booking’s old car given back; it moved again meanwhile, to the car scheduled next pass',
    );
  }

  private async failed(row: RentalAccessRow, error: unknown): Promise<void> {
    const now = this.now();
    const attempts = row.attempts + 1;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      { err: error, reservationId: row.reservation_id, state: row.state, attempts },
      'rental access step failed; will retry',
    );
    const current = await this.repo.get(row.reservation_id);
    if (!current) return;
    await this.repo.update(
      row.reservation_id,
      current.state,
      {
        attempts,
        last_error: reason.slice(0, 500),
        next_attempt_at: new Date(
          now.getTime() + backoffMs(this.config.RENTAL_ACCESS_RETRY_SECONDS, attempts),
        ),
      },
      now,
    );
  }

  // ---- operators

  list(q: { reservationId?: string; vehicleId?: string; open?: boolean }): Promise<RentalAccessRow[]> {
    return this.repo.list(q);
  }

  /** The operator ends a renter's access now (the worker revokes it at once, and retries). */
  async revokeNow(reservationId: string): Promise<RentalAccessRow> {
    const row = await this.found(reservationId);
    await this.repo.end(reservationId, 'operator', this.now());
    return (await this.repo.get(reservationId)) ?? row;
  }

  private async found(reservationId: string): Promise<RentalAccessRow> {
    const row = await this.repo.get(reservationId);
    if (!row)
      throw new NotFoundError(
        `No car access for reservation ${reservationId}: it is made when a reservation is confirmed`,
        ProblemTypes.reservationNotFound,
      );
    return row;
  }

  // ---- the renter

  /** The renter's own access; another customer's is a 404 (its existence is not theirs to know). */
  async forRenter(
    reservationId: string,
    customerId: string,
  ): Promise<{ row: RentalAccessRow; shareLink: string | null }> {
    const row = await this.repo.get(reservationId);
    if (row?.customer_id !== customerId)
      throw new NotFoundError('No such reservation of yours', ProblemTypes.reservationNotFound);
    return { row, shareLink: this.shareLinkOf(row) };
  }

  /** The share link while the invitation stands (the notification service sends it). */
  async shareLink(
    reservationId: string,
  ): Promise<{ shareLink: string | null; expiresAt: Date | null; vehicleId: string }> {
    const row = await this.found(reservationId);
    return {
      shareLink: this.shareLinkOf(row),
      expiresAt: row.invitation_expires_at,
      vehicleId: row.vehicle_id,
    };
  }

  private shareLinkOf(row: RentalAccessRow): string | null {
    if (row.state !== 'invited' || !row.share_link_sealed) return null;
    if (row.invitation_expires_at && row.invitation_expires_at <= this.now()) return null;
    return this.box.open(row.share_link_sealed, linkAad(row.reservation_id));
  }

  /** When the renter's commands are accepted: from the start (or pickup) until the end or return. */
  window(row: RentalAccessRow): { opensAt: Date; closesAt: Date; open: boolean } {
    const now = this.now();
    const opensAt = row.picked_up_at && row.picked_up_at < row.starts_at ? row.picked_up_at : row.starts_at;
    const ended = row.end_reason !== null;
    const closesAt = ended
      ? (row.revoke_due_at ?? row.ends_at)
      : row.picked_up_at
        ? this.graceEnd(row)
        : row.ends_at;
    // Moving to another car: the invited car's key is being taken back, the new one not yet given.
    const open = !ended && row.state !== 'moving' && now >= opensAt && now < closesAt;
    return { opensAt, closesAt, open };
  }

  /**
   * A renter's command to the car of their reservation: authorised by the reservation (theirs,
   * confirmed or picked up, now inside the rental), never by the car. Outside the window → 403 that
   * says when it opens or that it closed. Sent (and logged) through the command service.
   */
  async renterCommand(
    reservationId: string,
    customerId: string,
    command: RenterVehicleCommand,
  ): Promise<CommandLogEntry> {
    const { row } = await this.forRenter(reservationId, customerId);
    if (row.state === 'moving')
      throw new ForbiddenError(
        `Your booking moved to ${row.moving_to_vehicle_name ?? 'another car'}: its key is on its way, and the car you were invited to no longer answers you.`,
        ProblemTypes.rentalNotOpen,
      );
    const format = (d: Date) => formatInZone(d, row.time_zone);
    const { opensAt, closesAt, open } = this.window(row);
    if (!open) {
      const now = this.now();
      if (row.end_reason === 'cancelled' || row.end_reason === 'no_show')
        throw new ForbiddenError(
          `This reservation was ${row.end_reason === 'cancelled' ? 'cancelled' : 'not collected'}: the car no longer answers you.`,
          ProblemTypes.rentalClosed,
        );
      if (row.end_reason === null && now < opensAt)
        throw new ForbiddenError(
          `Your rental has not started: the car answers your commands from ${format(opensAt)}.`,
          ProblemTypes.rentalNotOpen,
        );
      throw new ForbiddenError(
        `Your rental is over: the car stopped answering your commands at ${format(closesAt)}.`,
        ProblemTypes.rentalClosed,
      );
    }
    const entry = await this.commands.send({
      vehicleId: row.vehicle_id,
      command,
      actor: { kind: 'renter', id: customerId, reservationId },
    });
    return entry;
  }
}

/** "Sat, 5 Dec 2026, 18:30 (Europe/Paris)": when a window opens or closed, in the rental's time zone. */
export function formatInZone(d: Date, timeZone: string): string {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
  return `${text} (${zone})`;
}
