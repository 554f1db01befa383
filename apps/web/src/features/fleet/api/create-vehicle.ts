import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateVehicleBody, Vehicle } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { vehicleKeys } from './keys';

export const createVehicle = (body: CreateVehicleBody): Promise<Vehicle> =>
  apiRequest<Vehicle>('/vehicles', { method: 'POST', body });

export function useCreateVehicle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createVehicle,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: vehicleKeys.all }),
  });
}
