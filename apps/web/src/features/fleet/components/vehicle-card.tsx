import { Link } from 'react-router';
import { VEHICLE_MODEL_LABELS, type Vehicle } from '@cybertacotruck/contracts';
import { VehicleArt } from '../../../components/vehicle-art';
import { vehicleDetails } from '../../../lib/vehicle-details';

export function VehicleCard({ vehicle }: { vehicle: Vehicle }) {
  const details = vehicleDetails(vehicle);
  return (
    <li className="card vehicle-card">
      <Link to={`/vehicles/${vehicle.id}`} className="card-link">
        <VehicleArt model={vehicle.model} color={vehicle.color} className="vehicle-art" />
        <div className="card-body">
          <p className="eyebrow">{VEHICLE_MODEL_LABELS[vehicle.model]}</p>
          <h3>{vehicle.displayName}</h3>
          {details && <p className="muted">{details}</p>}
        </div>
      </Link>
    </li>
  );
}
