export const invitationKeys = {
  all: ['invitations'] as const,
  list: ['invitations', 'list'] as const,
};
