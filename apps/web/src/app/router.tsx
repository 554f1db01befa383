import { createBrowserRouter } from 'react-router';
import { Layout } from './layout';
import { HomePage } from './routes/home';
import { VehiclePage } from './routes/vehicle';
import { OperatorFleetPage } from './routes/operator-fleet';
import { EditVehiclePage, NewVehiclePage } from './routes/operator-vehicle';
import { NotFoundPage } from './routes/not-found';
import { OperatorLivePage } from './routes/operator-live';
import { OperatorLiveVehiclePage } from './routes/operator-live-vehicle';
import { OperatorTeslaPage } from './routes/operator-tesla';
import { OperatorCostsPage } from './routes/operator-costs';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/vehicles/:id', element: <VehiclePage /> },
      { path: '/operator', element: <OperatorLivePage /> },
      { path: '/operator/live/:id', element: <OperatorLiveVehiclePage /> },
      { path: '/operator/vehicles', element: <OperatorFleetPage /> },
      { path: '/operator/tesla', element: <OperatorTeslaPage /> },
      { path: '/operator/costs', element: <OperatorCostsPage /> },
      { path: '/operator/vehicles/new', element: <NewVehiclePage /> },
      { path: '/operator/vehicles/:id', element: <EditVehiclePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
