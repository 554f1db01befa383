import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { locationKeys } from './keys';

export const listLocations = (archived: boolean, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/locations', { params: { query: archived ? { archived } : {} }, signal }));

/** Open locations for everyone; `archived` (operators) lists the archived ones too. */
export const locationsQuery = (archived = false) =>
  queryOptions({
    queryKey: locationKeys.list(archived),
    queryFn: ({ signal }) => listLocations(archived, signal),
    // Addresses change rarely; a browsing renter need not refetch them on every focus.
    staleTime: 5 * 60_000,
  });

export const useLocations = (archived = false) => useQuery(locationsQuery(archived));
