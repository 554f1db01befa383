import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateVehicleBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { vehicleKeys } from './keys';

export const createVehicle = (body: CreateVehicleBody) => unwrap(api.POST('/api/v1/vehicles', { body }));

export function useCreateVehicle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createVehicle,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: vehicleKeys.all }),
  });
}
