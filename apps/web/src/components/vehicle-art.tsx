import type { VehicleModel } from '@cybertacotruck/contracts';

// Side silhouettes drawn for this app (no photos are shipped): one shape per body style.
const BODY: Record<VehicleModel, string> = {
  model_3:
    'M14 58 C18 46 34 40 52 36 L82 24 C96 19 126 19 144 26 L176 40 C190 42 200 46 204 56 L204 64 L14 64 Z',
  model_s:
    'M10 58 C14 46 32 40 50 37 L80 24 C96 18 130 18 148 26 L182 40 C196 42 206 47 210 56 L210 64 L10 64 Z',
  model_y:
    'M14 60 C16 46 30 40 46 36 L74 20 C90 13 130 13 148 22 L178 38 C192 41 202 46 204 56 L204 66 L14 66 Z',
  model_x:
    'M10 60 C12 46 28 39 46 35 L72 18 C90 11 134 11 152 21 L184 38 C198 41 208 46 210 56 L210 66 L10 66 Z',
  cybertruck: 'M8 60 L10 44 L98 14 L212 40 L212 50 L206 66 L10 66 Z',
};

export function VehicleArt({
  model,
  color,
  className,
}: {
  model: VehicleModel;
  color: string | null;
  className?: string;
}) {
  return (
    <svg className={className} viewBox="0 0 220 84" role="img" aria-hidden="true" focusable="false">
      <ellipse cx="110" cy="76" rx="96" ry="5" fill="currentColor" opacity="0.12" />
      <path d={BODY[model]} fill={paint(color)} stroke="rgba(0,0,0,.35)" strokeWidth="1.2" />
      <circle cx="54" cy="66" r="13" fill="#1d1f24" />
      <circle cx="54" cy="66" r="6" fill="#9aa0a6" />
      <circle cx="166" cy="66" r="13" fill="#1d1f24" />
      <circle cx="166" cy="66" r="6" fill="#9aa0a6" />
    </svg>
  );
}

const PAINT: Record<string, string> = {
  white: '#f4f4f2',
  black: '#2a2c31',
  red: '#b3202f',
  blue: '#1f4e9c',
  grey: '#7c8087',
  gray: '#7c8087',
  silver: '#b9bcc0',
  stainless: '#c8cbcf',
};

function paint(color: string | null): string {
  if (!color) return '#c8cbcf';
  const word = Object.keys(PAINT).find((k) => color.toLowerCase().includes(k));
  return word ? (PAINT[word] ?? '#c8cbcf') : '#c8cbcf';
}
