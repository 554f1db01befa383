import type { ReactNode } from 'react';
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
import { RegisterPage } from './routes/register';
import { BrowsePage } from './routes/browse';
import { ReservationPage } from './routes/reservation';
import { ReservationConfirmedPage } from './routes/reservation-confirmed';
import { MyReservationsPage } from './routes/my-reservations';
import { AccountPage } from './routes/account';
import { OperatorReservationsPage } from './routes/operator-reservations';
import { OperatorInvitationsPage } from './routes/operator-invitations';
import { OperatorDevInboxPage } from './routes/operator-dev-inbox';
import { OperatorCustomersPage } from './routes/operator-customers';
import { OperatorRatesPage } from './routes/operator-rates';
import { NotificationsPage } from './routes/notifications';
import { OperatorDeliveriesPage } from './routes/operator-deliveries';
import { OperatorAlertsPage } from './routes/operator-alerts';
import { OperatorDeadLettersPage } from './routes/operator-dead-letters';
import { RequireOperator } from '../features/auth/components/require-operator';
import { RequireSignedIn } from '../features/auth/components/require-signed-in';

const signedIn = (page: ReactNode) => <RequireSignedIn>{page}</RequireSignedIn>;
const operatorOnly = (page: ReactNode) => <RequireOperator>{page}</RequireOperator>;

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/vehicles/:id', element: <VehiclePage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/browse', element: signedIn(<BrowsePage />) },
      { path: '/reservations', element: signedIn(<MyReservationsPage />) },
      { path: '/reservations/:id', element: signedIn(<ReservationPage />) },
      { path: '/reservations/:id/confirmed', element: signedIn(<ReservationConfirmedPage />) },
      { path: '/account', element: signedIn(<AccountPage />) },
      { path: '/notifications', element: signedIn(<NotificationsPage />) },
      { path: '/operator/reservations', element: operatorOnly(<OperatorReservationsPage />) },
      { path: '/operator/invitations', element: operatorOnly(<OperatorInvitationsPage />) },
      { path: '/operator/dev-inbox', element: operatorOnly(<OperatorDevInboxPage />) },
      { path: '/operator/customers', element: operatorOnly(<OperatorCustomersPage />) },
      { path: '/operator/rates', element: operatorOnly(<OperatorRatesPage />) },
      { path: '/operator/deliveries', element: operatorOnly(<OperatorDeliveriesPage />) },
      { path: '/operator/alerts', element: operatorOnly(<OperatorAlertsPage />) },
      { path: '/operator/dead-letters', element: operatorOnly(<OperatorDeadLettersPage />) },
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
