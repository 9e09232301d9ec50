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
}

/** Who is calling a service, and from where. `actor` is null before login (setup, login). */
export interface Caller {
  actor: Actor | null;
  ip: string | null;
  /** For the audit log: the user's email, `cli`, or `system`. */
  label: string;
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
