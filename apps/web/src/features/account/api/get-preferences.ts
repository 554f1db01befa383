import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Preferences } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { accountKeys } from './keys';

export const getPreferences = (signal?: AbortSignal): Promise<Preferences> =>
  apiRequest<Preferences>('/me/preferences', signal ? { signal } : {});

export const preferencesQuery = () =>
  queryOptions({ queryKey: accountKeys.preferences, queryFn: ({ signal }) => getPreferences(signal) });

export const usePreferences = (options: { enabled?: boolean } = {}) =>
  useQuery({ ...preferencesQuery(), enabled: options.enabled ?? true });
