import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { locationKeys } from './keys';

export const getLocation = (id: string, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/locations/{id}', { params: { path: { id } }, signal }));

export const locationQuery = (id: string) =>
  queryOptions({
    queryKey: locationKeys.detail(id),
    queryFn: ({ signal }) => getLocation(id, signal),
    staleTime: 5 * 60_000,
  });

/** One location; nothing is fetched while `id` is null (a vehicle without a home). */
export const useLocation = (id: string | null) =>
  useQuery({ ...locationQuery(id ?? ''), enabled: id !== null });
