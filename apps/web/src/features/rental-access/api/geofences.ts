import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { GeofenceScope, GeofenceShape } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';

export const geofenceKeys = { all: ['geofences'] as const };

export const getGeofences = (signal?: AbortSignal) => unwrap(api.GET('/api/v1/geofences', { signal }));

/** Every location's and vehicle's geofence (a short list: one per place or car at most). */
export const geofencesQuery = () =>
  queryOptions({ queryKey: geofenceKeys.all, queryFn: ({ signal }) => getGeofences(signal) });

export const useGeofences = () => useQuery(geofencesQuery());

export interface GeofenceTarget {
  scope: GeofenceScope;
  id: string;
}

export const putGeofence = (t: GeofenceTarget, shape: GeofenceShape) =>
  unwrap(
    api.PUT('/api/v1/geofences/{scope}/{id}', {
      params: { path: { scope: t.scope, id: t.id } },
      body: { shape },
    }),
  );

export const deleteGeofence = async (t: GeofenceTarget) => {
  await unwrap(
    api.DELETE('/api/v1/geofences/{scope}/{id}', { params: { path: { scope: t.scope, id: t.id } } }),
  );
};

export function useSaveGeofence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ target, shape }: { target: GeofenceTarget; shape: GeofenceShape }) =>
      putGeofence(target, shape),
    onSettled: () => client.invalidateQueries({ queryKey: geofenceKeys.all }),
  });
}

export function useRemoveGeofence() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: deleteGeofence,
    onSettled: () => client.invalidateQueries({ queryKey: geofenceKeys.all }),
  });
}
