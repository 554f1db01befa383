import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LicencePhotoKind } from '@cybertacotruck/contracts';
import { api, unwrap } from '../../../lib/api-client';
import { verificationKeys } from './keys';

/**
 * Sends the photo as the raw body with its own type (image/jpeg or image/png); the server checks
 * its first bytes and size, and seals it before storing it.
 */
export const uploadPhoto = ({ kind, file }: { kind: LicencePhotoKind; file: Blob }) =>
  unwrap(
    api.PUT('/api/v1/me/driver-verification/photos/{kind}', {
      params: { path: { kind } },
      body: file as never,
      bodySerializer: (body: unknown) => body as Blob,
      headers: { 'content-type': file.type || 'application/octet-stream' },
    }),
  );

export function useUploadPhoto() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadPhoto,
    onSuccess: (verification) => {
      queryClient.setQueryData(verificationKeys.mine, verification);
    },
  });
}
