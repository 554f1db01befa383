import { readFileSync } from 'node:fs';
import { ConfigError } from '@cybertacotruck/platform';

/**
 * A PEM from a configuration key naming a file: read once at start-up, and a clear ConfigError
 * naming the key when the file is missing or holds no PEM of the expected kind.
 */
export function readPemFile(key: string, path: string, marker: 'CERTIFICATE' | 'PUBLIC KEY'): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError([`${key}: cannot read ${path} (${code})`]);
  }
  if (!text.includes(`-----BEGIN ${marker}-----`))
    throw new ConfigError([
      `${key}: ${path} holds no PEM ${marker.toLowerCase()} (-----BEGIN ${marker}-----)`,
    ]);
  return text;
}

/** The PEM of one of two keys: the text itself, or a file holding it (both set is refused). */
export function pemFromConfig(
  keys: { text: string; file: string },
  values: { text: string | undefined; file: string | undefined },
  marker: 'CERTIFICATE' | 'PUBLIC KEY',
): string | undefined {
  if (values.text !== undefined && values.file !== undefined)
    throw new ConfigError([`${keys.text} and ${keys.file} are both set: set one of them`]);
  if (values.file !== undefined) return readPemFile(keys.file, values.file, marker);
  return values.text === undefined ? undefined : `${values.text.replace(/\\n/g, '\n').trim()}\n`;
}
