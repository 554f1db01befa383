import { useForm } from 'react-hook-form';
import {
  LICENCE_PHOTO_KINDS,
  LICENCE_PHOTO_MAX_BYTES,
  LICENCE_PHOTO_TYPES,
  type DriverVerification,
  type LicencePhotoKind,
} from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { useSubmitVerification } from '../api/submit-verification';
import { useUploadPhoto } from '../api/upload-photo';
import { VerificationStatusPill } from './verification-status';
import '../driver-verification.css';

export const PHOTO_LABELS: Record<LicencePhotoKind, string> = {
  front: 'Front of the licence',
  back: 'Back of the licence',
  selfie: 'A selfie',
};

const PHOTO_HINTS: Record<LicencePhotoKind, string> = {
  front: 'Flat, all four corners in the picture, no glare.',
  back: 'The side with the categories and restrictions.',
  selfie: 'Your face, well lit, so the operator can match it to the licence.',
};

interface LicenceValues {
  licenceNumber: string;
  country: string;
  region: string;
  expiresOn: string;
  dateOfBirth: string;
}

/** One photo: the phone's camera (capture) or a picture already taken; sent as soon as chosen. */
function PhotoInput({ kind, given }: { kind: LicencePhotoKind; given: boolean }) {
  const upload = useUploadPhoto();
  const busy = upload.isPending && upload.variables.kind === kind;
  return (
    <Field
      label={PHOTO_LABELS[kind]}
      hint={`${PHOTO_HINTS[kind]} JPEG or PNG, at most ${LICENCE_PHOTO_MAX_BYTES / 1048576} MB.`}
      error={upload.isError && upload.variables.kind === kind ? upload.error.message : undefined}
    >
      {(a) => (
        <div className="photo-input">
          <input
            {...a}
            type="file"
            accept={LICENCE_PHOTO_TYPES.join(',')}
            capture={kind === 'selfie' ? 'user' : 'environment'}
            disabled={busy}
            onChange={(event) => {
              const file = event.currentTarget.files?.[0];
              if (file) upload.mutate({ kind, file });
            }}
          />
          <p className="muted small" aria-live="polite">
            {busy ? 'Sending…' : given ? '✓ Photo received' : 'No photo yet'}
          </p>
        </div>
      )}
    </Field>
  );
}

/**
 * The renter's driver's licence: three photos, then the details printed on it. Shown as it stands
 * (waiting, approved, rejected with the operator's reason) with the form to send it (again).
 */
export function LicenceForm({ verification }: { verification: DriverVerification }) {
  const submit = useSubmitVerification();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<LicenceValues>({
    defaultValues: {
      licenceNumber: '',
      country: verification.country ?? 'US',
      region: verification.region ?? '',
      expiresOn: verification.expiresOn ?? '',
      dateOfBirth: verification.dateOfBirth ?? '',
    },
  });
  const apiError = submit.error instanceof ApiError ? submit.error : null;
  const errorOf = (field: keyof LicenceValues) => errors[field]?.message ?? apiError?.fieldMessage(field);
  const locked = verification.status === 'pending' || verification.status === 'approved';
  const allPhotos = LICENCE_PHOTO_KINDS.every((kind) => verification.photos[kind]);

  const onSubmit = handleSubmit(async (values) => {
    await submit
      .mutateAsync({
        licenceNumber: values.licenceNumber.trim(),
        country: values.country.trim().toUpperCase(),
        ...(values.region.trim() ? { region: values.region.trim() } : {}),
        expiresOn: values.expiresOn,
        dateOfBirth: values.dateOfBirth,
      })
      .catch(() => undefined); // shown from submit.error
  });

  return (
    <div className="licence">
      <div className="summary-head">
        <h2 id="licence-status-heading">Status</h2>
        <VerificationStatusPill status={verification.status} />
      </div>
      <p className="muted" aria-describedby="licence-status-heading">
        {STATUS_WORDS[verification.status]}
      </p>
      {verification.status === 'rejected' && verification.decisionReason && (
        <div className="notice notice-error" role="status">
          <p>
            <strong>The operator’s reason:</strong> {verification.decisionReason}
          </p>
        </div>
      )}
      {verification.licenceNumber && (
        <p className="muted">
          Licence {verification.licenceNumber}
          {verification.expiresOn ? `, valid until ${verification.expiresOn}` : ''}
        </p>
      )}

      <fieldset className="fieldset">
        <legend>Photos</legend>
        <p className="muted small">
          Only the operator sees them. They are stored encrypted. Changing a photo sends your licence for a
          new check.
        </p>
        {LICENCE_PHOTO_KINDS.map((kind) => (
          <PhotoInput key={kind} kind={kind} given={verification.photos[kind]} />
        ))}
      </fieldset>

      {!locked && (
        <form
          className="form"
          onSubmit={(event) => void onSubmit(event)}
          noValidate
          aria-label="Licence details"
        >
          {submit.isError && <ErrorNotice error={submit.error} />}
          <Field label="Licence number" error={errorOf('licenceNumber')} hint="As printed on the licence">
            {(a) => (
              <input
                {...a}
                {...register('licenceNumber', {
                  validate: (v) =>
                    /^[A-Za-z0-9][A-Za-z0-9 -]{2,30}[A-Za-z0-9]$/.test(v.trim())
                      ? undefined
                      : 'Letters, digits, spaces and hyphens, 4 to 32 characters',
                })}
                autoComplete="off"
                autoCapitalize="characters"
                maxLength={32}
                required
              />
            )}
          </Field>
          <Field
            label="Country that issued it"
            error={errorOf('country')}
            hint="Two letters, e.g. US, MX, DE"
          >
            {(a) => (
              <input
                {...a}
                {...register('country', {
                  validate: (v) => (/^[A-Za-z]{2}$/.test(v.trim()) ? undefined : 'Two letters, e.g. US'),
                })}
                autoComplete="country"
                autoCapitalize="characters"
                maxLength={2}
                required
              />
            )}
          </Field>
          <Field label="State or region (if any)" error={errorOf('region')} hint="e.g. TX">
            {(a) => <input {...a} {...register('region')} maxLength={64} />}
          </Field>
          <Field label="Valid until" error={errorOf('expiresOn')}>
            {(a) => (
              <input
                {...a}
                {...register('expiresOn', { required: 'The expiry date on the licence' })}
                type="date"
                required
              />
            )}
          </Field>
          <Field label="Date of birth" error={errorOf('dateOfBirth')}>
            {(a) => (
              <input
                {...a}
                {...register('dateOfBirth', { required: 'Your date of birth' })}
                type="date"
                autoComplete="bday"
                required
              />
            )}
          </Field>
          {!allPhotos && <p className="field-hint">Add the three photos above first.</p>}
          <button
            type="submit"
            className="button button-primary button-block"
            disabled={isSubmitting || submit.isPending || !allPhotos}
          >
            Send my licence for a check
          </button>
        </form>
      )}
    </div>
  );
}

const STATUS_WORDS: Record<DriverVerification['status'], string> = {
  none: 'Before your first booking, the operator checks your driver’s licence. It takes three photos and a minute.',
  draft: 'Add the photos and the details, then send your licence for a check.',
  pending: 'Your licence is waiting for the operator’s check. You will get a message once it is done.',
  approved: 'Your licence is approved: you can confirm reservations.',
  rejected: 'Your licence was not approved. Change the photos as the operator asks and send it again.',
  expired: 'Your licence has expired. Send the new one to keep booking.',
};
