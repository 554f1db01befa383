import { useEffect, useState } from 'react';

const remaining = (until: string, now: number) => Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
const clock = (seconds: number) =>
  `${String(Math.floor(seconds / 60))}:${String(seconds % 60).padStart(2, '0')}`;

/** Seconds left on a hold, ticking each second until zero; null when nothing is held. */
export function useHoldSecondsLeft(until: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  const left = until === null ? null : remaining(until, now);
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      if (remaining(until, at) === 0) clearInterval(timer);
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, [until]);
  return left;
}

export function HoldCountdown({ secondsLeft, vehicleName }: { secondsLeft: number; vehicleName: string }) {
  if (secondsLeft === 0)
    return (
      <div className="notice notice-error" role="alert">
        <p>
          <strong>Your hold on {vehicleName} has lapsed.</strong> The car may still be free: pick your dates
          again to hold it anew.
        </p>
      </div>
    );
  const minutes = Math.ceil(secondsLeft / 60);
  return (
    <div className={`notice hold-notice${secondsLeft < 120 ? ' hold-notice-urgent' : ''}`}>
      <p>
        We are holding <strong>{vehicleName}</strong> for you for{' '}
        <span className="hold-clock" role="timer" aria-live="off">
          {clock(secondsLeft)}
        </span>
      </p>
      {/* Screen readers hear the minutes change, not every second. */}
      <p className="visually-hidden" aria-live="polite">
        {minutes} {minutes === 1 ? 'minute' : 'minutes'} left to confirm
      </p>
      <p className="notice-meta">Accept the terms below before the hold runs out.</p>
    </div>
  );
}
