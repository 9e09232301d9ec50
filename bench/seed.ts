/**
 * Benchmark data generator: fills an already set-up mamori database with a realistic volume of
 * facilities, users with roles, sessions and audit events — through the server's own services
 * (never raw SQL), so every row is valid and every change is on the audit hash chain.
 *
 *   MAMORI_DATA_DIR=/tmp/x node --import tsx bench/seed.ts < password-file
 *
 * Reads the password for every generated user from standard input (one line) and prints a JSON
 * summary (facility ids, bench users, counts) as the last line of standard output. Sizes come from
 * BENCH_FACILITIES (20, including the set-up facility), BENCH_USERS (500) and BENCH_AUDIT_EVENTS
 * (3000, a lower bound). The generated data is deterministic for given sizes (seeded PRNG), except
 * ids and timestamps.
 */
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../src/server/config.ts';
import { startRuntime } from '../src/server/bootstrap.ts';
import { cliCaller, type Caller, type Deps } from '../src/server/context.ts';
import { createLogger } from '../src/server/lib/logger.ts';
import { listAuditEvents } from '../src/server/audit/audit.service.ts';
import { login } from '../src/server/modules/auth/index.ts';
import { createFacility, createGroup, getFacilityByCode, setGroupMembership, updateFacility, type Facility } from '../src/server/modules/facilities/index.ts';
import { createUser, findUserByEmail, grantRole, updateUser } from '../src/server/modules/users/index.ts';
import { AppError } from '../src/shared/errors.ts';
import { FACILITY_KINDS, PREFECTURES, type FacilityRole } from '../src/shared/roles.ts';

export interface SeedOptions {
  /** Code of the facility created by `mamori setup` (it counts towards `facilities`). */
  baseFacilityCode: string;
  /** Total number of facilities wanted, including the base facility. */
  facilities: number;
  /** Number of generated users (on top of the set-up administrator and the bench users). */
  users: number;
  /** Minimum number of audit events when done. */
  auditEvents: number;
  /** Password of every generated user (and of the bench security manager). */
  password: string;
  /** An existing `staff` user who is given the staff role in this many facilities in total. */
  staffEmail?: string;
  staffFacilities?: number;
  /** Creates this non-admin security manager of the second facility (MFA not yet enrolled). */
  securityManagerEmail?: string;
}

export interface SeedSummary {
  facilityIds: string[];
  facilityCodes: string[];
  /** The facility the bench security manager manages (for GET /users?facilityId=…). */
  managedFacilityId: string | null;
  users: number;
  roles: number;
  sessions: number;
  auditEvents: number;
  seconds: number;
}

/** mulberry32: a small deterministic PRNG, so that two runs generate the same data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['みなと', 'さくら', '青葉', '緑ヶ丘', '東山', '西浜', '北野', '南台', '中央', '若葉', '桜川', '朝日', '日の出', '松原', '白石', '大川', '山手', '川口', '本町', '旭'];
const FACILITY_SUFFIX: Record<(typeof FACILITY_KINDS)[number], string[]> = {
  hospital: ['総合病院', '市民病院', '記念病院', '中央病院', '医療センター'],
  clinic: ['クリニック', '診療所', '内科医院'],
  dental_clinic: ['歯科医院', '歯科クリニック'],
  pharmacy: ['薬局'],
  nursing: ['介護老人保健施設', 'ケアセンター'],
  other: ['健診センター'],
};
const SURNAMES = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口', '松本', '井上', '木村', '林', '斎藤', '清水'];
const GIVEN = ['太郎', '花子', '健', '美咲', '翔太', '陽子', '大輔', '由美', '直樹', '恵', '拓也', '愛', '誠', '真由美', '浩二', '彩', '亮', '裕子', '学', '千尋'];
/** Role mix of a hospital's accounts: mostly ordinary staff, a few privileged ones. */
const ROLE_WEIGHTS: [FacilityRole, number][] = [
  ['staff', 62],
  ['it_staff', 12],
  ['vendor', 8],
  ['auditor', 6],
  ['executive', 6],
  ['security_manager', 6],
];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function pickRole(rand: () => number): FacilityRole {
  const total = ROLE_WEIGHTS.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [role, w] of ROLE_WEIGHTS) {
    x -= w;
    if (x < 0) return role;
  }
  return 'staff';
}

async function countAudit(deps: Deps): Promise<number> {
  return (await listAuditEvents(deps, cliCaller('bench:seed'), { page: 1, pageSize: 1 })).total;
}

/** Generates the data set. Runs against any set-up database (SQLite or PostgreSQL). */
export async function seedBench(deps: Deps, options: SeedOptions, log: (s: string) => void = () => {}): Promise<SeedSummary> {
  const started = Date.now();
  const rand = prng(20260401);
  const admin: Caller = cliCaller('bench:seed');

  // Facilities: the set-up one plus generated hospitals, clinics and others across prefectures.
  const facilities: Facility[] = [await getFacilityByCode(deps, options.baseFacilityCode)];
  for (let i = 1; i < options.facilities; i++) {
    const kind = i % 5 === 0 ? pick(rand, FACILITY_KINDS) : 'hospital';
    facilities.push(
      await createFacility(deps, admin, {
        code: `BENCH-${String(i).padStart(3, '0')}`,
        name: `${pick(rand, PLACES)}${pick(rand, FACILITY_SUFFIX[kind])} ${i}`,
        kind,
        beds: kind === 'hospital' ? 50 + Math.floor(rand() * 750) : kind === 'nursing' ? 80 : null,
        prefecture: pick(rand, PREFECTURES),
        medicalInstitutionCode: null,
      }),
    );
  }
  log(`facilities: ${facilities.length}`);

  // Two hospital groups (医療法人) of a few facilities each.
  for (const [g, members] of [
    ['GRP-A', facilities.slice(0, 4)],
    ['GRP-B', facilities.slice(4, 7)],
  ] as const) {
    const group = await createGroup(deps, admin, { code: g, name: `医療法人 ${g}`, kind: 'corporation' });
    for (const f of members) await setGroupMembership(deps, admin, group.id, f.id, true);
  }

  // Users: spread over the facilities, one role each, some with a second role elsewhere.
  let roles = 0;
  const loginable: string[] = [];
  for (let i = 0; i < options.users; i++) {
    const home = facilities[i % facilities.length]!;
    const role = pickRole(rand);
    const userRoles = [{ role, facilityId: home.id }];
    if (rand() < 0.15 && facilities.length > 1) {
      const other = pick(rand, facilities.filter((f) => f.id !== home.id));
      userRoles.push({ role: rand() < 0.5 ? role : 'staff', facilityId: other.id });
    }
    const email = `u${String(i).padStart(4, '0')}@${home.code.toLowerCase()}.bench.example.jp`;
    await createUser(deps, admin, {
      email,
      displayName: `${pick(rand, SURNAMES)} ${pick(rand, GIVEN)}`,
      password: options.password,
      locale: rand() < 0.9 ? 'ja' : 'en',
      isAdmin: false,
      roles: userRoles,
    });
    roles += userRoles.length;
    if (role === 'staff' || role === 'it_staff' || role === 'vendor' || role === 'auditor') loginable.push(email);
    if ((i + 1) % 100 === 0) log(`users: ${i + 1}`);
  }

  // The bench users: staff in several facilities, and a security manager of the second facility.
  if (options.staffEmail) {
    const staff = await findUserByEmail(deps, options.staffEmail);
    if (!staff) throw new Error(`no user ${options.staffEmail}`);
    for (const f of facilities.slice(1, options.staffFacilities ?? 1)) {
      await grantRole(deps, admin, staff.id, { role: 'staff', facilityId: f.id });
      roles++;
    }
  }
  const managed = facilities[1] ?? facilities[0]!;
  if (options.securityManagerEmail) {
    await createUser(deps, admin, {
      email: options.securityManagerEmail,
      displayName: 'ベンチ 情報セキュリティ管理者',
      password: options.password,
      locale: 'ja',
      isAdmin: false,
      roles: [{ role: 'security_manager', facilityId: managed.id }],
    });
    roles++;
  }

  // Activity: successful logins (sessions) and a few mistyped passwords (one each, so no lockout).
  let sessions = 0;
  const anonymous = (n: number): Caller => ({ actor: null, ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, label: 'anonymous' });
  for (const [i, email] of loginable.slice(0, 300).entries()) {
    await login(deps, anonymous(i), email, options.password, 'Mozilla/5.0 (bench)');
    sessions++;
  }
  for (const [i, email] of loginable.slice(300, 400).entries()) {
    await login(deps, anonymous(1000 + i), email, `${options.password}x`, 'Mozilla/5.0 (bench)').catch((e: unknown) => {
      if (!(e instanceof AppError && e.code === 'INVALID_CREDENTIALS')) throw e;
    });
  }
  log(`sessions: ${sessions}`);

  // Everyday edits until the audit log holds at least the wanted number of events.
  let audit = await countAudit(deps);
  const emails = loginable.length > 0 ? loginable : [];
  for (let n = 0; audit < options.auditEvents; n++) {
    if (n % 5 === 0 || emails.length === 0) {
      const f = pick(rand, facilities);
      await updateFacility(deps, admin, f.id, { beds: 50 + Math.floor(rand() * 750) });
    } else {
      const user = await findUserByEmail(deps, pick(rand, emails));
      await updateUser(deps, admin, user!.id, rand() < 0.5 ? { locale: rand() < 0.5 ? 'ja' : 'en' } : { displayName: `${pick(rand, SURNAMES)} ${pick(rand, GIVEN)}` });
    }
    audit++;
  }
  audit = await countAudit(deps);
  log(`audit events: ${audit}`);

  return {
    facilityIds: facilities.map((f) => f.id),
    facilityCodes: facilities.map((f) => f.code),
    managedFacilityId: options.securityManagerEmail ? managed.id : null,
    users: options.users,
    roles,
    sessions,
    auditEvents: audit,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got "${raw}")`);
  return n;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(): Promise<void> {
  const password = await readStdin();
  if (!password) throw new Error('the password of the generated users is read from standard input');
  const rt = await startRuntime(loadConfig(process.env), { logger: createLogger('warn') });
  try {
    const summary = await seedBench(
      rt.deps,
      {
        baseFacilityCode: process.env.BENCH_BASE_FACILITY ?? 'BENCH-000',
        facilities: Math.max(1, intEnv('BENCH_FACILITIES', 20)),
        users: intEnv('BENCH_USERS', 500),
        auditEvents: intEnv('BENCH_AUDIT_EVENTS', 3000),
        password,
        ...(process.env.BENCH_STAFF_EMAIL && { staffEmail: process.env.BENCH_STAFF_EMAIL, staffFacilities: intEnv('BENCH_STAFF_FACILITIES', 5) }),
        ...(process.env.BENCH_SECURITY_MANAGER_EMAIL && { securityManagerEmail: process.env.BENCH_SECURITY_MANAGER_EMAIL }),
      },
      (s) => process.stderr.write(`[seed] ${s}\n`),
    );
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await rt.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`[seed] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
