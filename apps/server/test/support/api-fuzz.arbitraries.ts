import fc from 'fast-check';

/**
 * fast-check arbitraries for the API fuzzer (api-fuzz.test.ts): values that follow an operation's
 * JSON schema as served in the OpenAPI document, mixed with hostile ones at every leaf.
 */

/** The part of JSON Schema the API's request schemas use. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Ids the fuzzer's data really holds (a vehicle, a user, a reservation…), so requests reach rows. */
export interface FuzzContext {
  knownIds: string[];
  now: number;
}

const HOUR = 3_600_000;

/** Strings no field should take: controls, surrogates, bidi, huge, SQL-ish and JSON-ish noise. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '   ',
  '\u0000',
  'a\u0000b',
  '\u0007\u001b[31m',
  '\r\n',
  'line\nbreak',
  '\t',
  '\u007f',
  '\ud83d',
  'x\udc00y',
  '\u202egnp.exe',
  '\u2066isolate\u2069',
  '\u200b',
  '\ufeff',
  '\u2028',
  '🚗'.repeat(50),
  'e\u0301'.repeat(40),
  "' OR '1'='1' --",
  '"; DROP TABLE vehicle; --',
  '\\x00\\u0000',
  '{"$gt":""}',
  '[object Object]',
  '__proto__',
  'constructor',
  '../../../etc/passwd',
  '%00',
  '%ff%fe',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e308',
  '0x7fffffff',
  '2147483648',
  '9007199254740993',
  '-2147483649',
  '00000000-0000-0000-0000-000000000000',
  'urn:uuid:0b8c1a2e-1d2f-4c3b-9a8e-7f6e5d4c3b2a',
  '{0b8c1a2e-1d2f-4c3b-9a8e-7f6e5d4c3b2a}',
  '0b8c1a2e1d2f4c3b9a8e7f6e5d4c3b2a',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2016-12-31T23:59:60Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '2027-02-30T00:00:00Z',
  '2027-01-01T00:00:00+99:99',
  '1970-01-01T00:00:00Z',
  'x'.repeat(300),
  'y'.repeat(70_000),
];

/** Numbers at and past every boundary a column or a JS number has. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1.5,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e308,
  -1e308,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER,
];

/** Any hostile JSON value: a wrong type, a hostile string or number, a nested or huge structure. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(null, true, false, [], {}, [null], { __proto__: null, a: 1 }, [
      'a',
      1,
    ]),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** Hostile text for a path segment or a query value: what a browser bar or curl could send. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS.map(String), '1e400', '-1e400', '1_000', ' 1') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

/** A value that follows `schema`, or now and then (at any depth) a hostile one. */
export function valueFor(schema: JsonSchema, ctx: FuzzContext, depth = 0): fc.Arbitrary<unknown> {
  const valid = validValueFor(schema, ctx, depth);
  return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: hostileValue });
}

function validValueFor(schema: JsonSchema, ctx: FuzzContext, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((branch) => valueFor(branch, ctx, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema, ctx);
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -(2 ** 31), -(2 ** 31)),
        max: Math.min(schema.maximum ?? 2 ** 31 - 1, 2 ** 31 - 1),
      });
    case 'number':
      return fc.double({
        min: schema.minimum ?? schema.exclusiveMinimum ?? -1e6,
        max: schema.maximum ?? schema.exclusiveMaximum ?? 1e6,
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(schema.items ? valueFor(schema.items, ctx, depth + 1) : hostileValue, {
        minLength: Math.min(schema.minItems ?? 0, 3),
        maxLength: Math.min(schema.maxItems ?? 5, 5),
      });
    case 'object':
      return objectFor(schema, ctx, depth);
    default:
      return hostileValue;
  }
}

/** An object with its required keys, some optional ones, and now and then a key it does not know. */
export function objectFor(schema: JsonSchema, ctx: FuzzContext, depth = 0): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const record = fc.record(
    Object.fromEntries(
      Object.entries(properties).map(([key, property]) => [key, valueFor(property, ctx, depth + 1)]),
    ),
    { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: record },
    {
      weight: 1,
      arbitrary: fc
        .tuple(record, fc.constantFrom('extra', '__proto__', 'constructor', ''), hostileValue)
        .map(([value, key, extra]) => ({ ...(value as object), [key]: extra })),
    },
    // A required key left out.
    { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...Object.keys(properties), 'x'), hostileValue) },
  );
}

function stringFor(schema: JsonSchema, ctx: FuzzContext): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return ctx.knownIds.length > 0 ? fc.oneof(fc.constantFrom(...ctx.knownIds), fc.uuid()) : fc.uuid();
    case 'date-time':
      return fc.oneof(
        // Around now, on the hour: what periods, quotes and reservations accept.
        fc
          .integer({ min: -48, max: 24 * 120 })
          .map((hours) => new Date(Math.floor(ctx.now / HOUR) * HOUR + hours * HOUR).toISOString()),
        fc
          .date({
            min: new Date('1970-01-01T00:00:00Z'),
            max: new Date('2199-12-31T00:00:00Z'),
            noInvalidDate: true,
          })
          .map((d) => d.toISOString()),
      );
    case 'email':
      return fc.emailAddress();
    case 'date':
      return fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    default:
      break;
  }
  const lengths = { minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 120) };
  if (schema.pattern) {
    const matching = stringMatching(schema.pattern);
    if (matching) return fc.oneof(matching, fc.string({ ...lengths, unit: 'grapheme' }));
  }
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ ...lengths, unit: 'grapheme' }) },
    { weight: 1, arbitrary: fc.string({ ...lengths, unit: 'binary' }) },
  );
}

/** fast-check knows most, not all, regular expressions; a pattern it does not know gets free text. */
function stringMatching(pattern: string): fc.Arbitrary<string> | undefined {
  try {
    const arbitrary = fc.stringMatching(new RegExp(pattern, 'u'));
    fc.sample(arbitrary, 1);
    return arbitrary;
  } catch {
    return undefined;
  }
}
