import type { VehicleCommandName } from '@cybertacotruck/contracts';

/** Who asked: an operator, a renter within their reservation, or the app's own workers. */
export interface CommandActor {
  kind: 'operator' | 'renter' | 'system';
  id: string;
  reservationId?: string;
}

export type CommandResultKind = 'ok' | 'refused' | 'failed';

export interface CommandOutcome {
  result: CommandResultKind;
  reason: string;
  woke: boolean;
  costUsd: number;
}

/** One line of the command log. */
export interface CommandLogEntry extends CommandOutcome {
  id: string;
  vehicleId: string;
  command: string;
  params: Record<string, unknown>;
  actor: CommandActor;
  at: Date;
}

export interface SendCommand {
  vehicleId: string;
  command: VehicleCommandName;
  /** Tesla's body for the command, e.g. `{ percent: 80 }` for set_charge_limit, `{ pin }` for speed limits. */
  params?: Record<string, unknown>;
  actor: CommandActor;
}
