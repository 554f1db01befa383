import { useState } from 'react';
import { Link } from 'react-router';
import type { VehicleModel } from '@cybertacotruck/contracts';
import { useMe } from '../../features/auth/api/me';
import { useVehicles } from '../../features/fleet/api/list-vehicles';
import { ModelFilter } from '../../features/fleet/components/model-filter';
import { VehicleCard } from '../../features/fleet/components/vehicle-card';
import { EmptyState, ErrorNotice, Loading } from '../../components/status';

export function HomePage() {
  const [model, setModel] = useState<VehicleModel | undefined>(undefined);
  const me = useMe();
  const vehicles = useVehicles({ inService: true, ...(model ? { model } : {}) });
  return (
    <>
      <section className="hero">
        <p className="eyebrow eyebrow-light">Tesla rentals by the day</p>
        <h1>Drive the future this weekend.</h1>
        <p>Model 3, Model Y, Model S, Model X and Cybertruck — charged, clean and ready when you are.</p>
        {me.data?.user.role === 'customer' && (
          <Link to="/browse" className="button hero-cta">
            Find a car for your dates
          </Link>
        )}
      </section>
      <section className="section" aria-labelledby="fleet-heading">
        <div className="section-head">
          <h2 id="fleet-heading">Our fleet</h2>
          {vehicles.data && (
            <p className="muted">
              {vehicles.data.items.length} {vehicles.data.items.length === 1 ? 'vehicle' : 'vehicles'}
            </p>
          )}
        </div>
        <ModelFilter value={model} onChange={setModel} />
        {vehicles.isPending && <Loading label="Loading the fleet…" />}
        {vehicles.isError && <ErrorNotice error={vehicles.error} />}
        {vehicles.data?.items.length === 0 && (
          <EmptyState title="No vehicles here yet">
            <p className="muted">Check back soon — or try another model.</p>
          </EmptyState>
        )}
        {vehicles.data && vehicles.data.items.length > 0 && (
          <ul className="grid" aria-label="Vehicles">
            {vehicles.data.items.map((v) => (
              <VehicleCard key={v.id} vehicle={v} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
