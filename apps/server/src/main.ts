import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTeslaConfig } from '@cybertacotruck/inventory';
import { BaseConfigSchema, ConfigError, parseConfig, runService } from '@cybertacotruck/platform';
import { PaymentsConfigSchema, stripeFromConfig } from '@cybertacotruck/reservation';
import { allServices } from './services';

// The bundle sits in apps/server/dist; the built web app in apps/web/dist.
const webRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

try {
  // Production never runs the simulator unless TESLA_SIMULATOR=true asks for it (tesla.ts).
  // Migrations alone (a Kubernetes Job) talk to no Tesla.
  if (!process.argv.includes('--migrate-only')) {
    checkTeslaConfig(allServices, process.env, { canStartSimulator: true });
    // Likewise the payments simulator: only with PAYMENTS_SIMULATOR=true in production (payments.ts).
    stripeFromConfig(
      parseConfig(PaymentsConfigSchema, process.env),
      parseConfig(BaseConfigSchema, process.env),
      {
        canStartSimulator: true,
      },
    );
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`embedded: ${error.message}\n`);
  process.exit(78); // EX_CONFIG, as runService ends on a bad key
}

await runService(allServices, {
  processName: 'embedded',
  webRoot,
  banner: (url) => `  API docs: ${url}/api/docs    health: ${url}/health/ready\n`,
});
