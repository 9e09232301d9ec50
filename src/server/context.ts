import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Actor } from '../shared/policy.ts';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import type { DialectName } from './db/dialect.ts';
import type { Clock } from './lib/clock.ts';
import type { SecretBox } from './lib/secret-box.ts';
import type { EntryDeviceSignals } from './modules/connections/index.ts';

/** What every service needs, built once per process (server, CLI or test). */
export interface Deps {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  config: Config;
  secrets: SecretBox;
  logger: Logger;
  /** Set by the vulnerabilities module: entry devices with a known-exploited vulnerability (connection flag `entry_device_kev`). */
  entryDeviceSignals?: EntryDeviceSignals;
  /** Set by the vulnerabilities module: re-match assets after the ledger changed them (same transaction). */
  vulnHooks?: VulnHooks;
}

/** Set by the vulnerabilities module at bootstrap (and by the test harness). */
export interface VulnHooks {
  /** Called by the ledger (and connections) inside the transaction that changed the assets (create, update, delete, import). */
  assetsChanged(deps: Deps, trx: Kysely<Database>, caller: Caller, facilityId: string, assetIds: readonly string[]): Promise<void>;
  /** Called by the feeds module after a successful import (file or sync), outside its transaction: incremental re-match. */
  feedsImported(deps: Deps, outcome: FeedsImportedOutcome): Promise<void>;
}

export interface FeedsImportedOutcome {
  /** CVE / JVNDB ids whose definition (configurations, JVN products) is new or changed. */
  changedVulnIds: string[];
  /** CVE ids whose KEV entry is new or changed. */
  kevChanged: string[];
  /** EPSS scores were imported (priorities of active findings should be recomputed). */
  epssChanged: boolean;
}

/** Who is calling a service, and from where. `actor` is null before login (setup, login). */
export interface Caller {
  actor: Actor | null;
  ip: string | null;
  /** For the audit log: the user's email, `cli`, or `system`. */
  label: string;
}

/** The user id to store as author of a record (created_by …): null for the command line and jobs. */
export function callerUserId(caller: Caller): string | null {
  return caller.actor && caller.actor.userId !== 'cli' ? caller.actor.userId : null;
}

/** A caller for the command line, acting with full rights of the machine's operator. */
export function cliCaller(label = 'cli'): Caller {
  return {
    actor: { userId: 'cli', email: label, isAdmin: true, grants: [], groupAdminFacilityIds: [], groupAdminGroupIds: [] },
    ip: null,
    label,
  };
}

export function anonymousCaller(ip: string | null): Caller {
  return { actor: null, ip, label: 'anonymous' };
}

export function nowIso(deps: Pick<Deps, 'clock'>): string {
  return deps.clock.now().toISOString();
}
