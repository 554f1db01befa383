import Type, { type Static, type TSchema } from 'typebox';
import { Name } from '../text';
import {
  INVITATION_LINK_STATES,
  INVITATION_STATUSES,
  LANGUAGES,
  PASSWORD_RESET_CODE_STATES,
  ROLES,
} from './constants';

const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const RoleSchema = Type.Enum(ROLES, { description: 'customer or operator' });

/** What a person types; the server validates and normalises it to E.164. */
export const PhoneInput = Type.String({
  minLength: 3,
  maxLength: 32,
  description: 'a phone number such as +1 202 555 0123',
});
const PersonName = Name({ maxLength: 80 });
const Email = Type.String({ format: 'email', maxLength: 254, description: 'an e-mail address' });
const Code = Type.String({ pattern: '^[0-9]{6}$', description: 'the 6-digit code from the SMS' });
/** Policy beyond length (common and guessable passwords) is checked by the server. */
const NewPassword = Type.String({ minLength: 10, maxLength: 256 });
const LinkToken = Type.String({
  pattern: '^[A-Za-z0-9_-]{43}$',
  description: 'the token of a registration link',
});

// ----- invitations (operator) -----------------------------------------------------------------

export const CreateInvitationBody = Type.Object(
  {
    phone: PhoneInput,
    name: Type.Optional(PersonName),
    language: Type.Optional(
      Type.Enum(LANGUAGES, {
        description: 'the language of the SMS (and of the new account); unset = INVITE_DEFAULT_LANGUAGE',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateInvitationBody = Static<typeof CreateInvitationBody>;

export const Invitation = Type.Object(
  {
    id: Uuid,
    phone: Type.String({ description: 'E.164' }),
    name: Nullable(Type.String()),
    status: Type.Enum(INVITATION_STATUSES),
    expiresAt: DateTime,
    createdAt: DateTime,
    acceptedAt: Nullable(DateTime),
    sentCount: Type.Integer(),
    lastSentAt: DateTime,
    delivery: Type.Enum(['sent', 'failed', 'queued'], {
      description:
        'queued: the SMS is handed to the notification service (its delivery log says how it went); sent/failed: what an earlier version recorded',
    }),
  },
  { description: 'An invitation to register, sent to a phone by SMS' },
);
export type Invitation = Static<typeof Invitation>;

export const InvitationList = Type.Object({ items: Type.Array(Invitation) });
export type InvitationList = Static<typeof InvitationList>;

export const IdParams = Type.Object({ id: Uuid });

// ----- registration (public) ------------------------------------------------------------------

export const RegistrationTokenParams = Type.Object({ token: LinkToken });

export const RegistrationInfo = Type.Object({
  phoneMasked: Type.String({ description: 'the invited phone with all but the last digits hidden' }),
  name: Nullable(Type.String()),
  expiresAt: DateTime,
});
export type RegistrationInfo = Static<typeof RegistrationInfo>;

export const RegisterBody = Type.Object(
  { token: LinkToken, code: Code, name: PersonName, email: Email, password: NewPassword },
  { additionalProperties: false },
);
export type RegisterBody = Static<typeof RegisterBody>;

// ----- sessions -------------------------------------------------------------------------------

export const User = Type.Object({
  id: Uuid,
  role: RoleSchema,
  name: Type.String(),
  phone: Type.String({ description: 'E.164' }),
  email: Nullable(Type.String()),
  createdAt: DateTime,
});
export type User = Static<typeof User>;

export const Me = Type.Object({
  user: User,
  csrfToken: Type.String({ description: 'send it as x-csrf-token on every state-changing call' }),
  sessionExpiresAt: DateTime,
});
export type Me = Static<typeof Me>;

export const SignInBody = Type.Object(
  {
    phoneOrEmail: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

export const PasswordResetBody = Type.Object({ phone: PhoneInput }, { additionalProperties: false });
export type PasswordResetBody = Static<typeof PasswordResetBody>;

export const PasswordResetConfirmBody = Type.Object(
  { phone: PhoneInput, code: Code, newPassword: NewPassword },
  { additionalProperties: false },
);
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBody>;

export const Accepted = Type.Object({ message: Type.String() });

// ----- the signed-in user's own profile, password and phone --------------------------------------

/** Name and e-mail as typed (trimmed; the e-mail is stored lower-cased and must be free). */
export const UpdateProfileBody = Type.Object(
  { name: Type.Optional(PersonName), email: Type.Optional(Email) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProfileBody = Static<typeof UpdateProfileBody>;

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256, description: 'the password in use now' }),
    newPassword: NewPassword,
  },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const PasswordChanged = Type.Object({
  message: Type.String(),
  otherSessionsEnded: Type.Integer({
    minimum: 0,
    description: 'how many other sessions of the account were signed out (this one stays)',
  }),
});
export type PasswordChanged = Static<typeof PasswordChanged>;

/** A new phone number: a code goes to it by SMS, and the number changes once the code is confirmed. */
export const PhoneChangeBody = Type.Object({ phone: PhoneInput }, { additionalProperties: false });
export type PhoneChangeBody = Static<typeof PhoneChangeBody>;

export const PhoneChangeStarted = Type.Object({
  phone: Type.String({ description: 'the new number in E.164, as the code was sent to it' }),
  expiresAt: DateTime,
  message: Type.String(),
});
export type PhoneChangeStarted = Static<typeof PhoneChangeStarted>;

export const PhoneChangeConfirmBody = Type.Object({ code: Code }, { additionalProperties: false });
export type PhoneChangeConfirmBody = Static<typeof PhoneChangeConfirmBody>;

// ----- customers (operator) -------------------------------------------------------------------

export const CustomerList = Type.Object({ items: Type.Array(User) });
export type CustomerList = Static<typeof CustomerList>;

// ----- preferences ----------------------------------------------------------------------------

const ChannelSwitches = Type.Object(
  { sms: Type.Boolean(), email: Type.Boolean() },
  { additionalProperties: false },
);
const ChannelSwitchesPatch = Type.Object(
  { sms: Type.Optional(Type.Boolean()), email: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);
const ClockTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'a time HH:MM' });

export const QuietHours = Type.Object(
  { start: ClockTime, end: ClockTime },
  { additionalProperties: false, description: 'no messages from start to end, in the user’s time zone' },
);
export type QuietHours = Static<typeof QuietHours>;

export const LanguageSchema = Type.Enum(LANGUAGES, { description: 'a BCP 47 language: en, es, fr, de' });

export const Preferences = Type.Object({
  /** Per kind of message (see MESSAGE_KINDS), which channels are on. */
  channels: Type.Object({
    reservation: ChannelSwitches,
    reminder: ChannelSwitches,
    account: ChannelSwitches,
    marketing: ChannelSwitches,
  }),
  quietHours: Nullable(QuietHours),
  timeZone: Type.String({ description: 'an IANA time zone such as Europe/Paris' }),
  language: LanguageSchema,
});
export type Preferences = Static<typeof Preferences>;

export const UpdatePreferencesBody = Type.Object(
  {
    channels: Type.Optional(
      Type.Object(
        {
          reservation: Type.Optional(ChannelSwitchesPatch),
          reminder: Type.Optional(ChannelSwitchesPatch),
          account: Type.Optional(ChannelSwitchesPatch),
          marketing: Type.Optional(ChannelSwitchesPatch),
        },
        { additionalProperties: false, minProperties: 1 },
      ),
    ),
    quietHours: Type.Optional(Nullable(QuietHours)),
    timeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'an IANA time zone such as Europe/Paris' }),
    ),
    language: Type.Optional(LanguageSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdatePreferencesBody = Static<typeof UpdatePreferencesBody>;

// ----- dev inbox ------------------------------------------------------------------------------

export const DevMessage = Type.Object({
  id: Uuid,
  channel: Type.Enum(['sms', 'email']),
  to: Type.String(),
  body: Type.String(),
  createdAt: DateTime,
});
export type DevMessage = Static<typeof DevMessage>;

export const DevInboxQuery = Type.Object({ to: Type.Optional(Type.String({ maxLength: 254 })) });
export const DevMessageList = Type.Object({ items: Type.Array(DevMessage) });
export type DevMessageList = Static<typeof DevMessageList>;

// ----- internal: contacts for the notification service ----------------------------------------

/** Who to send a message to: a user's name and addresses (internal; x-internal-token). */
export const UserContact = Type.Object({
  id: Uuid,
  role: RoleSchema,
  name: Type.String(),
  phone: Type.String({ description: 'E.164' }),
  email: Nullable(Type.String()),
});
export type UserContact = Static<typeof UserContact>;

/** A user's contact and preferences at once, e.g. every operator for an alert. */
export const UserRecipient = Type.Object({ contact: UserContact, preferences: Preferences });
export type UserRecipient = Static<typeof UserRecipient>;

export const UserRecipientList = Type.Object({ items: Type.Array(UserRecipient) });
export type UserRecipientList = Static<typeof UserRecipientList>;

// ----- internal: secrets for the notification service's sender -----------------------------------

export const InvitationLinkQuery = Type.Object({
  issue: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'the issue the event named' }),
});
export type InvitationLinkQuery = Static<typeof InvitationLinkQuery>;

/**
 * The registration link and code of one issue of an invitation, fetched at send time so they never
 * travel in an event: only while it is pending (not used, expired, locked or replaced by a resend).
 */
export const InvitationLink = Type.Object({
  state: Type.Enum(INVITATION_LINK_STATES),
  link: Nullable(Type.String({ description: 'the registration link; null unless pending' })),
  code: Nullable(Type.String({ description: 'the 6-digit code; null unless pending' })),
});
export type InvitationLink = Static<typeof InvitationLink>;

/** A password reset's code, fetched at send time; null unless the reset is pending. */
export const PasswordResetCode = Type.Object({
  state: Type.Enum(PASSWORD_RESET_CODE_STATES),
  code: Nullable(Type.String()),
});
export type PasswordResetCode = Static<typeof PasswordResetCode>;

/** A phone change's code, fetched at send time (the same states as a reset's); null unless pending. */
export const PhoneChangeCode = Type.Object({
  state: Type.Enum(PASSWORD_RESET_CODE_STATES),
  code: Nullable(Type.String()),
});
export type PhoneChangeCode = Static<typeof PhoneChangeCode>;

// ----- sessions for other processes (internal) ------------------------------------------------

/** What a process without the account service sends to resolve a browser's session cookie. */
export const ResolveSessionBody = Type.Object(
  {
    sessionId: Type.String({
      minLength: 1,
      maxLength: 256,
      description: 'the value of the session cookie (never logged)',
    }),
  },
  { additionalProperties: false },
);
export type ResolveSessionBody = Static<typeof ResolveSessionBody>;

/** `session` is null when the cookie names no live session. */
export const ResolvedSession = Type.Object({
  session: Nullable(
    Type.Object({
      principal: Type.Object({ userId: Uuid, role: RoleSchema }),
      expiresAt: DateTime,
      csrfTokenSha256: Type.String({
        pattern: '^[0-9a-f]{64}$',
        description:
          "the SHA-256 (hex) of the session's CSRF token: the caller checks the x-csrf-token a browser sent against it",
      }),
    }),
  ),
});
export type ResolvedSession = Static<typeof ResolvedSession>;

// ----- driver verification (renter, operator, internal) ---------------------------------------

export * from './driver-verification';
