export const accountKeys = {
  preferences: ['account', 'preferences'] as const,
};
