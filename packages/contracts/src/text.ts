import Type from 'typebox';
import { NAME_PATTERN } from './text-patterns';

/**
 * Request text, declared once. Every request string is already refused when it holds C0 controls,
 * DEL or unpaired surrogates (packages/platform/src/ajv.ts); these helpers add what a kind of text
 * needs on top. `'x-trim': true` is a keyword of the API's validator: the value is trimmed before its
 * lengths and pattern are checked, and the route receives (and stores) the trimmed value.
 */

interface TextOptions {
  minLength?: number;
  maxLength: number;
  description?: string;
}

/** A person's, a vehicle's or any other name or label: trimmed, at least one character, one line. */
export const Name = ({ minLength = 1, maxLength, description }: TextOptions) =>
  Type.String({
    minLength,
    maxLength,
    pattern: NAME_PATTERN,
    'x-trim': true,
    description:
      description ??
      `text on one line, ${minLength}-${maxLength} characters, without control or invisible formatting characters`,
  });

/** Free text (a reason, a note, terms): trimmed, at least one character; tabs and line breaks allowed. */
export const FreeText = ({ minLength = 1, maxLength, description }: TextOptions) =>
  Type.String({ minLength, maxLength, 'x-trim': true, ...(description ? { description } : {}) });

/** The largest value of a PostgreSQL `integer` (int4): the bound of every integer a column holds. */
export const INT4_MAX = 2_147_483_647;
