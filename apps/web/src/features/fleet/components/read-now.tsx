import { useId } from 'react';
import type { ReadNowResult } from '@cybertacotruck/contracts';
import { useReadNow } from '../api/read-now';

const usd = (n: number) => `$${n.toFixed(2)}`;

/**
 * For a car never read since it was connected: says why there are no figures yet and offers one
 * reading, which wakes the car (never done without the operator asking).
 */
export function ReadNow({
  vehicleId,
  vehicleName,
  estimateUsd,
  asleep,
  onRead,
}: {
  vehicleId: string;
  vehicleName: string;
  estimateUsd: number;
  asleep: boolean;
  onRead?: (result: ReadNowResult) => unknown;
}) {
  const read = useReadNow(onRead);
  const why = useId();
  const label = read.isPending
    ? 'Waking and reading…'
    : `Read now — wakes the car, about ${usd(estimateUsd)}`;
  return (
    <div className="read-now">
      <p className="muted small" id={why}>
        {asleep
          ? 'Asleep since connected: battery, range and position come with its first reading.'
          : 'Not read yet: battery, range and position come with its first reading.'}
      </p>
      <button
        type="button"
        className="button button-small"
        aria-label={`${label}: ${vehicleName}`}
        aria-describedby={why}
        disabled={read.isPending}
        onClick={() => {
          read.mutate(vehicleId);
        }}
      >
        {label}
      </button>
      {read.isError && (
        <p className="field-error" role="alert">
          {read.error instanceof Error ? read.error.message : 'The car could not be read.'}
        </p>
      )}
    </div>
  );
}
