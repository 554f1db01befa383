import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdatePreferencesBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { accountKeys } from './keys';

export const updatePreferences = (body: UpdatePreferencesBody) =>
  unwrap(api.PATCH('/api/v1/me/preferences', { body }));

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updatePreferences,
    onSuccess: (preferences) => {
      queryClient.setQueryData(accountKeys.preferences, preferences);
    },
  });
}
