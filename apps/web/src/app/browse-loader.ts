import type { LoaderFunctionArgs } from 'react-router';
import type { Preferences } from '@cybertacotruck/contracts';
import { queryClient } from './query-client';
import { accountKeys } from '../features/account/api/keys';
import { preferencesQuery } from '../features/account/api/get-preferences';
import { meQuery } from '../features/auth/api/me';
import { locationsQuery } from '../features/locations/api/list-locations';
import { deviceTimeZone } from '../lib/time';
import { nextTask } from '../lib/next-task';
import { availabilityQuery } from '../features/reservations/api/get-availability';
import { availabilityDaysQuery } from '../features/reservations/api/get-availability-days';
import { paymentsConfigQuery } from '../features/reservations/api/payments-config';
import { browseSearch } from '../features/reservations/browse-search';

/**
 * The longest the page waits for its answers before it renders without them (they then arrive
 * as they come): a slow search must never hold the customer on the previous page.
 */
export const BROWSE_WAIT_MS = 1_500;

/**
 * `/browse`'s loader: asks for everything its first screen shows — who is signed in, the saved
 * time zone, the free cars with their prices, the calendar's month, the pickup locations, how
 * cards are taken — at once, while the page's code is still loading, rather than one request per
 * component after the page has rendered (and then a render per answer: on a phone's first load,
 * a long task each). The answers go into the query cache under the page's own keys
 * (features/reservations/browse-search.ts), so the page renders once, with them. A failed answer is not thrown here: the
 * page asks again and shows it where it belongs. The search is made in the saved time zone when
 * it is already known, else the device's (the same for nearly everyone; when they differ the page
 * asks again in the saved one).
 */
export async function browseLoader({ request }: LoaderFunctionArgs): Promise<null> {
  // In tasks of their own (on a first load the router calls this while the app is starting): the
  // device's time zone (the page's first date-time call, a phone's slowest of the page), then the
  // requests, in two groups. As one task they blocked input for as long as all of them together.
  await nextTask();
  const saved = queryClient.getQueryData<Preferences>(accountKeys.preferences);
  const timeZone = saved?.timeZone ?? deviceTimeZone();
  await nextTask();
  const search = browseSearch(new URL(request.url).searchParams, timeZone, Date.now());
  const first = [
    queryClient.query(meQuery()),
    queryClient.query(preferencesQuery()),
    ...(search.availability ? [queryClient.query(availabilityQuery(search.availability))] : []),
  ];
  await nextTask();
  const answers = Promise.allSettled([
    ...first,
    queryClient.query(availabilityDaysQuery(search.days)),
    queryClient.query(locationsQuery()),
    queryClient.query(paymentsConfigQuery()),
  ]);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    answers,
    new Promise((resolve) => {
      timer = setTimeout(resolve, BROWSE_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
  return null;
}
