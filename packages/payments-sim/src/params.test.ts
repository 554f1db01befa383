import { describe, expect, it } from 'vitest';
import { StripeError } from './errors';
import { canonical, Params, parseForm } from './params';

describe('parseForm (the SDK encoding)', () => {
  it('nests brackets and turns index keys into arrays', () => {
    const form = parseForm(
      'amount=100&metadata[a]=1&metadata[b]=x%20y&expand[0]=latest_charge&expand[1]=customer&automatic_payment_methods[enabled]=true',
    );
    expect(form).toEqual({
      amount: '100',
      metadata: { a: '1', b: 'x y' },
      expand: ['latest_charge', 'customer'],
      automatic_payment_methods: { enabled: 'true' },
    });
    expect(parseForm('expand%5B0%5D=a')).toEqual({ expand: ['a'] });
  });

  it('canonical text ignores key order but not values', () => {
    expect(canonical(parseForm('a=1&b[x]=2'))).toBe(canonical(parseForm('b[x]=2&a=1')));
    expect(canonical(parseForm('a=1'))).not.toBe(canonical(parseForm('a=2')));
  });
});

describe('Params', () => {
  const fail = (fn: () => unknown): StripeError => {
    try {
      fn();
    } catch (error) {
      if (error instanceof StripeError) return error;
      throw error;
    }
    throw new Error('expected a StripeError');
  };

  it('refuses unknown, non-integer and non-boolean parameters as Stripe does', () => {
    expect(fail(() => new Params({ colour: 'red' }, ['amount'])).body).toMatchObject({
      code: 'parameter_unknown',
      param: 'colour',
    });
    expect(fail(() => new Params({ amount: '1.5' }, ['amount']).integer('amount')).body).toMatchObject({
      code: 'parameter_invalid_integer',
      message: 'Invalid integer: 1.5',
    });
    expect(fail(() => new Params({ confirm: 'yes' }, ['confirm']).boolean('confirm')).body).toMatchObject({
      type: 'invalid_request_error',
      message: 'Invalid boolean: yes',
      param: 'confirm',
    });
    expect(fail(() => new Params({ a: { b: '1' } }, ['a']).object('a', ['c'])).body).toMatchObject({
      param: 'a[b]',
    });
  });

  it('metadata: sets, removes with an empty value, clears with metadata=', () => {
    expect(
      new Params({ metadata: { a: '2', b: '' } }, ['metadata']).metadata({ a: '1', b: 'x', c: 'y' }),
    ).toEqual({ a: '2', c: 'y' });
    expect(new Params({ metadata: '' }, ['metadata']).metadata({ a: '1' })).toEqual({});
  });
});
