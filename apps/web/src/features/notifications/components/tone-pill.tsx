import type { ReactNode } from 'react';
import type { Tone } from './labels';
import '../notifications.css';

/** The app's pill, plus an error tone for failed deliveries (held is not a problem; failed is). */
export function TonePill({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`pill pill-${tone}`}>{children}</span>;
}
