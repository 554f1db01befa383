import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateVehicleBody, Vehicle } from '@cybertacotruck/contracts';
import { apiRequest } from '../../../lib/api-client';
import { vehicleKeys } from './keys';

export const updateVehicle = (id: string, body: UpdateVehicleBody): Promise<Vehicle> =>
  apiRequest<Vehicle>(`/vehicles/${encodeURIComponent(id)}`, { method: 'PATCH', body });

export function useUpdateVehicle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateVehicleBody }) => updateVehicle(id, body),
    onSuccess: (vehicle) => {
      queryClient.setQueryData(vehicleKeys.detail(vehicle.id), vehicle);
      return queryClient.invalidateQueries({ queryKey: ['vehicles', 'list'] });
    },
  });
}
