import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runService } from '@cybertacotruck/platform';
import { inventoryService } from './index';

// Inventory is the web app's backend-for-frontend: alone, it also serves the built web app when present.
const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'apps', 'web', 'dist');

await runService(inventoryService, existsSync(join(webRoot, 'index.html')) ? { webRoot } : {});
