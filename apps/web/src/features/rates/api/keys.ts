export const rateKeys = {
  list: ['rates', 'list'] as const,
};
