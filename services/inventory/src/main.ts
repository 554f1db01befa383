import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, runService } from '@cybertacotruck/platform';
import { createInventoryService } from './index';
import { standaloneTesla } from './standalone';
import { checkTeslaConfig } from './tesla-choice';

// Inventory is the web app's backend-for-frontend: alone, it also serves the built web app when present.
const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'apps', 'web', 'dist');

const inventory = createInventoryService({ tesla: standaloneTesla });
try {
  // Refused before anything starts: no Tesla, or a simulator in production nobody asked for.
  // (Migrations alone, a Kubernetes Job, talk to no Tesla.)
  if (!process.argv.includes('--migrate-only'))
    checkTeslaConfig([inventory], process.env, { canStartSimulator: false });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`inventory: ${error.message}\n`);
  process.exit(78); // EX_CONFIG, as runService ends on a bad key
}
await runService(inventory, existsSync(join(webRoot, 'index.html')) ? { webRoot } : {});
