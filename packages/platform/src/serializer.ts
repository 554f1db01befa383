import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type BuildSerializer = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']
>;

// Fastify's own response serializer (fast-json-stringify), resolved from Fastify so the version is its.
const fromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const SerializerSelector = fromFastify('@fastify/fast-json-stringify-compiler') as () => BuildSerializer;

type Schema = Record<string, unknown>;
const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNull = (s: unknown) => isSchema(s) && s.type === 'null' && Object.keys(s).length === 1;

/**
 * A copy of `schema` where every `anyOf: [T, null]` (what a `Nullable(T)` union compiles to) with a
 * single-typed T becomes `{ ...T, nullable: true }`. fast-json-stringify writes an `anyOf` by running
 * an ajv validator over each option for every value (a full object and its date-time formats, per
 * item of a list); with `nullable` it checks `=== null` and writes T. The JSON is the same for any
 * value the schema allows. Only the serializer sees the copy: validation and OpenAPI keep `anyOf`.
 */
export function nullableForSerializer(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(nullableForSerializer);
  if (!isSchema(schema)) return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties`, `$defs` and the like map names to schemas; `enum`/`const` values are data.
    copy[key] =
      key === 'enum' || key === 'const' || key === 'examples' ? value : nullableForSerializer(value);
  }
  const options = copy.anyOf;
  if (Array.isArray(options) && options.length === 2) {
    const nullAt = options.findIndex(isNull);
    const other: unknown = options[1 - nullAt];
    if (nullAt >= 0 && isSchema(other) && typeof other.type === 'string' && other.type !== 'null') {
      const { anyOf: _anyOf, ...siblings } = copy;
      return { ...siblings, ...other, nullable: true };
    }
  }
  return copy;
}

/** Fastify's default serializer compiler, given schemas whose nullable unions it writes without ajv. */
export const buildSerializer: BuildSerializer = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => compile({ ...route, schema: nullableForSerializer(route.schema) });
};
