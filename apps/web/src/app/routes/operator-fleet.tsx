import { useState } from 'react';
import { Link } from 'react-router';
import { VEHICLE_MODEL_LABELS, type Vehicle, type VehicleModel } from '@cybertacotruck/contracts';
import { useVehicles } from '../../features/fleet/api/list-vehicles';
import { useUpdateVehicle } from '../../features/fleet/api/update-vehicle';
import { ModelFilter } from '../../features/fleet/components/model-filter';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { EmptyState, ErrorNotice, Loading, Pill } from '../../components/status';

type ServiceFilter = 'all' | 'in' | 'out';

export function OperatorFleetPage() {
  const [model, setModel] = useState<VehicleModel | undefined>(undefined);
  const [service, setService] = useState<ServiceFilter>('all');
  const vehicles = useVehicles({
    ...(model ? { model } : {}),
    ...(service === 'all' ? {} : { inService: service === 'in' }),
  });
  const update = useUpdateVehicle();
  // Taking a car out of service hides it from renters at once: asked first. Putting it back is not.
  const [takingOut, setTakingOut] = useState<Vehicle | null>(null);

  return (
    <section className="section" aria-labelledby="ops-fleet">
      <div className="section-head">
        <h1 id="ops-fleet">Vehicles</h1>
        <Link to="/operator/vehicles/new" className="button button-primary">
          Add vehicle
        </Link>
      </div>
      <div className="filters">
        <ModelFilter value={model} onChange={setModel} />
        <label className="inline-select">
          <span>Status</span>
          <select
            value={service}
            onChange={(e) => {
              setService(e.target.value as ServiceFilter);
            }}
          >
            <option value="all">All</option>
            <option value="in">In service</option>
            <option value="out">Out of service</option>
          </select>
        </label>
      </div>
      {update.isError && <ErrorNotice error={update.error} />}
      {vehicles.isPending && <Loading label="Loading the fleet…" />}
      {vehicles.isError && <ErrorNotice error={vehicles.error} />}
      {vehicles.data?.items.length === 0 && (
        <EmptyState title="No vehicles match">
          <p className="muted">Add a vehicle, or change the filters.</p>
        </EmptyState>
      )}
      {vehicles.data && vehicles.data.items.length > 0 && (
        <ul className="rows" aria-label="Fleet vehicles">
          {vehicles.data.items.map((v) => (
            <li key={v.id} className="row">
              <div className="row-main">
                <Link to={`/operator/vehicles/${v.id}`} className="row-title">
                  {v.displayName}
                </Link>
                <p className="muted">
                  {VEHICLE_MODEL_LABELS[v.model]} · <span className="mono">{v.vin}</span>
                </p>
              </div>
              <div className="row-side">
                <Pill tone={v.inService ? 'ok' : 'muted'}>
                  {v.inService ? 'In service' : 'Out of service'}
                </Pill>
                <button
                  type="button"
                  className="button button-small"
                  disabled={update.isPending}
                  onClick={() => {
                    if (v.inService) setTakingOut(v);
                    else update.mutate({ id: v.id, body: { inService: true } });
                  }}
                >
                  {v.inService ? 'Take out' : 'Put in service'}
                  <span className="visually-hidden"> {v.displayName}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={takingOut !== null}
        title={`Take ${takingOut?.displayName ?? 'this car'} out of service?`}
        confirmLabel="Take out of service"
        onCancel={() => {
          setTakingOut(null);
        }}
        onConfirm={() => {
          if (takingOut) update.mutate({ id: takingOut.id, body: { inService: false } });
          setTakingOut(null);
        }}
      >
        <p>Renters will no longer find it when they search. Its existing bookings stay as they are.</p>
      </ConfirmDialog>
    </section>
  );
}
