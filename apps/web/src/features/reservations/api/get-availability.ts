import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AvailabilityQuery } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { reservationKeys } from './keys';

/** Vehicles in service and free for the whole of [from, to), with their live charge and range. */
export const getAvailability = (query: AvailabilityQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/availability', { params: { query }, signal }));

export const availabilityQuery = (query: AvailabilityQuery) =>
  queryOptions({
    queryKey: reservationKeys.availability(query),
    queryFn: ({ signal }) => getAvailability(query, signal),
  });

export const useAvailability = (query: AvailabilityQuery | null) =>
  useQuery({
    ...availabilityQuery(query ?? { from: '', to: '' }),
    enabled: query !== null,
  });
