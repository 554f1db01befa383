export const invitationKeys = {
  all: ['invitations'] as const,
  list: ['invitations', 'list'] as const,
  devInbox: ['invitations', 'dev-inbox'] as const,
};
