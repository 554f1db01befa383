import { useMutation } from '@tanstack/react-query';
import type { ReadNowResult } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';

/** Wakes the car if it must (it costs: one wake), waits until it is online and reads it once. */
export const readVehicleNow = (id: string) =>
  unwrap(api.POST('/api/v1/vehicles/{id}/read-now', { params: { path: { id } } }));

export function useReadNow(onRead?: (result: ReadNowResult) => unknown) {
  return useMutation({ mutationFn: readVehicleNow, ...(onRead ? { onSuccess: onRead } : {}) });
}
