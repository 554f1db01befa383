import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Rate, UpdateRateBody, VehicleModel } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { rateKeys } from './keys';

export const updateRate = (model: VehicleModel, body: UpdateRateBody): Promise<Rate> =>
  apiRequest<Rate>(`/rates/${encodeURIComponent(model)}`, { method: 'PUT', body });

export function useUpdateRate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ model, body }: { model: VehicleModel; body: UpdateRateBody }) => updateRate(model, body),
    // Quotes are priced from the rates: every cached one may be stale now.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: rateKeys.list }),
        queryClient.invalidateQueries({ queryKey: ['reservations', 'quote'] }),
      ]),
  });
}
