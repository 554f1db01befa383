import type { ComponentType } from 'react';
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import { Layout, ShellFallback } from './layout';
import { HomePage } from './routes/home';
import { NotFoundPage } from './routes/not-found';
import { SignInPage } from './routes/sign-in';
import { RequireOperator } from '../features/auth/components/require-operator';
import { RequireSignedIn } from '../features/auth/components/require-signed-in';
import type { RouteHandle } from './route-handle';
import { browseLoader } from './browse-loader';
import { nextTask } from '../lib/next-task';

/**
 * A page loaded when first visited: every page but the landing, sign-in and not-found pages is
 * its own chunk, so the first load carries only the shell, and the operator's pages (and the map
 * library they use) never reach a customer's browser.
 */
function page(
  path: string,
  title: string,
  load: () => Promise<ComponentType>,
  loader?: RouteObject['loader'],
): RouteObject {
  const handle: RouteHandle = { title };
  return {
    path,
    handle,
    // Asked for in a task of its own: on a first load the router calls this as it starts, and
    // asking for a chunk inserts its preload links (a few milliseconds on a phone).
    lazy: async () => {
      await nextTask();
      return { Component: await load() };
    },
    // A loader asks for the page's data while its code loads (both start at once). It runs when
    // the page is entered, not again for each change of its own query string (a new search, a
    // sort): the page asks for those itself and shows them arriving.
    ...(loader
      ? {
          loader,
          shouldRevalidate: ({ currentUrl, nextUrl }: { currentUrl: URL; nextUrl: URL }) =>
            currentUrl.pathname !== nextUrl.pathname,
        }
      : {}),
  };
}

const customerPages: RouteObject[] = [
  page(
    '/browse',
    'Find a car',
    () => import('./routes/browse').then((m) => m.BrowsePage),
    // In the entry (a few KB): its requests leave with the page's chunk, not a round trip after it.
    browseLoader,
  ),
  page('/reservations', 'My reservations', () =>
    import('./routes/my-reservations').then((m) => m.MyReservationsPage),
  ),
  page('/reservations/:id', 'Your reservation', () =>
    import('./routes/reservation').then((m) => m.ReservationPage),
  ),
  page('/reservations/:id/confirmed', 'Reservation confirmed', () =>
    import('./routes/reservation-confirmed').then((m) => m.ReservationConfirmedPage),
  ),
  page('/account', 'Account', () => import('./routes/account').then((m) => m.AccountPage)),
  page('/account/licence', 'Driver’s licence', () => import('./routes/licence').then((m) => m.LicencePage)),
  page('/notifications', 'Notifications', () =>
    import('./routes/notifications').then((m) => m.NotificationsPage),
  ),
];

const operatorPages: RouteObject[] = [
  page('/operator', 'Live fleet', () => import('./routes/operator-live').then((m) => m.OperatorLivePage)),
  page('/operator/today', 'Today', () => import('./routes/operator-day').then((m) => m.OperatorDayPage)),
  page('/operator/live/:id', 'Live vehicle', () =>
    import('./routes/operator-live-vehicle').then((m) => m.OperatorLiveVehiclePage),
  ),
  page('/operator/reservations', 'Reservations', () =>
    import('./routes/operator-reservations').then((m) => m.OperatorReservationsPage),
  ),
  page('/operator/reservations/:id', 'Reservation', () =>
    import('./routes/operator-reservation').then((m) => m.OperatorReservationPage),
  ),
  page('/operator/vehicles', 'Vehicles', () =>
    import('./routes/operator-fleet').then((m) => m.OperatorFleetPage),
  ),
  page('/operator/vehicles/new', 'Add a vehicle', () =>
    import('./routes/operator-vehicle').then((m) => m.NewVehiclePage),
  ),
  page('/operator/vehicles/:id', 'Edit vehicle', () =>
    import('./routes/operator-vehicle').then((m) => m.EditVehiclePage),
  ),
  page('/operator/locations', 'Pickup locations', () =>
    import('./routes/operator-locations').then((m) => m.OperatorLocationsPage),
  ),
  page('/operator/invitations', 'Invite a customer', () =>
    import('./routes/operator-invitations').then((m) => m.OperatorInvitationsPage),
  ),
  page('/operator/customers', 'Customers', () =>
    import('./routes/operator-customers').then((m) => m.OperatorCustomersPage),
  ),
  page('/operator/customers/:id/licence', 'Driver’s licence', () =>
    import('./routes/operator-customer-licence').then((m) => m.OperatorCustomerLicencePage),
  ),
  page('/operator/verifications', 'Driver’s licences', () =>
    import('./routes/operator-verifications').then((m) => m.OperatorVerificationsPage),
  ),
  page('/operator/rates', 'Rates', () => import('./routes/operator-rates').then((m) => m.OperatorRatesPage)),
  page('/operator/disputes', 'Disputes', () =>
    import('./routes/operator-disputes').then((m) => m.OperatorDisputesPage),
  ),
  page('/operator/tesla', 'Tesla accounts', () =>
    import('./routes/operator-tesla').then((m) => m.OperatorTeslaPage),
  ),
  page('/operator/costs', 'Costs', () => import('./routes/operator-costs').then((m) => m.OperatorCostsPage)),
  page('/operator/business', 'Business', () =>
    import('./routes/operator-insights').then((m) => m.OperatorInsightsPage),
  ),
  page('/operator/deliveries', 'Deliveries', () =>
    import('./routes/operator-deliveries').then((m) => m.OperatorDeliveriesPage),
  ),
  page('/operator/alerts', 'Alerts', () =>
    import('./routes/operator-alerts').then((m) => m.OperatorAlertsPage),
  ),
  page('/operator/dead-letters', 'Dead letters', () =>
    import('./routes/operator-dead-letters').then((m) => m.OperatorDeadLettersPage),
  ),
  page('/operator/dev-inbox', 'Dev inbox', () =>
    import('./routes/operator-dev-inbox').then((m) => m.OperatorDevInboxPage),
  ),
];

export const routes: RouteObject[] = [
  {
    element: <Layout />,
    HydrateFallback: ShellFallback,
    children: [
      { path: '/', element: <HomePage />, handle: { title: 'Tesla rentals by the day' } },
      page('/vehicles/:id', 'Vehicle', () => import('./routes/vehicle').then((m) => m.VehiclePage)),
      page('/register', 'Create your account', () => import('./routes/register').then((m) => m.RegisterPage)),
      page('/forgot-password', 'Reset your password', () =>
        import('./routes/forgot-password').then((m) => m.ForgotPasswordPage),
      ),
      {
        element: (
          <RequireSignedIn>
            <Outlet />
          </RequireSignedIn>
        ),
        children: customerPages,
      },
      {
        element: (
          <RequireOperator>
            <Outlet />
          </RequireOperator>
        ),
        children: operatorPages,
      },
      { path: '/sign-in', element: <SignInPage />, handle: { title: 'Sign in' } },
      { path: '*', element: <NotFoundPage />, handle: { title: 'Page not found' } },
    ],
  },
];

/**
 * The app's router. Creating it starts the first navigation at once (the page's code is asked
 * for, its loader called), so main.tsx calls this in a task of its own.
 */
export const createAppRouter = () => createBrowserRouter(routes);
