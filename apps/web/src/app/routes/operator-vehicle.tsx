import { Link, useNavigate, useParams } from 'react-router';
import { VehicleCalendar } from '../../features/calendar/components/vehicle-calendar';
import { useCreateVehicle } from '../../features/fleet/api/create-vehicle';
import { useVehicle } from '../../features/fleet/api/get-vehicle';
import { useUpdateVehicle } from '../../features/fleet/api/update-vehicle';
import { toCreateBody, valuesOf, VehicleForm } from '../../features/fleet/components/vehicle-form';
import { useLocations } from '../../features/locations/api/list-locations';
import { GeofenceEditor } from '../../features/rental-access/components/geofence-editor';
import { ErrorNotice, Loading } from '../../components/status';

export function NewVehiclePage() {
  const navigate = useNavigate();
  const create = useCreateVehicle();
  const locations = useLocations();
  return (
    <section className="section narrow" aria-labelledby="new-vehicle">
      <Link to="/operator/vehicles" className="back">
        ← Vehicles
      </Link>
      <h1 id="new-vehicle">Add a vehicle</h1>
      <VehicleForm
        mode="create"
        homeLocations={locations.data?.items ?? []}
        submitting={create.isPending}
        error={create.error}
        onSubmit={(values) => {
          create.mutate(toCreateBody(values), {
            onSuccess: () => {
              void navigate('/operator/vehicles');
            },
          });
        }}
      />
    </section>
  );
}

export function EditVehiclePage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const vehicle = useVehicle(id);
  const update = useUpdateVehicle();
  const locations = useLocations();
  if (vehicle.isPending) return <Loading label="Loading the vehicle…" />;
  if (vehicle.isError) return <ErrorNotice error={vehicle.error} />;
  const home = locations.data?.items.find((l) => l.id === vehicle.data.homeLocationId);
  const homeCentre = home ? { latitude: home.coordinates.lat, longitude: home.coordinates.lng } : null;
  return (
    <section className="section narrow" aria-labelledby="edit-vehicle">
      <Link to="/operator/vehicles" className="back">
        ← Vehicles
      </Link>
      <h1 id="edit-vehicle">{vehicle.data.displayName}</h1>
      <VehicleForm
        key={vehicle.data.updatedAt}
        mode="edit"
        homeLocations={locations.data?.items ?? []}
        initial={valuesOf(vehicle.data)}
        submitting={update.isPending}
        error={update.error}
        onSubmit={(values) => {
          const body = toCreateBody(values);
          update.mutate(
            {
              id,
              body: {
                displayName: body.displayName,
                inService: values.inService,
                color: body.color ?? null,
                trim: body.trim ?? null,
                modelYear: body.modelYear ?? null,
                homeLocationId: values.homeLocationId || null,
              },
            },
            {
              onSuccess: () => {
                void navigate('/operator/vehicles');
              },
            },
          );
        }}
      />
      <VehicleCalendar vehicleId={id} />
      <GeofenceEditor scope="vehicle" id={id} name={vehicle.data.displayName} centre={homeCentre} />
    </section>
  );
}
