import { createRng, deriveSeed } from '../prng';
import { CATALOG, DISPLAY_NAMES, SOFTWARE_VERSIONS, type CarType } from './catalog';
import type { GeoPoint, Region, SimVehicle } from './vehicle-model';
import { applyKeyMix, type VirtualKeyMix } from './virtual-keys';
import { makeVin } from './vin';

export interface SimAccount {
  readonly email: string;
  readonly password: string;
  readonly name: string;
  /** Stable subject id (`sub` claim). */
  readonly userId: string;
  /** The region that owns the account; a fault can move it. */
  region: Region;
  readonly city: GeoPoint;
  readonly utcOffsetHours: number;
}

export const AUSTIN: GeoPoint = { lat: 30.2672, lon: -97.7431 };
export const BERLIN: GeoPoint = { lat: 52.52, lon: 13.405 };

/** The mix the default fleet cycles through: every model at least once in the first five. */
const FLEET_MIX: CarType[] = [
  'model3',
  'modely',
  'models',
  'modelx',
  'cybertruck',
  'model3',
  'modely',
  'modely',
];

export interface SeededWorld {
  accounts: SimAccount[];
  vehicles: SimVehicle[];
}

function uuidFrom(seed: number, label: string): string {
  const rng = createRng(deriveSeed(seed, 'uuid', label));
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export function seedWorld(
  seed: number,
  fleetSize: number,
  nowMs: number,
  keys: VirtualKeyMix = 'paired',
): SeededWorld {
  const accounts: SimAccount[] = [
    {
      email: 'demo@tesla-sim.test',
      password: 'cybertaco',
      name: 'Demo Owner',
      userId: uuidFrom(seed, 'demo'),
      region: 'na',
      city: AUSTIN,
      utcOffsetHours: -6,
    },
    {
      email: 'eu@tesla-sim.test',
      password: 'cybertaco',
      name: 'Europa Owner',
      userId: uuidFrom(seed, 'eu'),
      region: 'eu',
      city: BERLIN,
      utcOffsetHours: 1,
    },
  ];
  const [na, eu] = accounts as [SimAccount, SimAccount];
  const vehicles: SimVehicle[] = [];
  for (let i = 0; i < fleetSize; i++) {
    vehicles.push(makeVehicle(seed, vehicles.length, na, FLEET_MIX[i % FLEET_MIX.length] ?? 'model3', nowMs));
  }
  vehicles.push(makeVehicle(seed, vehicles.length, eu, 'modely', nowMs, true));
  vehicles.push(makeVehicle(seed, vehicles.length, eu, 'model3', nowMs));
  for (const v of vehicles) applyKeyMix(v, keys);
  return { accounts, vehicles };
}

function makeVehicle(
  seed: number,
  index: number,
  account: SimAccount,
  carType: CarType,
  nowMs: number,
  berlin = false,
): SimVehicle {
  const rng = createRng(deriveSeed(seed, 'vehicle', index));
  const spec = CATALOG[carType];
  const vin = makeVin(carType, rng.pick(['P', 'R', 'S'] as const), rng.int(100_000, 999_999), berlin);
  // Scatter cars within ~5 miles of the city centre.
  const home = {
    lat: account.city.lat + rng.range(-0.07, 0.07),
    lon: account.city.lon + rng.range(-0.08, 0.08),
  };
  const battery = rng.range(45, 90);
  const asleep = rng.chance(0.5);
  const outside = account.city === AUSTIN ? rng.range(18, 30) : rng.range(2, 14);
  const v: SimVehicle = {
    index,
    accountEmail: account.email,
    id: 1_492_931_000_000_000 + rng.int(100_000_000, 999_999_999),
    vehicleId: 1_000_000_000 + rng.int(100_000_000, 999_999_999),
    vin,
    spec,
    color: rng.pick(spec.colors),
    trim: rng.pick(spec.trims),
    wheels: rng.pick(spec.wheels),
    home,
    utcOffsetHours: account.utcOffsetHours,
    metricGui: account.region !== 'na',
    chargerKw: rng.pick([7.7, 9.6, 11.5]),
    rng,
    displayName: DISPLAY_NAMES[(index + seed) % DISPLAY_NAMES.length] ?? `Car ${index + 1}`,
    softwareVersion: rng.pick(SOFTWARE_VERSIONS),
    keyPaired: true,
    commandProtocolRequired: true,
    otherTelemetryConfigs: 0,
    telemetryErrors: [],
    activity: asleep ? 'asleep' : 'parked',
    wakeAtMs: null,
    lastActiveMs: nowMs - rng.int(0, 10) * 60_000,
    lat: home.lat,
    lon: home.lon,
    heading: rng.int(0, 359),
    speedMph: 0,
    shift: 'P',
    batteryLevel: battery,
    chargeLimitSoc: rng.pick([80, 80, 90]),
    chargingState: 'Disconnected',
    pluggedIn: false,
    chargeEnergyAddedKwh: 0,
    locked: true,
    sentry: false,
    valet: false,
    guestMode: false,
    remoteStart: false,
    odometerMi: rng.range(1_500, 42_000),
    insideTempC: outside + 2,
    outsideTempC: outside,
    climateOn: false,
    driverTempC: 21,
    passengerTempC: 21,
    doors: { df: 0, dr: 0, pf: 0, pr: 0, ft: 0, rt: 0 },
    windowsVented: false,
    speedLimit: { active: false, limitMph: 65, pinSet: false },
    trip: null,
    updatedAtMs: nowMs,
  };
  return v;
}
