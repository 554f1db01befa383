import { useState } from 'react';
import {
  VEHICLE_MODELS,
  VEHICLE_MODEL_LABELS,
  type Claim,
  type Reservation,
  type User,
  type VehicleModel,
} from '@cybertacotruck/contracts';
import { useCalendar } from '../../features/calendar/api/get-calendar';
import { Timeline, type TimelineBlock } from '../../features/calendar/components/timeline';
import { useCustomers } from '../../features/customers/api/list-customers';
import { useVehicles } from '../../features/fleet/api/list-vehicles';
import { useReservations } from '../../features/reservations/api/list-reservations';
import { ReservationStatusPill } from '../../features/reservations/components/reservation-status';
import { EmptyState, ErrorNotice, Loading, Pill } from '../../components/status';
import { formatInZone, formatMoney, plural } from '../../lib/format';
import { addDays, deviceTimeZone, instantToZoned, zonedToInstant } from '../../lib/time';

const DAYS = 14;

const SHOW = {
  active: { label: 'Active', test: (c: Claim) => c.status === 'active' },
  booking: { label: 'Bookings', test: (c: Claim) => c.kind === 'booking' && c.status === 'active' },
  hold: { label: 'Holds', test: (c: Claim) => c.kind === 'hold' && c.status === 'active' },
  maintenance: {
    label: 'Maintenance',
    test: (c: Claim) => c.kind === 'maintenance' && c.status === 'active',
  },
  all: { label: 'All, incl. released and expired', test: () => true },
} as const;
type Show = keyof typeof SHOW;

const KIND_LABELS: Record<Claim['kind'], string> = {
  hold: 'Hold',
  booking: 'Booking',
  maintenance: 'Maintenance',
};

interface Joined {
  claim: Claim;
  reservation: Reservation | undefined;
  customer: User | undefined;
}

/** Operator: every vehicle's next two weeks, with who has it and in what state. */
export function OperatorReservationsPage() {
  const timeZone = deviceTimeZone();
  const [now] = useState(() => Date.now());
  const [offsetDays, setOffsetDays] = useState(0);
  const [model, setModel] = useState<VehicleModel | ''>('');
  const [show, setShow] = useState<Show>('active');
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const firstDay = addDays(instantToZoned(new Date(now), timeZone), offsetDays);
  const dayStarts = Array.from(
    { length: DAYS + 1 },
    (_, i) => zonedToInstant(`${addDays(firstDay, i)}T00:00`, timeZone) ?? new Date(now),
  );
  const from = dayStarts[0]?.toISOString() ?? '';
  const to = dayStarts[DAYS]?.toISOString() ?? '';

  const vehicles = useVehicles({});
  const calendar = useCalendar({ from, to });
  const reservations = useReservations({ from, to, limit: 500 });
  const customers = useCustomers();

  const reservationById = new Map((reservations.data?.items ?? []).map((r) => [r.id, r]));
  const customerById = new Map((customers.data?.items ?? []).map((c) => [c.id, c]));
  const rows = (vehicles.data?.items ?? [])
    .filter((v) => !model || v.model === model)
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const rowIds = new Set(rows.map((r) => r.id));
  const joined: Joined[] = (calendar.data?.items ?? [])
    .filter((c) => rowIds.has(c.vehicleId) && SHOW[show].test(c))
    .map((claim) => {
      const reservation = claim.reference ? reservationById.get(claim.reference) : undefined;
      return { claim, reservation, customer: reservation && customerById.get(reservation.customerId) };
    });
  const vehicleName = new Map(rows.map((v) => [v.id, v.displayName]));
  const blocks: TimelineBlock[] = joined.map(({ claim, reservation, customer }) => {
    const who = claim.kind === 'maintenance' ? (claim.note ?? 'Maintenance') : (customer?.name ?? 'Customer');
    const state = reservation?.status ?? claim.status;
    return {
      id: claim.id,
      vehicleId: claim.vehicleId,
      kind: claim.kind,
      status: claim.status,
      from: claim.from,
      to: claim.to,
      label: who,
      description: `${KIND_LABELS[claim.kind]}: ${who}, ${vehicleName.get(claim.vehicleId) ?? ''}, ${formatInZone(claim.from, timeZone)} to ${formatInZone(claim.to, timeZone)}, ${state}`,
    };
  });
  const selected = joined.find((j) => j.claim.id === selectedId);
  const counts = {
    booking: joined.filter((j) => j.claim.kind === 'booking').length,
    hold: joined.filter((j) => j.claim.kind === 'hold').length,
    maintenance: joined.filter((j) => j.claim.kind === 'maintenance').length,
  };
  const dayFormat = new Intl.DateTimeFormat(undefined, { timeZone, weekday: 'short' });
  const dateFormat = new Intl.DateTimeFormat(undefined, { timeZone, month: 'short', day: 'numeric' });
  const error = vehicles.error ?? calendar.error ?? reservations.error ?? customers.error;
  // Blocks are drawn once names and statuses are known too, so they do not flicker from "Customer".
  const ready =
    vehicles.data !== undefined &&
    calendar.data !== undefined &&
    !reservations.isPending &&
    !customers.isPending;

  return (
    <section className="section" aria-labelledby="timeline-heading">
      <h1 id="timeline-heading">Reservations</h1>
      <div className="toolbar timeline-toolbar">
        <div className="button-row window-nav" role="group" aria-label="Window">
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setOffsetDays((d) => d - 7);
            }}
          >
            ← Earlier
          </button>
          <button
            type="button"
            className="button button-small"
            disabled={offsetDays === 0}
            onClick={() => {
              setOffsetDays(0);
            }}
          >
            Today
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              setOffsetDays((d) => d + 7);
            }}
          >
            Later →
          </button>
        </div>
        <div className="timeline-filters">
          <label className="stacked-select">
            <span>Model</span>
            <select
              value={model}
              onChange={(e) => {
                setModel(e.target.value as VehicleModel | '');
              }}
            >
              <option value="">All models</option>
              {VEHICLE_MODELS.map((m) => (
                <option key={m} value={m}>
                  {VEHICLE_MODEL_LABELS[m]}
                </option>
              ))}
            </select>
          </label>
          <label className="stacked-select">
            <span>Show</span>
            <select
              value={show}
              onChange={(e) => {
                setShow(e.target.value as Show);
              }}
            >
              {Object.entries(SHOW).map(([key, s]) => (
                <option key={key} value={key}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      <p className="muted small" role="status">
        {dateFormat.format(dayStarts[0])} – {dateFormat.format(dayStarts[DAYS - 1])} ·{' '}
        {plural(counts.booking, 'booking')} · {plural(counts.hold, 'hold')} · {counts.maintenance} maintenance
      </p>
      {error && <ErrorNotice error={error} />}
      {!ready && !error && <Loading label="Loading the calendar…" />}
      {ready && rows.length === 0 && <EmptyState title="No vehicles to show" />}
      {ready && rows.length > 0 && (
        <>
          <Timeline
            rows={rows}
            blocks={blocks}
            dayStarts={dayStarts}
            dayLabel={(day) => ({ weekday: dayFormat.format(day), date: dateFormat.format(day) })}
            now={now}
            selectedId={selectedId}
            onSelect={setSelectedId}
          />
          <ul className="legend" aria-label="Legend">
            <li>
              <span className="swatch block-booking" /> Booking
            </li>
            <li>
              <span className="swatch block-hold" /> Hold
            </li>
            <li>
              <span className="swatch block-maintenance" /> Maintenance
            </li>
          </ul>
        </>
      )}
      {selected ? (
        <ClaimDetail
          joined={selected}
          vehicle={vehicleName.get(selected.claim.vehicleId) ?? ''}
          timeZone={timeZone}
        />
      ) : (
        blocks.length > 0 && <p className="muted small">Tap a block for its details.</p>
      )}
    </section>
  );
}

function ClaimDetail({ joined, vehicle, timeZone }: { joined: Joined; vehicle: string; timeZone: string }) {
  const { claim, reservation, customer } = joined;
  return (
    <section className="card claim-detail" aria-labelledby="claim-heading" aria-live="polite">
      <div className="card-body">
        <div className="summary-head">
          <div>
            <p className="eyebrow">{KIND_LABELS[claim.kind]}</p>
            <h2 id="claim-heading" className="summary-title">
              {vehicle}
            </h2>
          </div>
          {reservation ? (
            <ReservationStatusPill status={reservation.status} />
          ) : (
            <Pill tone={claim.status === 'active' ? 'ok' : 'muted'}>{claim.status}</Pill>
          )}
        </div>
        <dl className="period">
          <div>
            <dt>From</dt>
            <dd>{formatInZone(claim.from, timeZone)}</dd>
          </div>
          <div>
            <dt>To</dt>
            <dd>{formatInZone(claim.to, timeZone)}</dd>
          </div>
        </dl>
        {customer && (
          <p>
            <strong>{customer.name}</strong> · <a href={`tel:${customer.phone}`}>{customer.phone}</a>
          </p>
        )}
        {reservation && (
          <p className="muted small">
            {formatMoney(reservation.quote.totalDueMinor, reservation.quote.currency)} due at pick-up ·{' '}
            {plural(reservation.quote.days, 'day')} · reservation{' '}
            <span className="mono">{reservation.id.slice(0, 8)}</span>
          </p>
        )}
        {claim.kind === 'hold' && claim.expiresAt && (
          <p className="muted small">Hold expires {formatInZone(claim.expiresAt, timeZone)}</p>
        )}
        {claim.note && <p className="muted small">{claim.note}</p>}
      </div>
    </section>
  );
}
