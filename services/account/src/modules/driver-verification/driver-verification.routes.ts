import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  CustomerLicencePhotoParams,
  DriverEligibility,
  DriverVerification,
  DriverVerificationDecisionBody,
  DriverVerificationList,
  DriverVerificationListQuery,
  IdParams,
  LICENCE_PHOTO_MAX_BYTES,
  LicencePhotoParams,
  SubmitDriverVerificationBody,
} from '@cybertacotruck/contracts';
import { principalOf, requireInternal, requireOperator, requireSignedIn } from '@cybertacotruck/platform';
import type { DriverVerificationService } from './driver-verification.service';

const keepBody = (
  _request: unknown,
  body: Buffer | string,
  done: (error: null, body: Buffer | string) => void,
) => {
  done(null, body);
};

/**
 * The renter's licence (`/me/driver-verification`), the operators' queue and decision
 * (`/driver-verifications`, `/customers/:id/driver-verification`), the photos (operators only) and
 * the reservation service's question (`/internal/customers/:id/driver-verification`).
 */
export const driverVerificationRoutes: FastifyPluginAsync<{
  verifications: DriverVerificationService;
}> = async (fastify, { verifications }) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['account'];

  // Photos arrive as the raw image (no multipart): any image/* body is read whole, up to the
  // limit; the service decides by its first bytes whether it is a JPEG or PNG.
  app.addContentTypeParser(
    /^image\/[\w.+-]+$/,
    { parseAs: 'buffer', bodyLimit: LICENCE_PHOTO_MAX_BYTES },
    keepBody,
  );
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: LICENCE_PHOTO_MAX_BYTES },
    keepBody,
  );

  app.get(
    '/me/driver-verification',
    {
      preHandler: requireSignedIn,
      schema: {
        tags,
        summary: 'The signed-in renter’s driver’s licence check (status none until they give one)',
        response: { 200: DriverVerification },
      },
    },
    async (request) => verifications.mine(principalOf(request).userId),
  );

  app.put(
    '/me/driver-verification/photos/:kind',
    {
      preHandler: requireSignedIn,
      bodyLimit: LICENCE_PHOTO_MAX_BYTES,
      schema: {
        tags,
        summary: 'Upload one licence photo (front, back or selfie) as the raw image/jpeg or image/png body',
        description:
          'At most 8 MB; the first bytes must be a JPEG or PNG (415 otherwise, 413 when larger). The photo is sealed before it is stored and only operators can see it. A licence already given goes back to draft until it is submitted again.',
        params: LicencePhotoParams,
        response: { 200: DriverVerification },
      },
    },
    async (request) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      return verifications.uploadPhoto(
        principalOf(request).userId,
        request.params.kind,
        request.headers['content-type'],
        body,
      );
    },
  );

  app.post(
    '/me/driver-verification',
    {
      preHandler: requireSignedIn,
      schema: {
        tags,
        summary: 'Submit the licence’s details for an operator to check (after the three photos)',
        description:
          '400 validation naming each missing photo, an expired licence or an impossible date of birth; 409 driver-verification-not-pending when it is already waiting or approved.',
        body: SubmitDriverVerificationBody,
        response: { 200: DriverVerification },
      },
    },
    async (request) => verifications.submit(principalOf(request).userId, request.body),
  );

  app.get(
    '/customers/driver-verifications',
    {
      preHandler: requireOperator,
      schema: {
        tags,
        summary: 'Driver verifications with their customers, oldest submission first (operator)',
        querystring: DriverVerificationListQuery,
        response: { 200: DriverVerificationList },
      },
    },
    async (request) => ({ items: await verifications.list(request.query.status) }),
  );

  app.get(
    '/customers/:id/driver-verification',
    {
      preHandler: requireOperator,
      schema: {
        tags,
        summary: 'One customer’s driver verification, licence number included (operator)',
        params: IdParams,
        response: { 200: DriverVerification },
      },
    },
    async (request) => verifications.forOperator(request.params.id),
  );

  app.get(
    '/customers/:id/driver-verification/photos/:kind',
    {
      preHandler: requireOperator,
      schema: {
        tags,
        summary: 'One licence photo, decrypted: image/jpeg or image/png (operator)',
        params: CustomerLicencePhotoParams,
      },
    },
    async (request, reply) => {
      const { contentType, bytes } = await verifications.photo(request.params.id, request.params.kind);
      return reply
        .type(contentType)
        .header('cache-control', 'private, no-store')
        .header('content-disposition', 'inline')
        .send(bytes);
    },
  );

  app.post(
    '/customers/:id/driver-verification/decision',
    {
      preHandler: requireOperator,
      schema: {
        tags,
        summary: 'Approve a customer’s licence, or reject it with a reason the customer is told (operator)',
        description: '409 driver-verification-not-pending when it is not waiting for a decision.',
        params: IdParams,
        body: DriverVerificationDecisionBody,
        response: { 200: DriverVerification },
      },
    },
    async (request) => verifications.decide(principalOf(request).userId, request.params.id, request.body),
  );

  app.get(
    '/internal/customers/:id/driver-verification',
    {
      onRequest: requireInternal,
      schema: {
        tags,
        summary:
          'A customer’s licence state, expiry and date of birth, for the reservation service (internal network; x-internal-token)',
        params: IdParams,
        response: { 200: DriverEligibility },
      },
    },
    async (request) => verifications.eligibility(request.params.id),
  );
};
