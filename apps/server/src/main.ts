import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runService } from '@cybertacotruck/platform';
import { allServices } from './services';

// The bundle sits in apps/server/dist; the built web app in apps/web/dist.
const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

await runService(allServices, {
  processName: 'embedded',
  webRoot,
  banner: (url) => `  API docs: ${url}/api/docs    health: ${url}/health/ready\n`,
});
