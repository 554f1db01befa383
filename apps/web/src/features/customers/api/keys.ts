export const customerKeys = { list: ['customers', 'list'] as const };
