import { useForm } from 'react-hook-form';
import type { User } from '@cybertacotruck/contracts';
import { Field } from '../../../components/field';
import { ErrorNotice } from '../../../components/status';
import { formatDateTime } from '../../../lib/format';
import { formErrors } from '../../../lib/form-errors';
import { ACCOUNT_LIMITS, rules, smsCode, validate } from '../../../lib/form-rules';
import { useConfirmPhoneChange, useRequestPhoneChange } from '../api/change-phone';

/**
 * A new phone number in two steps: a code goes by SMS to the new number, and the account's number
 * changes only once that code is typed here. Until then the account keeps its number.
 */
export function PhoneForm({ user }: { user: User }) {
  const request = useRequestPhoneChange();
  const confirm = useConfirmPhoneChange();
  const ask = useForm<{ phone: string }>({ defaultValues: { phone: '' } });
  const check = useForm<{ code: string }>({ defaultValues: { code: '' } });
  const sent = request.isSuccess ? request.data : null;
  const askErrors = formErrors(request.error, { phone: 'New phone number' });
  const checkErrors = formErrors(confirm.error, { code: 'Code from the SMS' });

  const send = ask.handleSubmit(async ({ phone }) => {
    confirm.reset();
    check.reset({ code: '' });
    await request.mutateAsync({ phone: phone.trim() }).catch(() => undefined);
  });
  const verify = check.handleSubmit(async ({ code }) => {
    try {
      await confirm.mutateAsync({ code: smsCode(code) });
    } catch {
      return; // shown beside the code
    }
    request.reset();
    ask.reset({ phone: '' });
  });
  const startOver = () => {
    request.reset();
    confirm.reset();
    check.reset({ code: '' });
  };

  return (
    <div className="phone-change">
      <h3>Phone number</h3>
      <p className="phone-current">
        Now <strong className="mono">{user.phone}</strong>. You sign in with it, and texts go to it.
      </p>
      {confirm.isSuccess && (
        <p className="notice notice-ok" role="status">
          Your phone number is now {confirm.data.phone}. Sign in with it from now on.
        </p>
      )}
      {!sent ? (
        <form
          className="form"
          onSubmit={(event) => void send(event)}
          noValidate
          aria-label="Change the phone number"
        >
          {askErrors.notice && <ErrorNotice error={askErrors.notice} />}
          <Field
            label="New phone number"
            error={ask.formState.errors.phone?.message ?? askErrors.fields.phone}
            hint="With the country code, e.g. +1 202 555 0100. We send a code to it by SMS."
          >
            {(a) => (
              <input
                {...a}
                {...ask.register('phone', {
                  validate: (value) => (value.trim() === '' ? 'Enter the new phone number.' : true),
                })}
                type="tel"
                autoComplete="tel"
                maxLength={32}
                required
              />
            )}
          </Field>
          <button className="button" type="submit" disabled={ask.formState.isSubmitting}>
            {ask.formState.isSubmitting ? 'Sending…' : 'Send a code to the new number'}
          </button>
        </form>
      ) : (
        <form
          className="form"
          onSubmit={(event) => void verify(event)}
          noValidate
          aria-label="Confirm the new phone number"
        >
          <p className="notice" role="status">
            We sent a code by SMS to <strong className="mono">{sent.phone}</strong>. It works until{' '}
            {formatDateTime(sent.expiresAt)}. Your number changes once you type it here.
          </p>
          {checkErrors.notice && <ErrorNotice error={checkErrors.notice} />}
          <Field
            label="Code from the SMS"
            error={check.formState.errors.code?.message ?? checkErrors.fields.code}
            hint="6 digits"
          >
            {(a) => (
              <input
                {...a}
                {...check.register('code', { validate: validate(rules.code) })}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={ACCOUNT_LIMITS.codeDigits + 1}
                required
              />
            )}
          </Field>
          <div className="button-row">
            <button className="button button-primary" type="submit" disabled={check.formState.isSubmitting}>
              {check.formState.isSubmitting ? 'Checking…' : 'Confirm the new number'}
            </button>
            <button type="button" className="button" onClick={startOver}>
              Use another number
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
