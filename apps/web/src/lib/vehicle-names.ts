/**
 * Human names for what Tesla reports as codes: trim badges ("74d") and paint ("SolidBlack",
 * "PPSW"), and the paint's colour for drawings. Unknown codes are spelled out as well as can be.
 */

const TRIMS: Record<string, string> = {
  '50': 'Standard Range',
  '62': 'Standard Range',
  '74': 'Long Range',
  '74d': 'Long Range AWD',
  '75d': 'Long Range AWD',
  '100d': 'Long Range',
  p74d: 'Performance',
  p100d: 'Performance',
  plaid: 'Plaid',
  awd: 'All-Wheel Drive',
  rwd: 'Rear-Wheel Drive',
  cyberbeast: 'Cyberbeast',
};

/** Tesla's option codes for paint, as some cars report them. */
const PAINT_CODES: Record<string, string> = {
  PPSW: 'Pearl White',
  PBSB: 'Solid Black',
  PMNG: 'Midnight Silver Metallic',
  PPSB: 'Deep Blue Metallic',
  PPMR: 'Red Multi-Coat',
  PR01: 'Ultra Red',
  PN01: 'Stealth Grey',
  PN00: 'Quicksilver',
};

export function trimName(trim: string | null): string | null {
  if (!trim) return null;
  const known = TRIMS[trim.toLowerCase()];
  if (known) return known;
  return /^[a-z]*\d+[a-z]*$/i.test(trim) ? trim.toUpperCase() : spell(trim);
}

/** "MidnightSilverMetallic" → "Midnight Silver Metallic"; "PPSW" → "Pearl White". */
export function colorName(color: string | null): string | null {
  if (!color) return null;
  return PAINT_CODES[color.toUpperCase()] ?? spell(color);
}

function spell(code: string): string {
  const words = code
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim()
    .split(/\s+/);
  return words.map((w) => (w ? (w[0] ?? '').toUpperCase() + w.slice(1).toLowerCase() : w)).join(' ');
}

const PAINT: [string, string][] = [
  ['pearl', '#f2f2ee'],
  ['white', '#f2f2ee'],
  ['black', '#1c1d21'],
  ['midnight', '#4f545a'],
  ['stealth', '#4a4e54'],
  ['quicksilver', '#a9acb0'],
  ['silver', '#b9bcc0'],
  ['stainless', '#b8bcc0'],
  ['steel', '#b8bcc0'],
  ['blue', '#1f4e9c'],
  ['red', '#a3121f'],
  ['grey', '#7c8087'],
  ['gray', '#7c8087'],
];

/** The colour to paint a drawing of the car. */
export function paintOf(color: string | null): string {
  const name = (colorName(color) ?? '').toLowerCase();
  return PAINT.find(([word]) => name.includes(word))?.[1] ?? '#c8cbcf';
}

/** Seats as usually fitted: a Model X seats up to seven, the others five. */
export const SEATS: Record<string, number> = {
  model_3: 5,
  model_y: 5,
  model_s: 5,
  model_x: 7,
  cybertruck: 5,
};
