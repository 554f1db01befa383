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
  return ({ schema, httpPart }) => (httpPart === 'body' ? body : text).compile(schema as object);
}
