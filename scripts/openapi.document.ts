import * as contracts from '@cybertacotruck/contracts';
import { createTestApp } from '@cybertacotruck/platform/testing';
import { allServices } from '../apps/server/src/services';

/**
 * The OpenAPI document of the embedded host (every service's routes, as `npm start` mounts them),
 * built from the route schemas: the server is composed on an in-memory PGlite database (no network,
 * no PostgreSQL server), asked for its document, then shaped for review — deterministic (no ports,
 * hosts or times; paths, methods and named schemas in a stable order), the shared contract types
 * named under components.schemas, internal routes tagged `internal`.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** The process's own settings must not change the document: the same env on every machine. */
const GENERATION_ENV = {
  NODE_ENV: 'test',
  TESLA_SYNC: 'false',
  RATE_LIMIT_ENABLED: 'false',
} as const;

const METHOD_ORDER = ['get', 'put', 'post', 'patch', 'delete', 'options', 'head', 'trace'];
const INTERNAL_PREFIX = '/api/v1/internal/';
const PROBLEM_JSON = contracts.PROBLEM_CONTENT_TYPE;

export async function buildOpenApiDocument(): Promise<JsonObject> {
  const test = await createTestApp('pglite', allServices, GENERATION_ENV);
  try {
    const raw = JSON.parse(JSON.stringify(test.app.swagger())) as JsonObject;
    return shape(raw);
  } finally {
    await test.dispose();
  }
}

function shape(doc: JsonObject): JsonObject {
  const paths = asObject(doc.paths);
  const shapedPaths: JsonObject = {};
  const usedTags = new Set<string>();
  for (const path of Object.keys(paths).sort()) {
    const operations = asObject(paths[path]);
    const shaped: JsonObject = {};
    for (const method of Object.keys(operations).sort(byMethod)) {
      const operation = asObject(operations[method]);
      const tags = new Set((operation.tags as string[] | undefined) ?? []);
      if (path.startsWith(INTERNAL_PREFIX)) tags.add('internal');
      for (const tag of tags) usedTags.add(tag);
      shaped[method] = {
        ...operation,
        tags: [...tags],
        responses: problemResponses(asObject(operation.responses)),
      };
    }
    shapedPaths[path] = shaped;
  }

  const declared = (doc.tags as { name: string; description?: string }[] | undefined) ?? [];
  const tags = [...usedTags].sort().map(
    (name) =>
      declared.find((t) => t.name === name) ?? {
        name,
        description: TAG_DESCRIPTIONS[name] ?? `${name} routes`,
      },
  );

  const { paths: named, schemas } = nameSharedSchemas(shapedPaths);
  return {
    openapi: doc.openapi ?? '3.1.0',
    info: doc.info ?? {},
    tags,
    paths: named,
    components: { schemas },
  };
}

/** Tags some services' route families use besides the service's own (see each routes file). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  calendar: 'The vehicle calendar (inventory): availability, holds, bookings and maintenance blocks',
  tesla: 'Tesla connections, live fleet state and the Fleet API bill (inventory)',
  internal: 'Service-to-service routes: the internal token only, never reachable from a browser',
};

/** Error answers are RFC 9457 problem documents; say so with their media type. */
function problemResponses(responses: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [status, response] of Object.entries(responses)) {
    const r = asObject(response);
    const content = r.content === undefined ? undefined : asObject(r.content);
    const isError = /^[45]/.test(status);
    if (isError && content?.['application/json'] !== undefined) {
      const { 'application/json': problem, ...rest } = content;
      out[status] = {
        ...r,
        description: status.startsWith('4') ? 'The request was refused' : 'The server could not answer',
        content: { [PROBLEM_JSON]: problem ?? null, ...rest },
      };
    } else out[status] = r;
  }
  return out;
}

/**
 * Every inline schema that is one of the contracts' exported object schemas (`Reservation`,
 * `Problem`, …) becomes a `$ref` to `components.schemas.<ExportName>`, so the document reads like
 * the contracts and the generated web types carry the same names.
 */
function nameSharedSchemas(paths: JsonObject): { paths: JsonObject; schemas: JsonObject } {
  const byShape = new Map<string, string>();
  for (const [name, value] of Object.entries(contracts)) {
    if (/V\d+$/.test(name) || /Query$/.test(name)) continue; // event payloads; query strings become parameters
    const exported: unknown = value;
    if (
      typeof exported !== 'object' ||
      exported === null ||
      (exported as { type?: unknown }).type !== 'object'
    )
      continue;
    const schema = asObject(asSwaggerWrites(JSON.parse(JSON.stringify(exported)) as Json));
    const { description: _moved, ...undescribed } = schema;
    // Also as written under a response whose description @fastify/swagger took from the schema's own.
    for (const shape of [schema, undescribed]) {
      const key = canonical(shape);
      if (!byShape.has(key)) byShape.set(key, name);
    }
  }

  const used = new Map<string, Json>();
  const replace = (node: Json, self?: string): Json => {
    if (Array.isArray(node)) return node.map((n) => replace(n));
    if (node === null || typeof node !== 'object') return node;
    const name = byShape.get(canonical(node));
    if (name && name !== self) {
      // The first place it is written defines it (as @fastify/swagger wrote it).
      if (!used.has(name)) {
        used.set(name, null);
        used.set(name, replace(node, name));
      }
      return { $ref: `#/components/schemas/${name}` };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, replace(v)]));
  };
  const named = replace(paths) as JsonObject;
  const schemas: JsonObject = {};
  for (const name of [...used.keys()].sort()) schemas[name] = used.get(name) ?? null;
  return { paths: named, schemas };
}

/** JSON with object keys sorted: the same schema whatever order its keywords were written in. */
function canonical(node: Json): string {
  const sorted = (n: Json): Json => {
    if (Array.isArray(n)) return n.map(sorted);
    if (n === null || typeof n !== 'object') return n;
    return Object.fromEntries(
      Object.keys(n)
        .sort()
        .map((k) => [k, sorted(n[k] ?? null)]),
    );
  };
  return JSON.stringify(sorted(node));
}

/**
 * What @fastify/swagger writes for a TypeBox schema: `const: x` as `enum: [x]`, a record's
 * `patternProperties` as `additionalProperties`. The contracts' schemas, compared, must read the same.
 */
function asSwaggerWrites(node: Json): Json {
  if (Array.isArray(node)) return node.map(asSwaggerWrites);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'const') out.enum = [v];
    else if (
      k === 'patternProperties' &&
      v &&
      typeof v === 'object' &&
      !Array.isArray(v) &&
      Object.keys(v).length === 1
    )
      out.additionalProperties = asSwaggerWrites(Object.values(v)[0] ?? null);
    else out[k] = asSwaggerWrites(v);
  }
  return out;
}

function byMethod(a: string, b: string): number {
  return METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b);
}

function asObject(value: Json | undefined): JsonObject {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`expected an object in the OpenAPI document, found ${JSON.stringify(value)}`);
  return value;
}
