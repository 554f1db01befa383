import { useFormContext, useWatch } from 'react-hook-form';
import { Field } from '../../../components/field';
import { rules } from '../../../lib/form-rules';
import type { ApiError } from '../../../lib/api-client';
import type { PreferencesValues } from './preferences-values';

/** A time only matters while quiet hours are on (its field is not even shown otherwise). */
const clockWhenOn = (value: string, values: PreferencesValues): true | string =>
  !values.quietOn || (rules.clockTime(value) ?? true);

/** Quiet hours: a switch, and while it is on the times they run between. */
export function QuietHoursFieldset({ apiError }: { apiError: ApiError | null }) {
  const {
    register,
    control,
    formState: { errors },
  } = useFormContext<PreferencesValues>();
  const quietOn = useWatch({ control, name: 'quietOn' });
  return (
    <fieldset className="plain-fieldset">
      <legend className="fieldset-title">Quiet hours</legend>
      <label className="switch">
        <input type="checkbox" {...register('quietOn')} />
        <span>No messages at night</span>
      </label>
      {quietOn && (
        <div className="form-row">
          <Field
            label="From"
            error={errors.quiet?.start?.message ?? apiError?.fieldMessage('quietHours.start')}
          >
            {(a) => <input {...a} type="time" {...register('quiet.start', { validate: clockWhenOn })} />}
          </Field>
          <Field label="Until" error={errors.quiet?.end?.message ?? apiError?.fieldMessage('quietHours.end')}>
            {(a) => <input {...a} type="time" {...register('quiet.end', { validate: clockWhenOn })} />}
          </Field>
        </div>
      )}
    </fieldset>
  );
}
