import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { DeadLetterQuery } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { notificationKeys } from './keys';

/** Events the notification service could not handle after its retries (operator). */
export const listDeadLetters = (query: DeadLetterQuery, signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/notifications/dead-letters', { params: { query }, signal }));

export const deadLettersQuery = (query: DeadLetterQuery) =>
  queryOptions({
    queryKey: notificationKeys.deadLetterList(query),
    queryFn: ({ signal }) => listDeadLetters(query, signal),
    placeholderData: keepPreviousData,
  });

export const useDeadLetters = (query: DeadLetterQuery) => useQuery(deadLettersQuery(query));
