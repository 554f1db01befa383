import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { registerSW } from 'virtual:pwa-register';
import { queryClient } from './app/query-client';
import { meQuery } from './features/auth/api/me';
import { createAppRouter } from './app/router';
import { nextTask } from './lib/next-task';
import './styles.css';

// Who is signed in, asked while the page's own chunk loads rather than after it renders: every
// signed-in page waits on it. (A failure shows where the page asks again.)
queryClient.query(meQuery()).catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/**
 * The rest of the start in tasks of their own: evaluating the entry, starting the first
 * navigation (which asks for the page's code and data) and creating the React root are each a
 * few milliseconds on a phone, and as one task they blocked taps and scrolling for as long as
 * the three together. Between them the browser may paint and answer input.
 */
void (async () => {
  await nextTask();
  const router = createAppRouter();
  await nextTask();
  const reactRoot = createRoot(root);
  // A transition, so React renders the first screen in slices between which the browser answers
  // input, instead of in one task (index.html's static top bar is on screen meanwhile).
  startTransition(() => {
    reactRoot.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </StrictMode>,
    );
  });
})();

// After the page's load event (registerSW's default), so precaching never competes with the first load.
if ('serviceWorker' in navigator && import.meta.env.PROD) void registerSW();
