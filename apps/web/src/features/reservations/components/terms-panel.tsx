import type { Terms } from '@cybertacotruck/contracts';
import { formatDateTime } from '../../../lib/format';

/** The full terms, in their own scrolling box so the accept checkbox stays near. */
export function TermsPanel({ terms }: { terms: Terms }) {
  const paragraphs = terms.body.split(/\n\s*\n/).filter((p) => p.trim() !== '');
  return (
    <section className="terms" aria-labelledby="terms-title">
      <div className="terms-head">
        <h2 id="terms-title">{terms.title}</h2>
        <p className="muted small">
          Version {terms.version} · published {formatDateTime(terms.publishedAt)}
        </p>
      </div>
      {/* Focusable so keyboard users can scroll it. */}
      <div className="terms-body" tabIndex={0} role="region" aria-label={`${terms.title}, full text`}>
        {paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
    </section>
  );
}
