import { useState } from 'react';
import type { Claim } from '@cybertacotruck/contracts';
import { ConfirmDialog } from '../../../components/confirm-dialog';
import { Field } from '../../../components/field';
import { ErrorNotice, Loading, Pill } from '../../../components/status';
import { formatDateTime } from '../../../lib/format';
import {
  useAddMaintenance,
  useCancelBooking,
  useMoveBooking,
  useRemoveClaim,
  useVehicleClaims,
} from '../api/vehicle-claims';

const KIND: Record<Claim['kind'], string> = { booking: 'Booking', maintenance: 'Maintenance', hold: 'Hold' };

/** A datetime-local value (the device's wall clock) as an instant, or '' when empty or invalid. */
const instant = (local: string) => {
  const t = Date.parse(local);
  return Number.isNaN(t) ? '' : new Date(t).toISOString();
};
/** An instant as a datetime-local value on the device's wall clock. */
const local = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function MoveForm({ claim, vehicleId, onDone }: { claim: Claim; vehicleId: string; onDone: () => void }) {
  const move = useMoveBooking(vehicleId);
  const [from, setFrom] = useState(local(claim.from));
  const [to, setTo] = useState(local(claim.to));
  return (
    <form
      className="form claim-move"
      aria-label="Move the booking"
      onSubmit={(e) => {
        e.preventDefault();
        move.mutate(
          { reservationId: claim.reference ?? '', body: { from: instant(from), to: instant(to) } },
          { onSuccess: onDone },
        );
      }}
    >
      <div className="form-row">
        <Field label="New pickup">
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              required
              value={from}
              onChange={(e) => {
                setFrom(e.target.value);
              }}
            />
          )}
        </Field>
        <Field label="New return">
          {(p) => (
            <input
              {...p}
              type="datetime-local"
              required
              value={to}
              onChange={(e) => {
                setTo(e.target.value);
              }}
            />
          )}
        </Field>
      </div>
      {move.isError && <ErrorNotice error={move.error} />}
      <button type="submit" className="button button-primary" disabled={move.isPending}>
        Move booking
      </button>
    </form>
  );
}

/**
 * One vehicle's calendar for the operator: what occupies it from yesterday on, maintenance added
 * and removed, bookings cancelled or moved (through their reservations, so the renter's booking
 * follows; the calendar refuses a period another claim holds, and says so).
 */
export function VehicleCalendar({ vehicleId }: { vehicleId: string }) {
  const claims = useVehicleClaims(vehicleId);
  const add = useAddMaintenance(vehicleId);
  const remove = useRemoveClaim(vehicleId);
  const cancel = useCancelBooking(vehicleId);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [moving, setMoving] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<Claim | null>(null);
  const active = (claims.data?.items ?? []).filter((c) => c.status === 'active');
  return (
    <section className="section vehicle-calendar" aria-labelledby="vehicle-calendar-heading">
      <h2 id="vehicle-calendar-heading">Calendar</h2>
      {claims.isPending && <Loading label="Loading the calendar…" />}
      {claims.isError && <ErrorNotice error={claims.error} />}
      {claims.data && active.length === 0 && <p className="muted">Nothing booked or blocked.</p>}
      {active.length > 0 && (
        <ul className="rows" aria-label="Bookings and maintenance">
          {active.map((c) => (
            <li key={c.id} className="row claim-row">
              <div className="row-main">
                <p className="row-title">
                  <Pill tone={c.kind === 'maintenance' ? 'warn' : 'info'}>{KIND[c.kind]}</Pill>{' '}
                  {formatDateTime(c.from)} – {formatDateTime(c.to)}
                </p>
                {c.note && <p className="muted">{c.note}</p>}
              </div>
              <div className="row-side">
                {c.kind === 'maintenance' && (
                  <button
                    type="button"
                    className="button button-small"
                    disabled={remove.isPending}
                    onClick={() => {
                      remove.mutate(c.id);
                    }}
                  >
                    Remove<span className="visually-hidden"> maintenance from {formatDateTime(c.from)}</span>
                  </button>
                )}
                {c.kind === 'booking' && c.reference && (
                  <>
                    <button
                      type="button"
                      className="button button-small"
                      aria-expanded={moving === c.id}
                      onClick={() => {
                        setMoving(moving === c.id ? null : c.id);
                      }}
                    >
                      Move<span className="visually-hidden"> booking from {formatDateTime(c.from)}</span>
                    </button>
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => {
                        setCancelling(c);
                      }}
                    >
                      Cancel<span className="visually-hidden"> booking from {formatDateTime(c.from)}</span>
                    </button>
                  </>
                )}
              </div>
              {moving === c.id && (
                <MoveForm
                  claim={c}
                  vehicleId={vehicleId}
                  onDone={() => {
                    setMoving(null);
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {remove.isError && <ErrorNotice error={remove.error} />}
      {cancel.isError && <ErrorNotice error={cancel.error} />}
      <form
        className="form"
        aria-labelledby="maintenance-heading"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(
            { from: instant(from), to: instant(to), ...(note.trim() ? { note: note.trim() } : {}) },
            {
              onSuccess: () => {
                setFrom('');
                setTo('');
                setNote('');
              },
            },
          );
        }}
      >
        <h3 id="maintenance-heading">Block for maintenance</h3>
        <div className="form-row">
          <Field label="From">
            {(p) => (
              <input
                {...p}
                type="datetime-local"
                required
                value={from}
                onChange={(e) => {
                  setFrom(e.target.value);
                }}
              />
            )}
          </Field>
          <Field label="Until">
            {(p) => (
              <input
                {...p}
                type="datetime-local"
                required
                value={to}
                onChange={(e) => {
                  setTo(e.target.value);
                }}
              />
            )}
          </Field>
        </div>
        <Field label="Note (optional)">
          {(p) => (
            <input
              {...p}
              type="text"
              maxLength={500}
              value={note}
              onChange={(e) => {
                setNote(e.target.value);
              }}
            />
          )}
        </Field>
        {add.isError && <ErrorNotice error={add.error} />}
        <button type="submit" className="button" disabled={add.isPending}>
          Add maintenance
        </button>
      </form>
      <ConfirmDialog
        open={cancelling !== null}
        title="Cancel this booking?"
        confirmLabel="Cancel booking"
        onCancel={() => {
          setCancelling(null);
        }}
        onConfirm={() => {
          if (cancelling?.reference) cancel.mutate(cancelling.reference);
          setCancelling(null);
        }}
      >
        <p>
          The renter is told, and the car is free again
          {cancelling ? ` from ${formatDateTime(cancelling.from)} to ${formatDateTime(cancelling.to)}` : ''}.
        </p>
      </ConfirmDialog>
    </section>
  );
}
