import { describe, expect, it } from 'vitest';
import { ProblemTypes, type Problem } from '@cybertacotruck/contracts';
import { ApiError } from './api-client';
import { formErrors } from './form-errors';

const problem = (p: Partial<Problem>): ApiError =>
  new ApiError({
    type: ProblemTypes.validation,
    title: 'Invalid request',
    status: 400,
    detail: 'The request is invalid.',
    ...p,
  });
const labels = { code: 'Code from the SMS', password: 'Password', email: 'E-mail' };

describe('form errors', () => {
  it('puts each named field’s message beside it, in plain words, and no notice', () => {
    const error = problem({
      type: ProblemTypes.wrongCode,
      detail: 'The code is wrong: 4 attempts left.',
      errors: [
        { location: 'body', field: 'code', message: 'code does not match the one we sent by SMS' },
        { location: 'body', field: 'password', message: 'password must not contain your phone number' },
      ],
    });
    expect(formErrors(error, labels)).toEqual({
      fields: {
        code: 'That is not the code we sent by SMS. 4 tries left.',
        password: 'Password must not contain your phone number.',
      },
      notice: null,
    });
  });

  it('never shows a validator’s own words, nor a field twice', () => {
    const error = problem({
      detail: 'The request is invalid: password must NOT have fewer than 10 characters',
      errors: [
        { location: 'body', field: 'password', message: 'must NOT have fewer than 10 characters' },
        { location: 'body', field: 'password', message: 'password is too easy to guess' },
        { location: 'body', field: 'email', message: 'must match format "email"' },
      ],
    });
    expect(formErrors(error, labels).fields).toEqual({
      password: 'Check the password.',
      email: 'Check the e-mail.',
    });
  });

  it('keeps the notice when no field of the form is named', () => {
    const error = problem({
      errors: [{ location: 'body', field: 'extra', message: 'must NOT have additional properties' }],
    });
    expect(formErrors(error, labels)).toEqual({ fields: {}, notice: error });
    expect(formErrors(null, labels)).toEqual({ fields: {}, notice: null });
    const network = new Error('offline');
    expect(formErrors(network, labels).notice).toBe(network);
  });
});
