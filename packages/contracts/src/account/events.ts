import Type, { type Static } from 'typebox';

/** `account.customer.invited` v1: an operator invited a phone number to register. */
export const CustomerInvitedV1 = Type.Object({
  invitationId: Type.String({ format: 'uuid' }),
  phone: Type.String({ description: 'E.164' }),
  name: Type.Union([Type.String(), Type.Null()]),
  invitedBy: Type.String({ format: 'uuid' }),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type CustomerInvitedV1 = Static<typeof CustomerInvitedV1>;

/** `account.customer.registered` v1: an invitation was redeemed and a customer account exists. */
export const CustomerRegisteredV1 = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  invitationId: Type.String({ format: 'uuid' }),
  phone: Type.String({ description: 'E.164' }),
  email: Type.String(),
  name: Type.String(),
});
export type CustomerRegisteredV1 = Static<typeof CustomerRegisteredV1>;
