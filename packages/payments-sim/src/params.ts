import { invalidParam } from './errors';

/** A form-decoded value: what `a[b][0]=c` bracket notation nests into. */
export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

/**
 * Decodes Stripe's request encoding (the SDK's `application/x-www-form-urlencoded` with qs-style
 * brackets: `metadata[k]=v`, `expand[0]=x`, `automatic_payment_methods[enabled]=true`). Objects
 * whose keys are all indices become arrays.
 */
export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match?.[1]) throw invalidParam(`Invalid parameter name: ${rawKey}`);
    const path = [match[1], ...[...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '')];
    let node: FormObject = root;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] as string;
      const next = node[key];
      if (next === undefined || typeof next === 'string') {
        const created: FormObject = {};
        node[key] = created;
        node = created;
      } else if (Array.isArray(next)) {
        throw invalidParam(`Invalid parameter name: ${rawKey}`);
      } else {
        node = next;
      }
    }
    const last = path[path.length - 1] as string;
    // `expand[]=x` (empty brackets) appends, as Rails-style clients send it.
    node[last === '' ? String(Object.keys(node).length) : last] = value;
  }
  return toArrays(root) as FormObject;
}

function toArrays(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted = Object.fromEntries(keys.map((k) => [k, toArrays(value[k] as FormValue)]));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => converted[k] as FormValue);
  }
  return converted;
}

/** Canonical text of a parameter set, for comparing an idempotent retry with its original. */
export function canonical(value: FormValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

const METADATA_MAX_KEYS = 50;

/**
 * Reads one request's parameters as Stripe validates them: unknown parameters refused
 * (`parameter_unknown`), integers checked (`parameter_invalid_integer`), booleans, enums, arrays and
 * hashes checked with a message and `param` (no code: Stripe's code list has none for those).
 */
export class Params {
  constructor(
    private readonly values: FormObject,
    allowed: readonly string[],
    prefix = '',
  ) {
    for (const key of Object.keys(values)) {
      if (allowed.includes(key)) continue;
      const name = prefix ? `${prefix}[${key}]` : key;
      throw invalidParam(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
    }
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  string(name: string, options: { maxLength?: number } = {}): string | undefined {
    const v = this.values[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalidParam(`Invalid string: ${name} must be a string`, name);
    const max = options.maxLength ?? 5000;
    if (v.length > max) throw invalidParam(`Invalid string: ${name} must be at most ${max} characters`, name);
    return v;
  }

  requiredString(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === '')
      throw invalidParam(`Missing required param: ${name}.`, name, 'parameter_missing');
    return v;
  }

  /** An optional string where `''` means "unset" (Stripe's way to clear a field). */
  nullableString(name: string): string | null | undefined {
    const v = this.string(name);
    return v === '' ? null : v;
  }

  integer(name: string): number | undefined {
    const v = this.values[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
      throw invalidParam(
        `Invalid integer: ${typeof v === 'string' ? v : name}`,
        name,
        'parameter_invalid_integer',
      );
    }
    return Number(v);
  }

  requiredInteger(name: string): number {
    const v = this.integer(name);
    if (v === undefined) throw invalidParam(`Missing required param: ${name}.`, name, 'parameter_missing');
    return v;
  }

  boolean(name: string): boolean | undefined {
    const v = this.values[name];
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') {
      throw invalidParam(`Invalid boolean: ${typeof v === 'string' ? v : name}`, name);
    }
    return v === 'true';
  }

  enumOf<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const v = this.string(name);
    if (v === undefined) return undefined;
    if (!(choices as readonly string[]).includes(v)) {
      throw invalidParam(`Invalid ${name}: must be one of ${choices.join(', ')}`, name);
    }
    return v as T;
  }

  stringArray(name: string): string[] | undefined {
    const v = this.values[name];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      throw invalidParam(`Invalid array: ${name} must be a list of strings`, name);
    }
    return v as string[];
  }

  object(name: string, allowed: readonly string[]): Params | undefined {
    const v = this.values[name];
    if (v === undefined) return undefined;
    if (typeof v === 'string' || Array.isArray(v)) {
      throw invalidParam(`Invalid object: ${name} must be a hash`, name);
    }
    return new Params(v, allowed, name);
  }

  /**
   * Metadata as an update: `metadata[k]=v` sets, `metadata[k]=` removes, `metadata=` clears all.
   * Returns the new metadata given the current one.
   */
  metadata(current: Record<string, string> = {}): Record<string, string> | undefined {
    const v = this.values.metadata;
    if (v === undefined) return undefined;
    if (v === '') return {};
    if (typeof v === 'string' || Array.isArray(v)) {
      throw invalidParam('Invalid object: metadata must be a hash', 'metadata');
    }
    let next = { ...current };
    for (const [key, value] of Object.entries(v)) {
      if (typeof value !== 'string')
        throw invalidParam(`Invalid metadata[${key}]: must be a string`, `metadata[${key}]`);
      if (key.length > 40)
        throw invalidParam(
          `Metadata keys can have up to 40 characters; ${key} is too long.`,
          `metadata[${key}]`,
        );
      if (value.length > 500)
        throw invalidParam(`Metadata values can have up to 500 characters.`, `metadata[${key}]`);
      if (value === '') next = Object.fromEntries(Object.entries(next).filter(([k]) => k !== key));
      else next[key] = value;
    }
    if (Object.keys(next).length > METADATA_MAX_KEYS) {
      throw invalidParam(`You can have up to ${METADATA_MAX_KEYS} metadata keys.`, 'metadata');
    }
    return next;
  }
}
