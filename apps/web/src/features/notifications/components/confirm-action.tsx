import { useState, type ReactNode } from 'react';

/**
 * A button that asks once more before doing something to the server: the question, then
 * "Yes, …" or "Keep it". The caller shows the outcome (and the API's problem) next to it.
 */
export function ConfirmAction({
  label,
  question,
  confirmLabel,
  pendingLabel,
  pending,
  danger = false,
  onConfirm,
}: {
  label: string;
  question: ReactNode;
  confirmLabel: string;
  pendingLabel: string;
  pending: boolean;
  danger?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button
        type="button"
        className="button button-small"
        disabled={pending}
        onClick={() => {
          setAsking(true);
        }}
      >
        {pending ? pendingLabel : label}
      </button>
    );
  return (
    <div className="confirm-action" role="group" aria-label={label}>
      <p>{question}</p>
      <div className="button-row">
        <button
          type="button"
          className={danger ? 'button button-small button-danger' : 'button button-small button-primary'}
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
        <button
          type="button"
          className="button button-small"
          onClick={() => {
            setAsking(false);
          }}
        >
          Keep it
        </button>
      </div>
    </div>
  );
}
