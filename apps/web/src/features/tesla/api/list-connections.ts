import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api-client';
import { teslaKeys } from './keys';

export const listConnections = (signal?: AbortSignal) =>
  unwrap(api.GET('/api/v1/tesla/connections', { signal }));

export const connectionsQuery = () =>
  queryOptions({ queryKey: teslaKeys.connections, queryFn: ({ signal }) => listConnections(signal) });

export const useConnections = () => useQuery(connectionsQuery());
