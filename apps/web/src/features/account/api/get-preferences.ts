import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { accountKeys } from './keys';

export const getPreferences = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/me/preferences', { signal }));

export const preferencesQuery = () =>
  queryOptions({ queryKey: accountKeys.preferences, queryFn: ({ signal }) => getPreferences(signal) });

export const usePreferences = (options: { enabled?: boolean } = {}) =>
  useQuery({ ...preferencesQuery(), enabled: options.enabled ?? true });
