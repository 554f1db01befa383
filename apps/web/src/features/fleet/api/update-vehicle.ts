import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { UpdateVehicleBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { vehicleKeys } from './keys';

export const updateVehicle = (id: string, body: UpdateVehicleBody) =>
  unwrap(api.PATCH('/api/v1/vehicles/{id}', { params: { path: { id } }, body }));

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
