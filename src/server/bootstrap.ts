import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Deps } from './context.ts';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { systemClock, type Clock } from './lib/clock.ts';
import { createLogger } from './lib/logger.ts';
import { SecretBox } from './lib/secret-box.ts';
import { createEntryDeviceSignals, createVulnHooks } from './modules/vulns/index.ts';

export interface Runtime {
  deps: Deps;
  handle: DatabaseHandle;
  close(): Promise<void>;
}

/** Opens the database, brings its schema up to date and builds the service dependencies. */
export async function startRuntime(config: Config, options: { clock?: Clock; logger?: Logger; migrate?: boolean; poolSize?: number } = {}): Promise<Runtime> {
  const handle = openDatabase(config.databaseUrl, { ...(options.poolSize !== undefined && { poolSize: options.poolSize }) });
  try {
    if (options.migrate !== false) await migrateToLatest(handle);
  } catch (e) {
    await handle.close();
    throw e;
  }
  const deps: Deps = {
    db: handle.db,
    dialect: handle.dialect,
    clock: options.clock ?? systemClock,
    config,
    secrets: SecretBox.load(config.dataDir),
    logger: options.logger ?? createLogger(config.logLevel),
    // Findings follow the ledger and the feeds; connections show entry devices with known-exploited vulnerabilities.
    vulnHooks: createVulnHooks(),
    entryDeviceSignals: createEntryDeviceSignals(),
  };
  return { deps, handle, close: () => handle.close() };
}
