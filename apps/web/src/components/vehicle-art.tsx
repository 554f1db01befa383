import type { VehicleModel } from '@cybertacotruck/contracts';
import { paintOf } from '../lib/vehicle-names';

interface Drawing {
  /** The body's side view. */
  body: string;
  /** The side windows. */
  glass: string;
  /** Wheel centres along the ground, and their radius. */
  wheels: [number, number];
  r: number;
  /** Extra lines: door seams, the Cybertruck's bed. */
  lines?: string;
}

// Side views drawn for this app (no photos are shipped), one per model so a glance tells them
// apart: the long low S, the compact 3, the taller Y with its hatch, the big X with the falcon
// wing's seam, the wedge of the Cybertruck.
const DRAWINGS: Record<VehicleModel, Drawing> = {
  model_s: {
    body: 'M8 60 C9 50 22 46 44 44 L80 29 C98 21 132 20 152 26 L186 41 C202 43 210 48 212 56 L212 64 L8 64 Z',
    glass: 'M86 31 C102 24 130 23 148 28 L172 42 L78 44 Z',
    wheels: [50, 172],
    r: 13,
    lines: 'M126 30 L124 58',
  },
  model_3: {
    body: 'M22 60 C23 51 32 47 46 45 L76 31 C92 23 120 22 138 27 L170 41 C186 43 196 48 198 56 L198 64 L22 64 Z',
    glass: 'M82 33 C96 26 118 25 134 29 L154 42 L74 44 Z',
    wheels: [58, 166],
    r: 12,
    lines: 'M116 28 L114 58',
  },
  model_y: {
    body: 'M16 62 C16 50 25 46 40 44 L70 25 C86 16 128 14 152 19 L186 40 C198 43 204 48 205 58 L205 66 L16 66 Z',
    glass: 'M76 28 C90 20 126 18 146 22 L170 40 L68 43 Z',
    wheels: [54, 168],
    r: 14,
    lines: 'M116 22 L114 60',
  },
  model_x: {
    body: 'M6 62 C6 49 17 45 34 43 L64 21 C82 11 142 9 166 16 L200 40 C210 43 214 49 214 58 L214 66 L6 66 Z',
    glass: 'M70 24 C86 15 140 13 160 19 L184 40 L60 42 Z',
    wheels: [48, 174],
    r: 15,
    lines: 'M112 12 C110 26 108 36 108 44 M150 14 C148 26 146 36 146 42',
  },
  cybertruck: {
    body: 'M4 58 L6 44 L100 11 L214 37 L214 48 L210 64 L4 64 Z',
    glass: 'M54 30 L100 16 L146 27 L142 36 L58 38 Z',
    wheels: [48, 172],
    r: 15,
    lines: 'M150 30 L212 40',
  },
};

/** A drawing of the model in the car's paint; decoration beside a name that says the same. */
export function VehicleArt({
  model,
  color,
  className,
}: {
  model: VehicleModel;
  color: string | null;
  className?: string;
}) {
  const d = DRAWINGS[model];
  return (
    <svg
      className={className}
      viewBox="0 0 220 84"
      role="img"
      aria-hidden="true"
      focusable="false"
      data-model={model}
    >
      <ellipse cx="110" cy="77" rx="100" ry="5" fill="currentColor" opacity="0.12" />
      <path d={d.body} fill={paintOf(color)} stroke="rgba(0,0,0,.4)" strokeWidth="1.2" />
      <path d={d.glass} fill="#26303b" opacity="0.85" />
      {d.lines && <path d={d.lines} fill="none" stroke="rgba(0,0,0,.3)" strokeWidth="1" />}
      {d.wheels.map((cx) => (
        <g key={cx}>
          <circle cx={cx} cy={64} r={d.r} fill="#1d1f24" />
          <circle cx={cx} cy={64} r={d.r * 0.45} fill="#9aa0a6" />
        </g>
      ))}
    </svg>
  );
}
