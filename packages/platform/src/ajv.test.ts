import { describe, expect, it } from 'vitest';
import { createValidatorCompiler } from './ajv';

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
