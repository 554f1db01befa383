/**
 * The inventory service as its own process for the calendar benchmarks, as `main.ts` runs it, with
 * the test principal stub in place of the account service: requests say who they are in an
 * `x-test-principal` header, so the load measures the calendar rather than session look-ups.
 */
import { BaseConfigSchema, closeOnSignals, parseConfig, startProcess } from '@cybertacotruck/platform';
import { principalStub } from '@cybertacotruck/platform/testing';
import { inventoryService } from '../../services/inventory/src/index';

const config = parseConfig(BaseConfigSchema);
const running = await startProcess({
  config,
  services: [principalStub, inventoryService],
  processName: 'inventory-bench',
});
closeOnSignals(running, config.SHUTDOWN_GRACE_MS);
