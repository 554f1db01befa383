import { FormProvider, useForm, useWatch } from 'react-hook-form';
import { LANGUAGES, type Language, type Preferences } from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { deviceTimeZone, isTimeZone, timeZones } from '../../../lib/time';
import { useUpdatePreferences } from '../api/update-preferences';
import { ChannelMatrix } from './channel-matrix';
import { toValues, type PreferencesValues } from './preferences-values';
import { QuietHoursFieldset } from './quiet-hours-fieldset';

const LANGUAGE_LABELS: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  fr: 'Français',
  de: 'Deutsch',
};

/** Which messages come by SMS and by e-mail, when not to send them, and in which zone and language. */
export function PreferencesForm({ initial }: { initial: Preferences }) {
  const update = useUpdatePreferences();
  const form = useForm<PreferencesValues>({ defaultValues: toValues(initial) });
  const {
    register,
    control,
    handleSubmit,
    setValue,
    formState: { isSubmitting, errors },
  } = form;
  const apiError = update.error instanceof ApiError ? update.error : null;
  const device = deviceTimeZone();
  const timeZone = useWatch({ control, name: 'timeZone' });
  // A zone saved elsewhere that this browser does not list is still shown, not silently replaced.
  const zones = isTimeZone(timeZone) ? timeZones() : [timeZone, ...timeZones()];

  // Any change by the user makes the last "saved" or failure old news (change events bubble).
  const resetStatus = () => {
    update.reset();
  };

  const submit = handleSubmit(async (values) => {
    await update
      .mutateAsync({
        channels: values.channels,
        quietHours: values.quietOn ? values.quiet : null,
        timeZone: values.timeZone,
        language: values.language,
      })
      .catch(() => undefined); // shown from update.error, beside the fields it names
  });

  return (
    <FormProvider {...form}>
      <form
        className="form"
        onSubmit={(event) => void submit(event)}
        onChange={resetStatus}
        noValidate
        aria-labelledby="preferences-heading"
      >
        <h2 id="preferences-heading">Notifications</h2>
        <ChannelMatrix />
        <QuietHoursFieldset apiError={apiError} />

        <Field
          label="Time zone"
          error={errors.timeZone?.message ?? apiError?.fieldMessage('timeZone')}
          hint={
            timeZone === device
              ? 'The same as this device.'
              : `This device is in ${device.replace(/_/g, ' ')}.`
          }
        >
          {(a) => (
            <select {...a} {...register('timeZone')}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        {timeZone !== device && (
          <button
            type="button"
            className="button button-small button-inline"
            onClick={() => {
              setValue('timeZone', device, { shouldDirty: true });
              resetStatus();
            }}
          >
            Use {device.replace(/_/g, ' ')}
          </button>
        )}

        <Field label="Language" error={errors.language?.message ?? apiError?.fieldMessage('language')}>
          {(a) => (
            <select {...a} {...register('language')}>
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {LANGUAGE_LABELS[l]}
                </option>
              ))}
            </select>
          )}
        </Field>

        {update.isError && <ErrorNotice error={update.error} />}
        {update.isSuccess && (
          <p className="notice notice-ok" role="status">
            Preferences saved.
          </p>
        )}
        <button className="button button-primary" type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : 'Save preferences'}
        </button>
      </form>
    </FormProvider>
  );
}
