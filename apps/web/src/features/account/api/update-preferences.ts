import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Preferences, UpdatePreferencesBody } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { accountKeys } from './keys';

export const updatePreferences = (body: UpdatePreferencesBody): Promise<Preferences> =>
  apiRequest<Preferences>('/me/preferences', { method: 'PATCH', body });

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePreferences,
    onSuccess: (preferences) => {
      queryClient.setQueryData(accountKeys.preferences, preferences);
    },
  });
}
