import type { FastifySchemaCompiler } from 'fastify';
import AjvModule, { type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';

// Both are CommonJS: under Node's ESM interop the class and the plugin sit on `.default`.
type AjvClass = typeof AjvModule;
type Ajv = InstanceType<AjvClass>;
const Ajv = (AjvModule as unknown as { default?: AjvClass }).default ?? AjvModule;
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const shared: Options = { allErrors: true, useDefaults: true, verbose: true, strict: false };

/**
 * Two validators: JSON bodies are taken as typed (a string where a number belongs is an
 * error the client should see), while query strings, params and headers are text and get coerced.
 */
export function createValidatorCompiler(): FastifySchemaCompiler<unknown> {
  const body = addFormats(new Ajv({ ...shared, coerceTypes: false, removeAdditional: false }));
  const text = addFormats(new Ajv({ ...shared, coerceTypes: 'array', removeAdditional: 'all' }));
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
