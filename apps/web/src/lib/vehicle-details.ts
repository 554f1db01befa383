import { colorName, trimName } from './vehicle-names';

/** "2024 · Long Range AWD · Solid Black": the year, trim and colour a card shows, in words. */
export const vehicleDetails = (v: {
  modelYear: number | null;
  trim: string | null;
  color: string | null;
}): string => [v.modelYear, trimName(v.trim), colorName(v.color)].filter((d) => d !== null).join(' · ');
