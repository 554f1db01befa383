import { createDatabase } from '@cybertacotruck/db';
import {
  BaseConfigSchema,
  ConfigError,
  databaseTargetFrom,
  parseConfig,
  processConfigSchema,
  type BaseConfig,
} from './config';
import { closeOnSignals, migrateAll, startProcess } from './process';
import { peerUrlsOf } from './forward';
import type { ServiceDefinition } from './service';

export interface RunServiceOptions {
  processName?: string;
  webRoot?: string;
  /** Printed after the URL, e.g. how to sign in to the demo. */
  banner?: (url: string) => string;
}

/**
 * The entry point of a process: one service (distributed topology) or all of them (embedded).
 * A configuration error ends the process with the list of bad keys, not a stack trace.
 */
export async function runService(
  services: ServiceDefinition | ServiceDefinition[],
  options: RunServiceOptions = {},
): Promise<void> {
  const list = Array.isArray(services) ? services : [services];
  const processName = options.processName ?? list.map((s) => s.name).join('+');
  let config: BaseConfig;
  try {
    // Every key of every mounted service at once, so one start-up reports every mistake.
    parseConfig(processConfigSchema(list));
    config = parseConfig(BaseConfigSchema);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${processName}: ${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  if (process.argv.includes('--migrate-only')) {
    await migrateOnly(config, list, processName);
    return;
  }
  try {
    const running = await startProcess({
      config,
      services: list,
      processName,
      ...(options.webRoot ? { webRoot: options.webRoot } : {}),
      // The process serving the web app is its backend-for-frontend: it forwards the API of every
      // service configured by URL instead of mounted here (forward.ts; distributed topology).
      ...(options.webRoot ? { forwardTo: peerUrlsOf(config) } : {}),
    });
    closeOnSignals(running, config.SHUTDOWN_GRACE_MS);
    running.app.log.info({ url: running.url }, 'listening');
    process.stdout.write(
      `\n  ${processName} is ready at ${running.url}\n${options.banner?.(running.url) ?? ''}\n`,
    );
  } catch (error) {
    process.stderr.write(
      `${processName}: could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  }
}

/** `--migrate-only`: what a Kubernetes Job runs before the Deployment rolls out. */
async function migrateOnly(
  config: BaseConfig,
  services: ServiceDefinition[],
  processName: string,
): Promise<void> {
  const db = await createDatabase(databaseTargetFrom(config, `cybertacotruck-${processName}-migrate`));
  try {
    const applied = await migrateAll(db, services, config);
    for (const [service, names] of Object.entries(applied)) {
      process.stdout.write(`${service}: ${names.length ? `applied ${names.join(', ')}` : 'up to date'}\n`);
    }
  } catch (error) {
    process.stderr.write(
      `${processName}: migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  } finally {
    await db.close();
  }
}
