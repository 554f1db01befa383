import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useCalendar } from '../../features/calendar/api/get-calendar';
import { Timeline, type TimelineBlock } from '../../features/calendar/components/timeline';
import { useCustomers } from '../../features/customers/api/list-customers';
import { useVehicles } from '../../features/fleet/api/list-vehicles';
import { useReservations } from '../../features/reservations/api/list-reservations';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';
import { formatInZone, plural } from '../../lib/format';
import { addDays, deviceTimeZone, instantToZoned, zonedDayStarts } from '../../lib/time';
import { ClaimDetail, KIND_LABELS, type Joined } from './operator-reservations-detail';
import {
  DEFAULT_FILTERS,
  SHOW,
  TimelineToolbar,
  type TimelineFilters,
} from './operator-reservations-filters';

const DAYS = 14;

/** Operator: every vehicle's next two weeks, with who has it and in what state. */
export function OperatorReservationsPage() {
  const timeZone = deviceTimeZone();
  const [now] = useState(() => Date.now());
  const [offsetDays, setOffsetDays] = useState(0);
  const filters = useForm<TimelineFilters>({ defaultValues: DEFAULT_FILTERS });
  const { model, show } = useWatch({ control: filters.control });
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const firstDay = addDays(instantToZoned(new Date(now), timeZone), offsetDays);
  // Local midnights: a day across a daylight-saving change is 23 or 25 hours (lib/time.ts).
  const dayStarts = zonedDayStarts(firstDay, DAYS, timeZone);
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
    .filter((c) => rowIds.has(c.vehicleId) && SHOW[show ?? DEFAULT_FILTERS.show].test(c))
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
      <TimelineToolbar register={filters.register} offsetDays={offsetDays} onMove={setOffsetDays} />
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
