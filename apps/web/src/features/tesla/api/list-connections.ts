import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TeslaConnectionList } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { teslaKeys } from './keys';

export const listConnections = (signal?: AbortSignal): Promise<TeslaConnectionList> =>
  apiRequest<TeslaConnectionList>('/tesla/connections', signal ? { signal } : {});

export const connectionsQuery = () =>
  queryOptions({ queryKey: teslaKeys.connections, queryFn: ({ signal }) => listConnections(signal) });

export const useConnections = () => useQuery(connectionsQuery());
