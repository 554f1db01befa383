import Type, { type Static } from 'typebox';

export const FieldError = Type.Object({
  location: Type.Union([
    Type.Literal('body'),
    Type.Literal('query'),
    Type.Literal('params'),
    Type.Literal('headers'),
  ]),
  field: Type.String({ description: 'Dotted path of the offending field, empty for the whole part.' }),
  message: Type.String(),
});
export type FieldError = Static<typeof FieldError>;

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(FieldError)),
  },
  { description: 'RFC 9457 problem details' },
);
export type Problem = Static<typeof Problem>;
