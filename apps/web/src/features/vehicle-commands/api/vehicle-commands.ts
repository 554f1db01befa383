import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { VehicleCommandRequest } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';

export const commandKeys = {
  log: (vehicleId: string) => ['vehicle-commands', vehicleId] as const,
};

export const getCommandLog = (id: string, signal?: AbortSignal) =>
  unwrap(
    api.GET('/api/v1/vehicles/{id}/commands', { params: { path: { id }, query: { limit: 20 } }, signal }),
  );

export const commandLogQuery = (id: string) =>
  queryOptions({ queryKey: commandKeys.log(id), queryFn: ({ signal }) => getCommandLog(id, signal) });

export const useCommandLog = (id: string) => useQuery(commandLogQuery(id));

/** Sends one command (signed, through Tesla's proxy); the answer is the command's log entry. */
export const sendCommand = (id: string, body: VehicleCommandRequest) =>
  unwrap(api.POST('/api/v1/vehicles/{id}/commands', { params: { path: { id } }, body }));

export function useSendCommand(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: VehicleCommandRequest) => sendCommand(id, body),
    onSettled: () => client.invalidateQueries({ queryKey: commandKeys.log(id) }),
  });
}
