import { randomInt } from 'node:crypto';
import type { FacilityRole } from '../../shared/roles.ts';
import type { Caller, Deps } from '../context.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { insertFacilityTx, insertGroupTx } from '../modules/facilities/index.ts';
import { countUsers, insertUserTx } from '../modules/users/index.ts';
import type { Db } from '../db/database.ts';
import { seedAssessmentsDemo } from './assessments.demo.ts';
import { seedConnectionsDemo } from './connections.demo.ts';
import { seedContactsDemo } from './contacts.demo.ts';
import { seedIncidentsDemo } from './incidents.demo.ts';
import { seedResilienceDemo } from './resilience.demo.ts';
import { seedLedgerDemo } from './ledger.demo.ts';
import { seedVendorsDemo } from './vendors.demo.ts';
import { seedVulnsDemo } from './vulns.demo.ts';

/** The sample hospital. Later modules add their sample data through `DEMO_SEEDERS`. */
export const DEMO_FACILITY = {
  code: 'minato-general',
  name: 'みなと総合病院',
  kind: 'hospital' as const,
  beds: 320,
  prefecture: '神奈川県' as const,
  medicalInstitutionCode: '1410112345',
};

export const DEMO_GROUP = { code: 'minato-med', name: '医療法人社団みなと会', kind: 'corporation' as const };

export const DEMO_USERS: { email: string; displayName: string; role: FacilityRole | 'admin' | 'group_admin' }[] = [
  { email: 'admin@minato-hp.example.jp', displayName: '管理 太郎', role: 'admin' },
  { email: 'incho@minato-hp.example.jp', displayName: '港 一郎(院長)', role: 'executive' },
  { email: 'anzen@minato-hp.example.jp', displayName: '安全 花子', role: 'security_manager' },
  { email: 'system@minato-hp.example.jp', displayName: '情報 健太', role: 'it_staff' },
  { email: 'kango@minato-hp.example.jp', displayName: '看護 さくら', role: 'staff' },
  { email: 'vendor@densi-karte.example.co.jp', displayName: '電子カルテ保守 担当', role: 'vendor' },
  { email: 'kansa@minato-hp.example.jp', displayName: '監査 誠', role: 'auditor' },
  { email: 'honbu@minato-med.example.jp', displayName: '法人本部 情報管理室', role: 'group_admin' },
];

/** Each module's sample data, run in order inside the demo transaction. */
export type DemoSeeder = (deps: Deps, trx: Db, caller: Caller, facilityId: string) => Promise<void>;
export const DEMO_SEEDERS: { name: string; seed: DemoSeeder }[] = [
  { name: 'ledger', seed: seedLedgerDemo },
  // After the ledger (links its assets) and the users (links the vendor user).
  { name: 'vendors', seed: seedVendorsDemo },
  // After the vendors: the lines name them, and the vendor user files a request of their own.
  { name: 'connections', seed: seedConnectionsDemo },
  // After the ledger, vendors and connections: a half-finished 令和7年度 checklist whose answers the ledger partly contradicts.
  { name: 'assessments', seed: seedAssessmentsDemo },
  // After the users and vendors: the contact chart (連絡体制図) names them; 3(1) then says いいえ (vendors missing).
  { name: 'contacts', seed: seedContactsDemo },
  // After the contact chart (alerts follow its call order) and the connections (the ransomware came in through one).
  { name: 'incidents', seed: seedIncidentsDemo },
  // After the ledger, vendors and users: backups with one stale offline copy, a drill that missed its RTO, the BCP draft, last year's exercise.
  { name: 'resilience', seed: seedResilienceDemo },
];

/**
 * Sample data that needs its own transactions (feed imports write one transaction per file), run in order after
 * the demo transaction has committed. The vulnerability findings come last: they match the ledger's assets and
 * read the connections' exposure.
 */
export type DemoAfterCommit = (deps: Deps, caller: Caller, facilityId: string) => Promise<void>;
export const DEMO_AFTER_COMMIT: { name: string; run: DemoAfterCommit }[] = [{ name: 'vulns', run: seedVulnsDemo }];

/** A random password that satisfies the rules (no default passwords, even for the demo). */
export function generatePassword(length = 16): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#%+=?@-'];
  const all = sets.join('');
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

export interface DemoResult {
  facilityCode: string;
  credentials: { email: string; role: string; password: string }[];
}

/**
 * Loads the sample hospital 「みなと総合病院」 with one user for each role, in one transaction.
 * Refuses when mamori already has users. Passwords are random unless one is given.
 */
export async function loadDemo(deps: Deps, caller: Caller, options: { password?: string } = {}): Promise<DemoResult> {
  const loaded = await deps.db.transaction().execute(async (trx) => {
    if ((await countUsers(trx)) > 0) throw new Error('mamori already has users; the demo loads only into an empty database');
    const facility = await insertFacilityTx(deps, trx, caller, DEMO_FACILITY);
    const group = await insertGroupTx(deps, trx, caller, DEMO_GROUP, [facility.id]);
    const credentials: DemoResult['credentials'] = [];
    for (const u of DEMO_USERS) {
      const password = options.password ?? generatePassword();
      const roles = u.role === 'admin' ? [{ role: 'security_manager' as const, facilityId: facility.id }] : u.role === 'group_admin' ? [] : [{ role: u.role, facilityId: facility.id }];
      await insertUserTx(deps, trx, caller, {
        email: u.email,
        displayName: u.displayName,
        password,
        locale: 'ja',
        isAdmin: u.role === 'admin',
        roles,
        groupAdminOf: u.role === 'group_admin' ? [group.id] : [],
      });
      credentials.push({ email: u.email, role: u.role, password });
    }
    for (const s of DEMO_SEEDERS) await s.seed(deps, trx, caller, facility.id);
    await recordAudit(deps, trx, caller, { facilityId: facility.id, entityType: 'deployment', entityId: null, action: 'demo_load', after: { facilityCode: facility.code, users: DEMO_USERS.length } });
    return { facilityId: facility.id, result: { facilityCode: facility.code, credentials } };
  });
  for (const step of DEMO_AFTER_COMMIT) await step.run(deps, caller, loaded.facilityId);
  return loaded.result;
}
