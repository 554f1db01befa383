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
import { SignInPage } from './routes/sign-in';
import { RequireOperator } from '../features/auth/components/require-operator';

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/vehicles/:id', element: <VehiclePage /> },
      {
        path: '/operator',
        element: (
          <RequireOperator>
            <OperatorLivePage />
          </RequireOperator>
        ),
      },
      {
        path: '/operator/live/:id',
        element: (
          <RequireOperator>
            <OperatorLiveVehiclePage />
          </RequireOperator>
        ),
      },
      {
        path: '/operator/vehicles',
        element: (
          <RequireOperator>
            <OperatorFleetPage />
          </RequireOperator>
        ),
      },
      {
        path: '/operator/tesla',
        element: (
          <RequireOperator>
            <OperatorTeslaPage />
          </RequireOperator>
        ),
      },
      {
        path: '/operator/costs',
        element: (
          <RequireOperator>
            <OperatorCostsPage />
          </RequireOperator>
        ),
      },
      {
        path: '/operator/vehicles/new',
        element: (
          <RequireOperator>
            <NewVehiclePage />
          </RequireOperator>
        ),
      },
      {
        path: '/operator/vehicles/:id',
        element: (
          <RequireOperator>
            <EditVehiclePage />
          </RequireOperator>
        ),
      },
      { path: '/sign-in', element: <SignInPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
