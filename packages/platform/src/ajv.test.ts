import { describe, expect, it } from 'vitest';
import {
  CancelReservationBody,
  ClaimsQuery,
  CreateVehicleBody,
  MaintenanceBody,
  PublishTermsBody,
  RegisterBody,
  UpdateVehicleBody,
  VehicleIdParams,
} from '@cybertacotruck/contracts';
import { createValidatorCompiler, parseInstant } from './ajv';

const schema = {
  type: 'object',
  properties: { name: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
};

/** A compiled validator as Fastify calls it: true, or false with `errors`. */
function validatorFor(httpPart: 'body' | 'querystring' | 'params') {
  const validate = createValidatorCompiler()({ schema, method: 'POST', url: '/x', httpPart }) as unknown as {
    (data: unknown): boolean;
    errors: Array<{ instancePath: string; keyword: string; message: string }> | null;
  };
  return (data: unknown) => (validate(data) ? null : validate.errors);
}

describe('one text rule for every string the API takes', () => {
  it('refuses a NUL, other control characters and unpaired surrogates anywhere in a body, naming the field', () => {
    const body = validatorFor('body');
    const [nul] = body({ name: 'x\u0000' }) ?? [];
    expect(nul).toMatchObject({ instancePath: '/name', keyword: 'text' });
    expect(nul?.message).toContain('U+0000');
    expect(body({ tags: ['ok', 'bell\u0007'] })).toEqual([
      expect.objectContaining({ instancePath: '/tags/1' }),
    ]);
    const [half] = body({ name: 'half \ud83d pair' }) ?? [];
    expect(half).toMatchObject({ instancePath: '/name' });
    expect(half?.message).toContain('U+D83D');
    expect(body({ name: 'del\u007f' })).not.toBeNull();
  });

  it('lets free text keep tabs and line breaks in a body, and whole emoji', () => {
    const body = validatorFor('body');
    expect(body({ name: 'line one\r\nline\ttwo 🚗' })).toBeNull();
  });

  it('refuses line breaks and tabs in paths and query strings', () => {
    expect(validatorFor('querystring')({ name: 'a\nb' })).toEqual([
      expect.objectContaining({ instancePath: '/name' }),
    ]);
    expect(validatorFor('params')({ name: 'a\tb' })).not.toBeNull();
    expect(validatorFor('params')({ name: 'plain' })).toBeNull();
  });

  it('still reports schema errors first', () => {
    expect(validatorFor('body')({ name: 42 })).toEqual([expect.objectContaining({ keyword: 'type' })]);
  });
});

/** A validator for one of the API's own schemas, returning the (possibly trimmed) data it passed. */
function validatorOf(schema: object, httpPart: 'body' | 'querystring' | 'params' = 'body') {
  const validate = createValidatorCompiler()({ schema, method: 'POST', url: '/x', httpPart }) as unknown as {
    (data: unknown): boolean;
    errors: Array<{ instancePath: string; keyword: string; message: string }> | null;
  };
  return (data: unknown) => (validate(data) ? { ok: data } : { errors: validate.errors ?? [] });
}

describe('names: one visible line, trimmed', () => {
  const vehicle = validatorOf(CreateVehicleBody);
  const base = { vin: '5YJ3E1EA7KF000123', model: 'model_3' };

  it.each([
    ['a right-to-left override', 'Car \u202Eevil'],
    ['a zero-width space', 'Car\u200B'],
    ['a bidi isolate', '\u2066Car\u2069'],
    ['a byte-order mark', 'Car\uFEFFOne'],
    ['a line break', 'Car\nTwo'],
    ['a tab', 'Car\tTwo'],
    ['a line separator', 'Car\u2028Two'],
  ])('refuses %s in a name, naming the field', (_, displayName) => {
    const result = vehicle({ ...base, displayName });
    expect(result.errors?.[0]).toMatchObject({ instancePath: '/displayName' });
  });

  it('refuses the same characters in every kind of name (person, label, terms title)', () => {
    expect(validatorOf(RegisterBody)({ name: 'Ann\u202E' }).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ instancePath: '/name', keyword: 'pattern' })]),
    );
    expect(vehicle({ ...base, displayName: 'Car', color: 'red\u200D' }).errors?.[0]).toMatchObject({
      instancePath: '/color',
    });
    expect(validatorOf(PublishTermsBody)({ title: 'Terms\u2067', body: 'x' }).errors?.[0]).toMatchObject({
      instancePath: '/title',
    });
  });

  it('trims before checking the length, and passes the trimmed value on', () => {
    expect(vehicle({ ...base, displayName: '   ' }).errors?.[0]).toMatchObject({
      instancePath: '/displayName',
      keyword: 'minLength',
    });
    expect(vehicle({ ...base, displayName: '  Blue  Lightning \u00A0' }).ok).toMatchObject({
      displayName: 'Blue  Lightning',
    });
    expect(vehicle({ ...base, displayName: ` ${'x'.repeat(80)} ` }).ok).toBeDefined();
    expect(validatorOf(UpdateVehicleBody)({ color: ' ', trim: null }).errors?.[0]).toMatchObject({
      instancePath: '/color',
    });
  });

  it('trims free text too but keeps its inner line breaks', () => {
    const cancel = validatorOf(CancelReservationBody);
    expect(cancel({ reason: ' \n\t ' }).errors?.[0]).toMatchObject({ instancePath: '/reason' });
    expect(cancel({ reason: '\n plans\nchanged \n' }).ok).toEqual({ reason: 'plans\nchanged' });
    expect(validatorOf(MaintenanceBody)({ from: 'x', to: 'y', note: '  ' }).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ instancePath: '/note', keyword: 'minLength' })]),
    );
  });

  it('lets names be any visible script, with emoji and inner spaces', () => {
    expect(vehicle({ ...base, displayName: 'Ωmega 🚗 Zoë 李 محمد' }).ok).toBeDefined();
  });
});

describe('date-times the API takes', () => {
  const claims = validatorOf(ClaimsQuery, 'querystring');

  it.each([
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1969-12-31T23:59:59Z',
    '2200-01-01T00:00:00Z',
    '2016-12-31T23:59:60Z',
    '2027-02-30T10:00:00Z',
    '2027-01-01T10:00:00+01',
    '2027-01-01 10:00:00Z',
    '2027-01-01T10:00:00',
  ])('refuses %s as a field error', (from) => {
    expect(claims({ from }).errors?.[0]).toMatchObject({ instancePath: '/from', keyword: 'format' });
  });

  it('takes RFC 3339 instants from 1970 to the end of 2199, with fractions and offsets', () => {
    for (const from of [
      '1970-01-01T00:00:00Z',
      '2199-12-31T23:59:59.999Z',
      '2028-02-29T10:00:00.123456+05:30',
      '2027-06-01t08:00:00z',
    ])
      expect(claims({ from }).ok, from).toBeDefined();
    expect(parseInstant('2027-06-01T08:00:00-02:00')?.toISOString()).toBe('2027-06-01T10:00:00.000Z');
    expect(parseInstant('2199-12-31T23:00:00-05:00')).toBeUndefined();
  });
});

describe('ids', () => {
  it('refuses a urn:uuid: id (the format allowed it; PostgreSQL does not)', () => {
    expect(
      validatorOf(VehicleIdParams, 'params')({ id: 'urn:uuid:0b8c1a2e-1d2f-4c3b-9a8e-7f6e5d4c3b2a' })
        .errors?.[0],
    ).toMatchObject({ instancePath: '/id', keyword: 'format' });
    expect(
      validatorOf(VehicleIdParams, 'params')({ id: '0B8C1A2E-1D2F-4C3B-9A8E-7F6E5D4C3B2A' }).ok,
    ).toBeDefined();
  });
});
