import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AvailabilityDaysQuery } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { reservationKeys } from './keys';

/** Each day of a month in the time zone: cars in service and how many are free all day. */
export const getAvailabilityDays = (query: AvailabilityDaysQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/availability/days', { params: { query }, signal }));

export const availabilityDaysQuery = (query: AvailabilityDaysQuery) =>
  queryOptions({
    queryKey: reservationKeys.availabilityDays(query),
    queryFn: ({ signal }) => getAvailabilityDays(query, signal),
    // A month's counts change as others book: a minute old is fresh enough to choose dates by.
    staleTime: 60_000,
  });

export const useAvailabilityDays = (query: AvailabilityDaysQuery) => useQuery(availabilityDaysQuery(query));
