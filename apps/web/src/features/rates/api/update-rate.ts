import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateRateBody, VehicleModel } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { rateKeys } from './keys';

export const updateRate = (model: VehicleModel, body: UpdateRateBody) =>
  unwrap(api.PUT('/api/v1/rates/{model}', { params: { path: { model } }, body }));

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
