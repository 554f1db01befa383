import { describe, expect, it } from 'vitest';
import * as contracts from './index';
import { DECLARED_EVENTS, findDeclaredEvent } from './event-registry';

describe('the event registry', () => {
  it('declares every payload schema of the domains (`<Name>V<version>`), each once', () => {
    const schemas = Object.entries(contracts).filter(([name]) => /V\d+$/.test(name));
    expect(schemas.length).toBeGreaterThan(0);
    const declared = new Set(DECLARED_EVENTS.map((e) => e.schema));
    const missing = schemas.filter(([, schema]) => !declared.has(schema as never)).map(([name]) => name);
    expect(missing, 'payload schemas without a defineEvent line in their domain catalogue').toEqual([]);
    expect(new Set(DECLARED_EVENTS.map((e) => `${e.type}@${e.version}`)).size).toBe(DECLARED_EVENTS.length);
  });

  it.each(DECLARED_EVENTS.map((e) => [`${e.type} v${e.version}`, e] as const))(
    '%s: named, keyed by a required id of its payload, on its domain topic, described in one line',
    (_name, event) => {
      expect(event.type).toMatch(/^[a-z]+\.[a-z_]+\.[a-z_]+$/);
      expect(event.topic).toBe(`cybertacotruck.${event.type.split('.')[0] ?? ''}`);
      const schema = event.schema as unknown as { required?: string[]; properties: Record<string, unknown> };
      expect(schema.required ?? []).toContain(event.key);
      expect(schema.properties[event.key]).toMatchObject({ type: 'string' });
      expect(event.description).toMatch(/^[A-Z].*\.$/);
      expect(event.description).not.toContain('\n');
      expect(findDeclaredEvent(event.type, event.version)).toBe(event);
    },
  );

  it('finds nothing for an undeclared type or version', () => {
    expect(findDeclaredEvent('reservation.reservation.confirmed', 99)).toBeUndefined();
    expect(findDeclaredEvent('reservation.reservation.teleported', 1)).toBeUndefined();
  });
});
