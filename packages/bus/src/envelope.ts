import type { EventEnvelope } from '@cybertacotruck/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses an event as it travels (JSON text); null when it is not an envelope (a poison message). */
export function parseEnvelope(text: string): EventEnvelope<unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const e = value as Record<string, unknown>;
  if (typeof e.id !== 'string' || !UUID.test(e.id)) return null;
  if (typeof e.type !== 'string' || typeof e.key !== 'string') return null;
  if (typeof e.version !== 'number' || !Number.isInteger(e.version)) return null;
  if (typeof e.occurredAt !== 'string' || Number.isNaN(Date.parse(e.occurredAt))) return null;
  if (!('data' in e)) return null;
  return { id: e.id, type: e.type, version: e.version, occurredAt: e.occurredAt, key: e.key, data: e.data };
}
