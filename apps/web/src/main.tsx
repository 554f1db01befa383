import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { registerSW } from 'virtual:pwa-register';
import { queryClient } from './app/query-client';
import { meQuery } from './features/auth/api/me';
import { router } from './app/router';
import './styles.css';

// Who is signed in, asked while the page's own chunk loads rather than after it renders: every
// signed-in page waits on it. (A failure shows where the page asks again.)
queryClient.query(meQuery()).catch(() => undefined);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);

// After the page's load event (registerSW's default), so precaching never competes with the first load.
if ('serviceWorker' in navigator && import.meta.env.PROD) void registerSW();
