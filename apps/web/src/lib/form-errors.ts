import { ProblemTypes } from '@cybertacotruck/contracts';
import { ApiError } from './api-client';

/** A JSON Schema validator's own words ("must NOT have fewer than 10 characters"): never shown. */
const VALIDATOR_TEXT =
  /\bmust (NOT )?(have|match|be equal|be (string|number|integer|object|array|boolean))\b|must match (format|pattern)/;

/**
 * What a form shows of a failed call: the server's message for each of its own fields, in plain
 * words beside the field, and the notice only when no field of the form was named (so nothing is
 * said twice). `labels` names the form's fields as the page shows them.
 */
export function formErrors<F extends string>(
  error: unknown,
  labels: Record<F, string>,
): { fields: Partial<Record<F, string>>; notice: ApiError | Error | null } {
  if (!(error instanceof Error)) return { fields: {}, notice: null };
  if (!(error instanceof ApiError)) return { fields: {}, notice: error };
  const fields: Partial<Record<F, string>> = {};
  for (const e of error.fieldErrors) {
    if (!(e.field in labels) || fields[e.field as F] !== undefined) continue;
    const field = e.field as F;
    fields[field] = fieldMessage(error, field, labels[field], e.message);
  }
  return { fields, notice: Object.keys(fields).length > 0 ? null : error };
}

function fieldMessage(error: ApiError, field: string, label: string, message: string): string {
  if (error.type === ProblemTypes.wrongCode && field === 'code') {
    const left = /(\d+) attempts? left/.exec(error.message)?.[1];
    return `That is not the code we sent by SMS.${left ? ` ${left} ${left === '1' ? 'try' : 'tries'} left.` : ''}`;
  }
  if (VALIDATOR_TEXT.test(message)) return `Check the ${label.toLowerCase()}.`;
  // "password must not contain your phone number" → "Password must not contain your phone number."
  const rest = message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
  const sentence = `${label} ${rest}`.trim();
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
