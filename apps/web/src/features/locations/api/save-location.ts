import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateLocationBody, UpdateLocationBody } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { locationKeys } from './keys';

export const createLocation = (body: CreateLocationBody) => unwrap(api.POST('/api/v1/locations', { body }));

export const updateLocation = (id: string, body: UpdateLocationBody) =>
  unwrap(api.PATCH('/api/v1/locations/{id}', { params: { path: { id } }, body }));

export const archiveLocation = (id: string) =>
  unwrap(api.POST('/api/v1/locations/{id}/archive', { params: { path: { id } } }));

function useInvalidate() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: locationKeys.all });
}

export function useCreateLocation() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: createLocation, onSuccess: invalidate });
}

export function useUpdateLocation() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateLocationBody }) => updateLocation(id, body),
    onSuccess: invalidate,
  });
}

export function useArchiveLocation() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: archiveLocation, onSuccess: invalidate });
}
