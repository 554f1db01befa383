import { startCharging, stopCharging, touch, type SimVehicle } from './vehicle-model';

export interface CommandResult {
  result: boolean;
  reason: string;
}

type Body = Record<string, unknown>;
type Command = (v: SimVehicle, body: Body, nowMs: number) => CommandResult;

const ok: CommandResult = { result: true, reason: '' };
const refuse = (reason: string): CommandResult => ({ result: false, reason });

const bool = (body: Body, key: string): boolean | undefined => {
  const value = body[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 1) return true;
  if (value === 'false' || value === 0) return false;
  return undefined;
};
const num = (body: Body, key: string): number | undefined => {
  const value = typeof body[key] === 'string' ? Number(body[key]) : body[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

const pinOf = (body: Body): string | undefined => {
  const pin = typeof body.pin === 'number' ? String(body.pin).padStart(4, '0') : body.pin;
  return typeof pin === 'string' && /^\d{4}$/.test(pin) ? pin : undefined;
};

/** Commands that only need `vehicle_charging_cmds` (or `vehicle_cmds`). */
export const CHARGING_COMMANDS = new Set([
  'charge_start',
  'charge_stop',
  'set_charge_limit',
  'charge_standard',
  'charge_max_range',
  'charge_port_door_open',
  'charge_port_door_close',
  'set_charging_amps',
]);

const COMMANDS: Record<string, Command> = {
  door_lock: (v) => ((v.locked = true), ok),
  door_unlock: (v) => ((v.locked = false), ok),
  honk_horn: () => ok,
  flash_lights: () => ok,
  remote_start_drive: (v) => ((v.remoteStart = true), ok),
  charge_start: (v) => {
    const reason = startCharging(v);
    return reason ? refuse(reason) : ok;
  },
  charge_stop: (v) => {
    const reason = stopCharging(v);
    return reason ? refuse(reason) : ok;
  },
  charge_standard: (v) => setLimit(v, 80),
  charge_max_range: (v) => setLimit(v, 100),
  set_charge_limit: (v, body) => {
    const percent = num(body, 'percent');
    if (percent === undefined || percent < 50 || percent > 100) return refuse('invalid charge limit');
    return setLimit(v, Math.round(percent));
  },
  set_charging_amps: (v, body) =>
    num(body, 'charging_amps') === undefined ? refuse('missing charging_amps') : ok,
  charge_port_door_open: () => ok,
  charge_port_door_close: (v) => (v.pluggedIn ? refuse('cable connected') : ok),
  auto_conditioning_start: (v) => ((v.climateOn = true), ok),
  auto_conditioning_stop: (v) => ((v.climateOn = false), ok),
  set_temps: (v, body) => {
    const driver = num(body, 'driver_temp');
    const passenger = num(body, 'passenger_temp');
    if (driver === undefined || driver < 15 || driver > 28) return refuse('invalid temperature');
    v.driverTempC = driver;
    v.passengerTempC = passenger ?? driver;
    return ok;
  },
  actuate_trunk: (v, body) => {
    const which = body.which_trunk;
    if (which !== 'front' && which !== 'rear') return refuse('invalid which_trunk');
    if (v.activity === 'driving') return refuse('vehicle is moving');
    if (which === 'front') v.doors.ft = v.doors.ft ? 0 : 1;
    else v.doors.rt = v.doors.rt ? 0 : 1;
    return ok;
  },
  set_sentry_mode: (v, body) => {
    const on = bool(body, 'on');
    if (on === undefined) return refuse('missing on');
    v.sentry = on;
    return ok;
  },
  set_valet_mode: (v, body) => {
    const on = bool(body, 'on');
    if (on === undefined) return refuse('missing on');
    v.valet = on;
    return ok;
  },
  guest_mode: (v, body) => {
    const enable = bool(body, 'enable');
    if (enable === undefined) return refuse('missing enable');
    v.guestMode = enable;
    return ok;
  },
  speed_limit_set_limit: (v, body) => {
    const limit = num(body, 'limit_mph');
    if (limit === undefined || limit < 50 || limit > 120) return refuse('invalid limit');
    if (v.speedLimit.active) return refuse('speed limit mode is active');
    v.speedLimit.limitMph = limit;
    return ok;
  },
  speed_limit_activate: (v, body) => {
    const pin = pinOf(body);
    if (pin === undefined) return refuse('invalid pin');
    if (v.speedLimit.pinSet && v.speedLimit.pin !== pin) return refuse('incorrect pin');
    v.speedLimit.active = true;
    v.speedLimit.pinSet = true;
    v.speedLimit.pin = pin;
    return ok;
  },
  speed_limit_deactivate: (v, body) => {
    const pin = pinOf(body);
    if (pin === undefined) return refuse('invalid pin');
    if (!v.speedLimit.active) return ok;
    if (v.speedLimit.pin !== pin) return refuse('incorrect pin');
    v.speedLimit.active = false;
    return ok;
  },
  speed_limit_clear_pin: (v, body) => {
    const pin = pinOf(body);
    if (pin === undefined) return refuse('invalid pin');
    if (v.speedLimit.pinSet && v.speedLimit.pin !== pin) return refuse('incorrect pin');
    v.speedLimit.active = false;
    v.speedLimit.pinSet = false;
    delete v.speedLimit.pin;
    return ok;
  },
  window_control: (v, body) => {
    if (body.command !== 'vent' && body.command !== 'close') return refuse('invalid command');
    v.windowsVented = body.command === 'vent';
    return ok;
  },
  set_vehicle_name: (v, body) => {
    if (typeof body.vehicle_name !== 'string' || body.vehicle_name.trim() === '')
      return refuse('invalid name');
    v.displayName = body.vehicle_name.trim().slice(0, 40);
    return ok;
  },
};

function setLimit(v: SimVehicle, percent: number): CommandResult {
  v.chargeLimitSoc = percent;
  if (v.chargingState === 'Complete' && v.batteryLevel < percent - 0.5) startCharging(v);
  if (v.chargingState === 'Charging' && v.batteryLevel >= percent) {
    v.chargingState = 'Complete';
    v.activity = 'parked';
  }
  return ok;
}

export function isKnownCommand(name: string): boolean {
  return Object.hasOwn(COMMANDS, name);
}

/** Runs a command on an online car. A refusal is a result, not an error (HTTP 200, result false). */
export function executeCommand(v: SimVehicle, name: string, body: Body, nowMs: number): CommandResult {
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return refuse('unknown command');
  touch(v, nowMs);
  return command(v, body, nowMs);
}
