import { createBrowserRouter } from 'react-router';
import { Layout } from './layout';
import { HomePage } from './routes/home';
import { VehiclePage } from './routes/vehicle';
import { OperatorFleetPage } from './routes/operator-fleet';
import { EditVehiclePage, NewVehiclePage } from './routes/operator-vehicle';
import { NotFoundPage } from './routes/not-found';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/vehicles/:id', element: <VehiclePage /> },
      { path: '/operator', element: <OperatorFleetPage /> },
      { path: '/operator/vehicles/new', element: <NewVehiclePage /> },
      { path: '/operator/vehicles/:id', element: <EditVehiclePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
