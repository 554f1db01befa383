import type { FastifySchemaCompiler } from 'fastify';
import AjvModule, { type Options } from 'ajv';
import type { DataValidationCxt } from 'ajv/dist/types';
import addFormatsModule from 'ajv-formats';

// Both are CommonJS: under Node's ESM interop the class and the plugin sit on `.default`.
type AjvClass = typeof AjvModule;
type Ajv = InstanceType<AjvClass>;
const Ajv = (AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const shared: Options = { allErrors: true, useDefaults: true, verbose: true, strict: false };

/** Formats and keywords every request schema may use, on top of ajv-formats (see the file's end). */
function withRules(ajv: Ajv): Ajv {
  addFormats(ajv);
  // ajv-formats' uuid also takes a `urn:uuid:` prefix, which PostgreSQL's uuid type refuses.
  ajv.addFormat('uuid', UUID);
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (text: string) => parseInstant(text) !== undefined,
  });
  ajv.addKeyword({
    keyword: 'x-trim',
    type: 'string',
    schemaType: 'boolean',
    modifying: true,
    errors: false,
    // Before the lengths and the pattern, so they judge (and the route receives) the trimmed text.
    before: 'maxLength',
    validate: (on: boolean, data: string, _schema?: unknown, at?: DataValidationCxt) => {
      if (on && at?.parentData !== undefined) {
        (at.parentData as Record<string | number, unknown>)[at.parentDataProperty] = data.trim();
      }
      return true;
    },
  });
  return ajv;
}

/**
 * Two validators: JSON bodies are taken as typed (a string where a number belongs is an
 * error the client should see), while query strings, params and headers are text and get coerced.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const body = withRules(new Ajv({ ...shared, coerceTypes: false, removeAdditional: false }));
  const text = withRules(new Ajv({ ...shared, coerceTypes: 'array', removeAdditional: 'all' }));
  return ({ schema, httpPart }) => {
    const validate = (httpPart === 'body' ? body : text).compile(schema as object);
    if (httpPart === 'headers') return validate;
    const rule = httpPart === 'body' ? BODY_TEXT : LINE_TEXT;
    // The schema first (types, lengths, formats), then one rule for every string it let through.
    const checked = Object.assign(
      (data: unknown, context?: Parameters<typeof validate>[1]): boolean => {
        if (!validate(data, context)) {
          checked.errors = validate.errors;
          return false;
        }
        const bad = firstUnsafeString(data, rule, '');
        checked.errors = bad ? [bad] : null;
        return bad === undefined;
      },
      { errors: null as typeof validate.errors, schemaEnv: validate.schemaEnv },
    );
    return checked;
  };
}

/**
 * A validator for data as it is — no coercion, no defaults, nothing removed — with the formats of
 * the request schemas (uuid, date-time): event payloads read from the bus.
 */
export function createDataAjv(): Ajv {
  return withRules(new Ajv({ ...shared, useDefaults: false, coerceTypes: false, removeAdditional: false }));
}

/**
 * Text no field should carry, whatever its schema: C0 controls and DEL (a NUL also makes PostgreSQL
 * refuse the row), lone UTF-16 surrogates (not text at all). JSON bodies may hold tabs and line
 * breaks (free text such as a cancellation reason); paths and query strings may not.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BODY_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- as above
const LINE_TEXT = /[\u0000-\u001F\u007F]|\p{Cs}/u;

interface TextError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

function firstUnsafeString(value: unknown, rule: RegExp, path: string): TextError | undefined {
  if (typeof value === 'string') {
    const found = rule.exec(value);
    if (!found) return undefined;
    const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return {
      instancePath: path,
      schemaPath: '#/text',
      keyword: 'text',
      params: { character: `U+${code}` },
      message: `must not contain control characters or unpaired surrogates (found U+${code})`,
    };
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const bad = firstUnsafeString(item, rule, `${path}/${i}`);
      if (bad) return bad;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const bad =
        firstUnsafeString(key, rule, `${path}/${key}`) ?? firstUnsafeString(item, rule, `${path}/${key}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The instants the API takes: 1970-01-01T00:00:00Z up to (not including) 2200-01-01T00:00:00Z.
 * Far inside what JS (±275,760 years) and PostgreSQL (4713 BC – 294276 AD) hold, so every instant
 * a service derives from one (a default period's end a year later, a cursor) is representable too.
 */
export const EARLIEST_INSTANT = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT = Date.UTC(2200, 0, 1);

/** RFC 3339 with a zone (`Z` or `±hh:mm`); a leap second (:60) is refused, as JS cannot hold it. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * The instant an RFC 3339 date-time names, or undefined when it is not one, names a day that does
 * not exist (Feb 30), or falls outside [EARLIEST_INSTANT, LATEST_INSTANT). The `date-time` format
 * of every request schema is this check; services decoding instants of their own (a cursor) use it.
 */
export function parseInstant(text: string): Date | undefined {
  const parts = RFC3339.exec(text);
  if (!parts) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = parts.slice(1, 7).map(Number);
  // Undefined for a `Z` zone.
  const [zoneHour, zoneMinute] = [Number(parts[7] ?? 0), Number(parts[8] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return undefined;
  if (hour > 23 || minute > 59 || second > 59 || zoneHour > 23 || zoneMinute > 59) return undefined;
  const at = Date.parse(text.toUpperCase());
  if (!Number.isFinite(at) || at < EARLIEST_INSTANT || at >= LATEST_INSTANT) return undefined;
  return new Date(at);
}
