import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, processConfigSchema } from '@cybertacotruck/platform';
import { allServices } from '../src/services';

describe('the embedded process configuration', () => {
  const schema = processConfigSchema(allServices);

  it('.env.example documents every key any service reads', () => {
    const text = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');
    const documented = new Set([...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const keys = Object.keys(schema.properties);
    expect(keys).toContain('TESLA_CLIENT_ID');
    for (const key of keys) expect(documented, `${key} is not in .env.example`).toContain(key);
  });

  it('names every bad Tesla key at once and never echoes a secret', () => {
    const attempt = () =>
      parseConfig(schema, {
        TESLA_REDIRECT_URI: 'not a uri',
        TESLA_SIM_PORT: '70000',
        SECRET_KEYS: 'k1:tooshort',
      });
    expect(attempt).toThrow(/TESLA_REDIRECT_URI/);
    expect(attempt).toThrow(/TESLA_SIM_PORT/);
    expect(attempt).toThrow(/SECRET_KEYS/);
    expect(attempt).not.toThrow(/tooshort/);
  });
});
