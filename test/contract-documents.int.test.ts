import { describe, expect, it } from 'vitest';
import { generateContractDocuments, staleDocuments } from '../scripts/openapi';

/**
 * CI runs `npm test`: a route schema, an event declaration or the web types changed without
 * `npm run openapi` fails here, so every API and event change shows in review as a diff of
 * docs/openapi.json, apps/web/src/lib/api/schema.d.ts and docs/EVENTS.md.
 */
describe('the committed contract documents', () => {
  it('are what the code generates now (docs/openapi.json, the web types, docs/EVENTS.md)', async () => {
    const documents = await generateContractDocuments();
    expect(documents.map((d) => d.path)).toEqual([
      'docs/openapi.json',
      'apps/web/src/lib/api/schema.d.ts',
      'docs/EVENTS.md',
    ]);
    const stale = await staleDocuments(documents);
    if (stale.length > 0)
      expect.fail(stale.map((path) => `${path} is stale: run npm run openapi`).join('\n'));
  }, 120_000);
});
