import type { CarType } from './catalog';

const TRANSLITERATION: Record<string, number> = {
  A: 1,
  B: 2,
  C: 3,
  D: 4,
  E: 5,
  F: 6,
  G: 7,
  H: 8,
  J: 1,
  K: 2,
  L: 3,
  M: 4,
  N: 5,
  P: 7,
  R: 9,
  S: 2,
  T: 3,
  U: 4,
  V: 5,
  W: 6,
  X: 7,
  Y: 8,
  Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The ISO 3779 / North American check digit (position 9) of a 17-character VIN. */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = vin[i] ?? '0';
    const value = /\d/.test(ch) ? Number(ch) : (TRANSLITERATION[ch] ?? 0);
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const rest = sum % 11;
  return rest === 10 ? 'X' : String(rest);
}

export function isValidVin(vin: string): boolean {
  return /^[A-HJ-NPR-Z0-9]{17}$/.test(vin) && vin[8] === vinCheckDigit(vin);
}

/** Positions 1–8 (WMI + vehicle descriptor) per model and factory, shaped like Tesla's. */
const DESCRIPTORS: Record<CarType, { us: string; berlin?: string }> = {
  model3: { us: '5YJ3E1EB' },
  modely: { us: '7SAYGDEE', berlin: 'XP7YGCEL' },
  models: { us: '5YJSA1E6' },
  modelx: { us: '5YJXCBE4' },
  cybertruck: { us: '7SACEHED' },
};
const PLANT: Record<CarType, string> = {
  model3: 'F',
  modely: 'A',
  models: 'F',
  modelx: 'F',
  cybertruck: 'A',
};

/** Builds a VIN with a valid check digit; model year letter P = 2023, R = 2024, S = 2025. */
export function makeVin(carType: CarType, year: 'P' | 'R' | 'S', serial: number, berlin = false): string {
  const descriptor = berlin
    ? (DESCRIPTORS[carType].berlin ?? DESCRIPTORS[carType].us)
    : DESCRIPTORS[carType].us;
  const plant = berlin ? 'B' : PLANT[carType];
  const draft = `${descriptor}0${year}${plant}${String(serial % 1_000_000).padStart(6, '0')}`;
  return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}
