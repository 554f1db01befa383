export const verificationKeys = {
  mine: ['driver-verification', 'mine'] as const,
  all: ['driver-verification', 'list'] as const,
  list: (status: string | undefined) => ['driver-verification', 'list', status ?? 'all'] as const,
  customer: (id: string) => ['driver-verification', 'customer', id] as const,
};
