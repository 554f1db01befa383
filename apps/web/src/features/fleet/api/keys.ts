import type { ListVehiclesQuery } from '@cybertacotruck/contracts';

export const vehicleKeys = {
  all: ['vehicles'] as const,
  list: (query: ListVehiclesQuery) => ['vehicles', 'list', query] as const,
  detail: (id: string) => ['vehicles', 'detail', id] as const,
};
