import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/errors.ts';
import { FACILITY_ROLES, type FacilityRole } from '../../shared/roles.ts';
import type { TFacility } from '../../shared/contracts/facilities.contract.ts';
import { newId, randomToken, sha256Hex } from '../lib/ids.ts';
import { currentTotp } from '../modules/auth/index.ts';
import { insertAssetTx, insertFlowTx, insertSegmentTx } from '../modules/ledger/index.ts';
import { insertConnectionTx } from '../modules/connections/index.ts';
import { insertContactTx, insertContractTx, insertDocumentTx, putDocumentFile } from '../modules/vendors/index.ts';
import { buildTestApp, createTestEnv, DIALECTS, makeFacility, makeUser, SYSTEM, TestClient, TEST_PASSWORD, type TestEnv, userRowFor } from '../testing/harness.ts';
import type { AuthMode } from './auth.ts';
import { DEFAULT_VULN_POLICY } from '../../shared/vulns/domain.ts';
import { insertTestFinding } from '../modules/vulns/test-support.ts';
import { createActionInTrx } from '../modules/actions/index.ts';
import { frameworkItems } from '../../shared/assessments/framework.ts';
import { builtinFrameworks } from '../modules/assessments/frameworks/index.ts';
import { createAssessmentTx } from '../modules/assessments/index.ts';
import { createVendorLink } from '../modules/assessments/vendor-sheet.service.ts';
import { createFacilityFramework } from '../modules/assessments/frameworks/index.ts';
import { createAssessment } from '../modules/assessments/index.ts';
import { addEvidenceFile } from '../modules/assessments/index.ts';
import { insertContactEntryTx } from '../modules/incidents/index.ts';
import { createReportLinkTx, insertReportTx } from '../modules/incidents/index.ts';
import { addCaseTask, addTeamMember, closeCase, createCaseTx } from '../modules/incidents/index.ts';
import { addAffected, addComm, addObservable, addTimelineEntry } from '../modules/incidents/index.ts';
import { insertCaseRow } from '../modules/incidents/case.repository.ts';
import { CURRENT_LEGAL_CLOCK_RULES, NO_FACTS } from '../../shared/incidents/clock-rules.ts';
import { recordFiling } from '../modules/incidents/index.ts';
import { addEvidenceFile as addIncidentEvidenceFile, saveReview } from '../modules/incidents/index.ts';
import { nextCaseSeq } from '../modules/incidents/case.repository.ts';
import { createBackupPlanTx, recordRunTx } from '../modules/resilience/index.ts';
import { createBcpDraftTx, createExerciseTx } from '../modules/resilience/index.ts';
import { defaultBcpContent } from '../../shared/resilience/bcp.ts';
import { insertDrill } from '../modules/resilience/restore-drill.repository.ts';

/**
 * The authorization matrix: every /api/v1 route × every role × a target in the caller's own facility (A)
 * and in a foreign facility (B, where the caller holds no role), plus the anonymous caller.
 *
 * Conventions asserted here (and the reason for them):
 * - An object the caller cannot see at all (a foreign facility's facility/user, or a user they may not
 *   read) answers 404 NOT_FOUND, the same as an absent id, so ids of other hospitals are never confirmed.
 * - An object the caller can see but may not act on answers 403 FORBIDDEN.
 * - Deployment-wide actions (facility/group administration, MFA reset) are checked before any lookup and
 *   answer 403 uniformly, which confirms nothing about the target either.
 * - Filters naming a facility (`?facilityId=`) answer 403 when the caller lacks the permission there,
 *   again without looking the facility up.
 *
 * The table must list every route the running app serves under /api/v1: a new route without a row fails.
 */

const WHO = ['admin', 'group_admin', ...FACILITY_ROLES] as const;
type Who = (typeof WHO)[number];
type Side = 'own' | 'foreign';
type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** `ok` = any 2xx; otherwise the exact status and error code. */
type Outcome = 'ok' | `${number} ${ErrorCode}`;
const OK = 'ok';
const FORBIDDEN = '403 FORBIDDEN';
const NOT_FOUND = '404 NOT_FOUND';
const CONFLICT = '409 CONFLICT';
const UNAUTHENTICATED = '401 UNAUTHENTICATED';

/** Roles that must have TOTP; their test users are enrolled when they first log in. */
const MFA_ROLES: readonly Who[] = ['admin', 'group_admin', 'executive', 'security_manager'];

type Spec = Partial<Record<Outcome, readonly Who[] | '*'>>;

/** Expected outcome for every role; `'*'` takes all roles not named elsewhere. Throws on gaps or duplicates. */
function by(spec: Spec): Record<Who, Outcome> {
  const out: Partial<Record<Who, Outcome>> = {};
  let rest: Outcome | undefined;
  for (const [outcome, who] of Object.entries(spec) as [Outcome, readonly Who[] | '*'][]) {
    if (who === '*') {
      if (rest) throw new Error('two "*" entries');
      rest = outcome;
      continue;
    }
    for (const w of who) {
      if (out[w]) throw new Error(`${w} listed twice`);
      out[w] = outcome;
    }
  }
  for (const w of WHO) {
    if (out[w]) continue;
    if (!rest) throw new Error(`no expectation for ${w}`);
    out[w] = rest;
  }
  return out as Record<Who, Outcome>;
}
const everyone = (o: Outcome) => Object.fromEntries(WHO.map((w) => [w, o])) as Record<Who, Outcome>;

interface Target {
  url: string;
  body?: unknown;
  /** A raw body (file upload) instead of JSON. */
  upload?: { payload: string; contentType: string; method?: 'POST' | 'PUT' };
  /** Send the request with this client instead of the caller's shared one (e.g. a fresh session to log out). */
  as?: TestClient;
}

interface Case {
  side: Side;
  /** null = anonymous. */
  role: Who | null;
  client: TestClient;
}

interface Row {
  method: Method;
  /** The route as registered, e.g. `/api/v1/users/:id`. */
  path: string;
  /** The route's declared mode (checked against the app). */
  auth: AuthMode;
  /** Per role; `{own, foreign}` when the target lies in a facility. */
  expect: Record<Who, Outcome> | { own: Record<Who, Outcome>; foreign: Record<Who, Outcome> };
  /** Outcome without a session; default 401 UNAUTHENTICATED. */
  anonymous?: Outcome;
  /** Builds the request (fresh target objects where a success would change them). Default: GET/POST the path as is. */
  target?: (ctx: Ctx, c: Case) => Promise<Target> | Target;
}

interface Person {
  id: string;
  email: string;
}

interface Ctx {
  env: TestEnv;
  app: FastifyInstance;
  A: TFacility;
  B: TFacility;
  /** Group containing A (administered by the group_admin) and a group containing B. */
  GA: string;
  GB: string;
  users: Record<Who, Person>;
  /** A staff member of B (owner of the foreign API tokens, a user nobody in A may see). */
  ownerB: Person;
  clients: Record<Who, TestClient>;
  anon: TestClient;
  passwordHash: string;
  n: number;
}

const fac = (ctx: Ctx, side: Side) => (side === 'own' ? ctx.A : ctx.B);
const seq = (ctx: Ctx) => ++ctx.n;
const v1 = (p: string) => `/api/v1${p}`;

/** Each role gets its own source address, so the login/MFA rate limiter (per address) is not what this test measures. */
function withIp(app: FastifyInstance, ip: string): FastifyInstance {
  return new Proxy(app, {
    get(target, prop) {
      if (prop === 'inject') return (opts: Record<string, unknown>) => target.inject({ ...opts, remoteAddress: ip } as never);
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
const ipOf = (who: Who | null) => (who === null ? '10.0.0.254' : `10.0.0.${WHO.indexOf(who) + 1}`);
const clientFor = (ctx: Ctx, who: Who | null) => new TestClient(withIp(ctx.app, ipOf(who)), ctx.env);

/** A user with one facility role, inserted directly (no password hashing) so that fresh targets are cheap. */
async function insertTarget(ctx: Ctx, facilityId: string, role: FacilityRole = 'staff'): Promise<{ id: string; grantId: string }> {
  const id = newId();
  const grantId = newId();
  const now = ctx.env.clock.now().toISOString();
  await ctx.env.deps.db
    .insertInto('users')
    .values(userRowFor(now, { id, email: `target-${seq(ctx)}@matrix.jp`, display_name: 'target', password_hash: ctx.passwordHash }))
    .execute();
  await ctx.env.deps.db.insertInto('user_roles').values({ id: grantId, user_id: id, role, facility_id: facilityId, group_id: null, created_at: now }).execute();
  return { id, grantId };
}

async function insertToken(ctx: Ctx, userId: string): Promise<string> {
  const id = newId();
  const now = ctx.env.clock.now();
  await ctx.env.deps.db
    .insertInto('api_tokens')
    .values({
      id,
      user_id: userId,
      name: 'matrix',
      token_hash: sha256Hex(`mmr_matrix_${randomToken(16)}`),
      prefix: 'mmr_matrix',
      scopes: JSON.stringify(['facilities:read']),
      facility_id: null,
      expires_at: new Date(now.getTime() + 86_400_000).toISOString(),
      last_used_at: null,
      created_at: now.toISOString(),
      revoked_at: null,
    })
    .execute();
  return id;
}

/** A facility created for one case and put into a group. */
async function facilityInGroup(ctx: Ctx, groupId: string): Promise<string> {
  const f = await makeFacility(ctx.env, `T${seq(ctx)}`);
  await ctx.env.deps.db.insertInto('facility_group_members').values({ group_id: groupId, facility_id: f.id }).execute();
  return f.id;
}

/** A fresh user in the side's facility, for routes acting on `/users/:id`. */
const userTarget =
  (suffix: string, body?: (ctx: Ctx, side: Side) => unknown) =>
  async (ctx: Ctx, c: Case): Promise<Target> => {
    const t = await insertTarget(ctx, fac(ctx, c.side).id);
    return { url: v1(`/users/${t.id}${suffix.replace(':grantId', t.grantId)}`), body: body?.(ctx, c.side) };
  };

// Expectations shared by routes with the same rule.
/** Read of a facility's users/audit: user.read / audit.read holders (security manager, auditor, executive). */
const READERS = ['admin', 'group_admin', 'executive', 'security_manager', 'auditor'] as const;
const MANAGERS = ['admin', 'group_admin', 'security_manager'] as const;
/** Acting on one user: invisible → 404, visible but not manageable → 403. */
const MANAGE_USER = {
  own: by({ [OK]: MANAGERS, [FORBIDDEN]: ['executive', 'auditor'], [NOT_FOUND]: '*' }),
  foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }),
};
/** A facility filter on a list: permission there or 403 (no lookup, so nothing is confirmed). */
const FILTERED_READ = { own: by({ [OK]: READERS, [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [FORBIDDEN]: '*' }) };
const ADMIN_ONLY = by({ [OK]: ['admin'], [FORBIDDEN]: '*' });
const ADMIN_ONLY_SIDES = { own: ADMIN_ONLY, foreign: ADMIN_ONLY };

// --- ledger fixtures: records created directly through the services' transaction helpers ---------
const ledgerIds = (ctx: Ctx, side: Side) => `/facilities/${fac(ctx, side).id}`;
async function ledgerAsset(ctx: Ctx, side: Side): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const a = await ctx.env.deps.db.transaction().execute((trx) => insertAssetTx(ctx.env.deps, trx, SYSTEM, facilityId, { name: `asset-${seq(ctx)}`, type: 'server', criticality: 3, ips: [], macs: [], tags: [], holdsPatientData: false, exposure: 'internal' }));
  return a.id;
}
async function ledgerSegment(ctx: Ctx, side: Side): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const s = await ctx.env.deps.db.transaction().execute((trx) => insertSegmentTx(ctx.env.deps, trx, SYSTEM, facilityId, { name: `seg-${seq(ctx)}`, purpose: 'other', cidrs: [] }));
  return s.id;
}
async function ledgerFlow(ctx: Ctx, side: Side): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const [from, to] = [await ledgerSegment(ctx, side), await ledgerSegment(ctx, side)];
  const f = await ctx.env.deps.db.transaction().execute((trx) => insertFlowTx(ctx.env.deps, trx, SYSTEM, facilityId, { fromSegmentId: from, toSegmentId: to }));
  return f.id;
}
/** One long-lived record per facility and kind, for routes that read or update without using it up. */
const shared = new Map<string, Promise<string>>();
const sharedLedger = (ctx: Ctx, side: Side, kind: 'asset' | 'segment' | 'flow'): Promise<string> => {
  const key = `${fac(ctx, side).id}:${kind}`;
  if (!shared.has(key)) shared.set(key, kind === 'asset' ? ledgerAsset(ctx, side) : kind === 'segment' ? ledgerSegment(ctx, side) : ledgerFlow(ctx, side));
  return shared.get(key)!;
};
/** Whole-facility ledger reads (segments, flows, exports): every facility role but vendor (vendors read only their own vendors' records: VENDOR_VIEW). */
const LEDGER_READ = {
  own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'staff', 'auditor'], [FORBIDDEN]: ['vendor'] }),
  foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }),
};
/** Ledger writes: IT staff, security manager and the administrators over the facility. */
const LEDGER_WRITE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };

// --- connections (外部接続) fixtures — helper A's section ------------------------------------------
/** Vendors per facility: `own` is linked to the matrix's vendor user (in A only), `other` is not. */
const connectionVendors = new Map<string, Promise<string>>();
async function insertMatrixVendor(ctx: Ctx, facilityId: string, linkUserId: string | null): Promise<string> {
  const id = newId();
  const now = ctx.env.clock.now().toISOString();
  await ctx.env.deps.db
    .insertInto('vendors')
    .values({ id, facility_id: facilityId, name: `matrix-vendor-${seq(ctx)}`, name_kana: null, corporate_number: null, address: null, phone: null, email: null, website: null, notes: null, checklist_assessment_id: null, created_at: now, updated_at: now, deleted_at: null })
    .execute();
  if (linkUserId) await ctx.env.deps.db.insertInto('vendor_users').values({ vendor_id: id, user_id: linkUserId, facility_id: facilityId, created_at: now }).execute();
  return id;
}
const connectionVendor = (ctx: Ctx, side: Side, which: 'own' | 'other'): Promise<string> => {
  const key = `${fac(ctx, side).id}:${which}`;
  if (!connectionVendors.has(key)) connectionVendors.set(key, insertMatrixVendor(ctx, fac(ctx, side).id, side === 'own' && which === 'own' ? ctx.users.vendor.id : null));
  return connectionVendors.get(key)!;
};
/** A fresh connection of one of the side's vendors, in a given status. */
async function matrixConnection(ctx: Ctx, side: Side, which: 'own' | 'other', status: 'requested' | 'approved' | 'rejected' = 'requested'): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const vendorId = await connectionVendor(ctx, side, which);
  const input = { name: `conn-${seq(ctx)}`, vendorId, kind: 'ssl_vpn' as const, auth: 'mfa' as const, accountMode: 'named' as const, targetAssetIds: [], internetFacing: false, allowedDays: [], reviewIntervalMonths: 12 };
  const c = await ctx.env.deps.db.transaction().execute((trx) => insertConnectionTx(ctx.env.deps, trx, SYSTEM, facilityId, input, status === 'requested' ? {} : { lifecycle: { status } }));
  return c.id;
}
const sharedConnections = new Map<string, Promise<string>>();
const sharedConnection = (ctx: Ctx, side: Side, which: 'own' | 'other'): Promise<string> => {
  const key = `${fac(ctx, side).id}:${which}`;
  if (!sharedConnections.has(key)) sharedConnections.set(key, matrixConnection(ctx, side, which));
  return sharedConnections.get(key)!;
};
const connectionsUrl = (ctx: Ctx, side: Side, suffix = '') => v1(`/facilities/${fac(ctx, side).id}/connections${suffix}`);
const FOREIGN_ADMIN_ONLY = by({ [OK]: ['admin'], [NOT_FOUND]: '*' });
/** Reads that admit vendor users (who see only their own vendors' lines). */
const CONNECTION_VIEW = { own: everyone(OK), foreign: FOREIGN_ADMIN_ONLY };
/** Another vendor's line: the vendor user cannot see it at all. */
const CONNECTION_VIEW_OTHER_VENDOR = { own: by({ [NOT_FOUND]: ['vendor'], [OK]: '*' }), foreign: FOREIGN_ADMIN_ONLY };
/** 申請, changes to a request and 再申請: connection.request (vendor for their own vendor, security manager, IT staff) or ledger.write. */
const CONNECTION_REQUEST = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff', 'vendor'], [FORBIDDEN]: '*' }), foreign: FOREIGN_ADMIN_ONLY };
/** 承認/却下: connection.approve (security manager; administrators hold every facility permission). */
const CONNECTION_APPROVE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: FOREIGN_ADMIN_ONLY };

// --- vendors (委託事業者) fixtures — helper B's section --------------------------------------------
/** Reads that admit vendor users (their own vendors' records only; lists are filtered). */
const VENDOR_VIEW = { own: everyone(OK), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** A record outside the vendor user's view (another vendor's): it does not exist for them. */
const VENDOR_VIEW_OUTSIDE = { own: by({ [NOT_FOUND]: ['vendor'], [OK]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** Linking users to a vendor: user.manage (security manager; administrators). */
const VENDOR_USERS_SET = { own: by({ [OK]: MANAGERS, [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
const vendorsUrl = (ctx: Ctx, side: Side, suffix = '') => v1(`/facilities/${fac(ctx, side).id}/vendors${suffix}`);
/** A fresh vendor nobody is linked to (for routes that use it up). */
const freshVendor = (ctx: Ctx, side: Side) => insertMatrixVendor(ctx, fac(ctx, side).id, null);
/** A fresh contact, contract or document (with a PDF when `withFile`) of the side's `own` vendor (linked to the vendor user in A). */
async function vendorChild(ctx: Ctx, side: Side, kind: 'contact' | 'contract' | 'document', withFile = false): Promise<{ vendorId: string; id: string }> {
  const facilityId = fac(ctx, side).id;
  const vendorId = await connectionVendor(ctx, side, 'own');
  const { deps } = ctx.env;
  const id = await deps.db.transaction().execute(async (trx) => {
    if (kind === 'contact') return (await insertContactTx(deps, trx, SYSTEM, facilityId, vendorId, { name: `contact-${seq(ctx)}`, emergency24h: false })).id;
    if (kind === 'contract') return (await insertContractTx(deps, trx, SYSTEM, facilityId, vendorId, { title: `contract-${seq(ctx)}`, autoRenew: false, clauses: [] })).id;
    return (await insertDocumentTx(deps, trx, SYSTEM, facilityId, vendorId, { kind: 'mds', subject: `doc-${seq(ctx)}`, receivedOn: '2026-03-01' })).id;
  });
  if (withFile) await putDocumentFile(deps, SYSTEM, facilityId, vendorId, id, { bytes: Buffer.from(MATRIX_PDF, 'latin1'), contentType: 'application/pdf', fileName: 'mds.pdf' });
  return { vendorId, id };
}
const MATRIX_PDF = '%PDF-1.7\nmatrix\n%%EOF\n';
const sharedDocuments = new Map<string, Promise<{ vendorId: string; id: string }>>();
const sharedDocument = (ctx: Ctx, side: Side) => {
  const key = fac(ctx, side).id;
  if (!sharedDocuments.has(key)) sharedDocuments.set(key, vendorChild(ctx, side, 'document', true));
  return sharedDocuments.get(key)!;
};

// --- vulnerabilities (脆弱性), feeds and notifications — helper E's section -------------------------
const vulnsUrl = (ctx: Ctx, side: Side, suffix = '') => v1(`/facilities/${fac(ctx, side).id}/vulns${suffix}`);
/** A fresh finding of the side's shared asset (written directly), for routes that change or read one. */
async function matrixFinding(ctx: Ctx, side: Side): Promise<string> {
  return insertTestFinding(ctx.env, fac(ctx, side).id, await sharedLedger(ctx, side, 'asset'), `CVE-2099-${String(10000 + seq(ctx))}`);
}
const sharedFindings = new Map<string, Promise<string>>();
const sharedFinding = (ctx: Ctx, side: Side): Promise<string> => {
  const key = fac(ctx, side).id;
  if (!sharedFindings.has(key)) sharedFindings.set(key, matrixFinding(ctx, side));
  return sharedFindings.get(key)!;
};
/** A KEV entry so that the deployment-wide vulnerability record exists. */
const matrixKev = new WeakMap<TestEnv, Promise<unknown>>();
const ensureMatrixKev = (ctx: Ctx): Promise<unknown> => {
  const done = matrixKev.get(ctx.env);
  if (done) return done;
  const p = ctx.env.deps.db
    .insertInto('kev_entries')
    .values({ cve_id: 'CVE-2099-0001', vendor_project: 'Test', product: 'Thing', name: 'Matrix', date_added: '2026-03-01', short_description: 'x', required_action: 'x', due_date: '2026-03-22', ransomware: 0, notes: null, cwes: '[]', catalog_version: null, feed_import_id: null })
    .execute();
  matrixKev.set(ctx.env, p);
  return p;
};
/** vuln.read: executive, security manager, IT staff, auditor (not staff, not vendor). */
const VULN_READ = {
  own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [FORBIDDEN]: '*' }),
  foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }),
};
const VULN_TRIAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
const VULN_ACCEPT = { own: by({ [OK]: ['admin', 'group_admin', 'executive'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
const VULN_POLICY = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };

// --- actions (対応アクション) and vendor sheets (事業者確認用) — issue 5 helper E's section ---------------
const actionsUrl = (ctx: Ctx, side: Side) => v1(`/facilities/${fac(ctx, side).id}/actions`);
/** A fresh action of the side's facility, written through the module's transaction helper. */
async function matrixAction(ctx: Ctx, side: Side): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const a = await ctx.env.deps.db.transaction().execute((trx) => createActionInTrx(ctx.env.deps, trx, SYSTEM, facilityId, { title: `action-${seq(ctx)}`, source: { type: 'manual' } }));
  return a.id;
}
/** action.read: executive, security manager, IT staff, auditor. */
const ACTION_READ = {
  own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [FORBIDDEN]: '*' }),
  foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }),
};
/** action.write: security manager, IT staff. */
const ACTION_WRITE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** The newest shipped vendor sheet (事業者確認用). */
const matrixVendorDef = () => {
  const defs = builtinFrameworks().map((e) => e.definition).filter((d) => d.sheet === 'vendor');
  return defs.sort((a, b) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0))[0]!;
};
/**
 * A fresh vendor sheet of a fresh vendor of the side's facility (in A linked to the matrix's vendor user), optionally
 * with every item answered and in a given status (written directly).
 */
async function matrixVendorSheet(ctx: Ctx, side: Side, options: { complete?: boolean; status?: 'in_progress' | 'submitted' } = {}): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const { deps } = ctx.env;
  const vendorId = await insertMatrixVendor(ctx, facilityId, side === 'own' ? ctx.users.vendor.id : null);
  const def = matrixVendorDef();
  const row = await deps.db.transaction().execute((trx) => createAssessmentTx(deps, trx, SYSTEM, facilityId, { frameworkId: def.id, version: def.version, vendorId }));
  const now = ctx.env.clock.now().toISOString();
  if (options.complete || options.status === 'submitted') {
    const answers = frameworkItems(def).map((item) => ({
      id: newId(), facility_id: facilityId, assessment_id: row.id, item_id: item.id, answer: 'yes', checked_on: now.slice(0, 10), target_on: null,
      responsible: null, comment: null, carried_over: 0, updated_by: null, updated_by_label: 'matrix', created_at: now, updated_at: now,
    }));
    await deps.db.insertInto('assessment_answers').values(answers).execute();
  }
  if (options.status === 'submitted') await deps.db.updateTable('assessments').set({ status: 'submitted', submitted_at: now }).where('id', '=', row.id).execute();
  return row.id;
}
const sharedVendorSheets = new Map<string, Promise<string>>();
const sharedVendorSheet = (ctx: Ctx, side: Side): Promise<string> => {
  const key = fac(ctx, side).id;
  if (!sharedVendorSheets.has(key)) sharedVendorSheets.set(key, matrixVendorSheet(ctx, side));
  return sharedVendorSheets.get(key)!;
};
/** A fresh link (token) to a sheet, issued by the command line's caller. */
async function matrixLink(ctx: Ctx, assessmentId: string): Promise<{ id: string; token: string }> {
  const created = await createVendorLink(ctx.env.deps, SYSTEM, assessmentId, { expiresInDays: 7 });
  return { id: created.link.id, token: created.token };
}
/**
 * assessment.manage on a vendor sheet of the vendor user's own vendor: the vendor user reads it but may not manage it
 * (403); roles without assessment.read get 403 too.
 */
const VENDOR_SHEET_MANAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** 提出 of a complete sheet: the vendor's own user, or the hospital's manager on its behalf. */
const VENDOR_SHEET_SUBMIT = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'vendor'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };

// --- frameworks (フレームワーク) — issue 5 helper A's section -------------------------------------------
/** A small custom framework file with a fresh id. */
const matrixFrameworkYaml = (ctx: Ctx) =>
  [
    `id: matrix-${seq(ctx)}`,
    'version: v1',
    'title: { ja: 点検表, en: Checklist }',
    'publisher: { ja: 当院, en: Us }',
    'sections:',
    '  - id: s',
    '    title: { ja: 区分, en: Section }',
    '    items:',
    '      - { id: i, number: "1", text: { ja: 項目, en: Item }, verified: true }',
    '',
  ].join('\n');
const FRAMEWORK_UPLOAD = (ctx: Ctx) => ({ payload: matrixFrameworkYaml(ctx), contentType: 'application/yaml' });
/** A fresh custom framework of the side's facility, added through the service. */
async function matrixCustomFramework(ctx: Ctx, side: Side): Promise<string> {
  const d = await createFacilityFramework(ctx.env.deps, SYSTEM, fac(ctx, side).id, Buffer.from(matrixFrameworkYaml(ctx)), 'matrix.yaml');
  return d.summary.recordId!;
}
/** Frameworks a facility adds or deletes: assessment.manage (security manager; administrators over the facility). */
const FRAMEWORK_MANAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** Reading frameworks with a facility filter: anyone who reaches the facility. */
const FRAMEWORK_FACILITY_READ = { own: everyone(OK), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };

// --- assessment export (立入検査用の出力) — issue 5 helper F's section ----------------------------------
/** One general-sheet assessment per facility (a small custom framework of its own), shared by the export rows. */
const exportAssessments = new Map<string, Promise<string>>();
const exportAssessment = (ctx: Ctx, side: Side): Promise<string> => {
  const facilityId = fac(ctx, side).id;
  if (!exportAssessments.has(facilityId)) {
    const yaml = [
      'id: matrix-export',
      'version: v1',
      'title: { ja: 出力用点検表, en: Export checklist }',
      'publisher: { ja: 当院, en: Us }',
      'sections:',
      '  - id: s',
      '    title: { ja: 区分, en: Section }',
      '    items:',
      '      - { id: i, number: "1", text: { ja: 項目, en: Item }, verified: true }',
      '',
    ].join('\n');
    exportAssessments.set(
      facilityId,
      (async () => {
        await createFacilityFramework(ctx.env.deps, SYSTEM, facilityId, Buffer.from(yaml), 'matrix-export.yaml');
        return (await createAssessment(ctx.env.deps, SYSTEM, facilityId, { frameworkId: 'matrix-export', version: 'v1' })).assessment.id;
      })(),
    );
  }
  return exportAssessments.get(facilityId)!;
};
/** assessment.read (executive, security manager, IT staff, auditor); a vendor user sees no hospital or general sheet (404). */
const ASSESSMENT_EXPORT = {
  own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [NOT_FOUND]: ['vendor'], [FORBIDDEN]: '*' }),
  foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }),
};

// --- assessments core (現状調査) — issue 5 helper C's section -------------------------------------------
/** A custom framework YAML: a hospital sheet (gate + item `one`) or a vendor sheet (item `one`). */
const coreYaml = (id: string, version: string, sheet: 'hospital' | 'vendor') =>
  [
    `id: ${id}`,
    `version: ${version}`,
    'title: { ja: 現状調査（行列）, en: Matrix assessment }',
    'publisher: { ja: 当院, en: Us }',
    'fiscalYear: 2025',
    `sheet: ${sheet}`,
    ...(sheet === 'hospital' ? ['gate: { id: gate, number: "0", text: { ja: 医療情報システムを導入、運用している, en: Runs systems }, verified: true }'] : []),
    'sections:',
    '  - id: s',
    '    title: { ja: 区分, en: Section }',
    '    items:',
    '      - { id: one, number: "1", text: { ja: 項目, en: Item }, verified: true }',
    '',
  ].join('\n');
/** The core's frameworks in each facility (once): matrix-core v1 (hospital), matrix-core-vendor v1 and v2. */
const coreFrameworkSetups = new Map<string, Promise<void>>();
const coreFrameworks = (ctx: Ctx, side: Side): Promise<void> => {
  const facilityId = fac(ctx, side).id;
  if (!coreFrameworkSetups.has(facilityId)) {
    coreFrameworkSetups.set(
      facilityId,
      (async () => {
        for (const [id, version, sheet] of [['matrix-core', 'v1', 'hospital'], ['matrix-core-vendor', 'v1', 'vendor'], ['matrix-core-vendor', 'v2', 'vendor']] as const) {
          await createFacilityFramework(ctx.env.deps, SYSTEM, facilityId, Buffer.from(coreYaml(id, version, sheet)), `${id}-${version}.yaml`);
        }
      })(),
    );
  }
  return coreFrameworkSetups.get(facilityId)!;
};
/** One hospital assessment per facility, never complete (item `one` stays unanswered), shared by the core's rows. */
const coreHospitals = new Map<string, Promise<string>>();
const coreHospital = (ctx: Ctx, side: Side): Promise<string> => {
  const facilityId = fac(ctx, side).id;
  if (!coreHospitals.has(facilityId)) {
    coreHospitals.set(
      facilityId,
      (async () => {
        await coreFrameworks(ctx, side);
        return (await ctx.env.deps.db.transaction().execute((trx) => createAssessmentTx(ctx.env.deps, trx, SYSTEM, facilityId, { frameworkId: 'matrix-core', version: 'v1' }))).id;
      })(),
    );
  }
  return coreHospitals.get(facilityId)!;
};
/** A fresh vendor sheet (v1) of a fresh vendor nobody is linked to. */
async function coreVendorSheet(ctx: Ctx, side: Side): Promise<string> {
  const facilityId = fac(ctx, side).id;
  await coreFrameworks(ctx, side);
  const vendorId = await insertMatrixVendor(ctx, facilityId, null);
  return (await ctx.env.deps.db.transaction().execute((trx) => createAssessmentTx(ctx.env.deps, trx, SYSTEM, facilityId, { frameworkId: 'matrix-core-vendor', version: 'v1', vendorId }))).id;
}
/** A fresh evidence file on item `one` of the shared hospital assessment. */
async function coreEvidence(ctx: Ctx, side: Side): Promise<{ assessmentId: string; id: string }> {
  const assessmentId = await coreHospital(ctx, side);
  const e = await addEvidenceFile(ctx.env.deps, SYSTEM, assessmentId, { itemId: 'one', bytes: Buffer.from(`matrix-${seq(ctx)}`), fileName: 'matrix.txt', contentType: 'text/plain' });
  return { assessmentId, id: e.id };
}
const coreEvidenceShared = new Map<string, Promise<{ assessmentId: string; id: string }>>();
const sharedCoreEvidence = (ctx: Ctx, side: Side) => {
  const key = fac(ctx, side).id;
  if (!coreEvidenceShared.has(key)) coreEvidenceShared.set(key, coreEvidence(ctx, side));
  return coreEvidenceShared.get(key)!;
};
const CORE_READERS = ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'] as const;
const CORE_FOREIGN = by({ [OK]: ['admin'], [NOT_FOUND]: '*' });
/** The facility's list: assessment.read; a vendor user gets its own vendors' sheets (here none); staff 403. */
const CORE_LIST = { own: by({ [OK]: [...CORE_READERS, 'vendor'], [FORBIDDEN]: '*' }), foreign: CORE_FOREIGN };
/** A hospital sheet: assessment.read; it does not exist for a vendor user (404). */
const CORE_READ = { own: by({ [OK]: CORE_READERS, [NOT_FOUND]: ['vendor'], [FORBIDDEN]: '*' }), foreign: CORE_FOREIGN };
/** assessment.answer: security manager, IT staff. */
const CORE_ANSWER = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [NOT_FOUND]: ['vendor'], [FORBIDDEN]: '*' }), foreign: CORE_FOREIGN };
/** assessment.manage on a sheet of a vendor the vendor user is not linked to (404 for them). */
const CORE_MANAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [NOT_FOUND]: ['vendor'], [FORBIDDEN]: '*' }), foreign: CORE_FOREIGN };
/** Starting an assessment: assessment.manage, checked before any lookup. */
const CORE_CREATE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: CORE_FOREIGN };
/** The manager's signature: permitted callers reach the completeness check (the shared sheet is never complete). */
const CORE_SIGN = {
  own: by({ '400 VALIDATION_FAILED': ['admin', 'group_admin', 'security_manager'], [NOT_FOUND]: ['vendor'], [FORBIDDEN]: '*' }),
  foreign: by({ '400 VALIDATION_FAILED': ['admin'], [NOT_FOUND]: '*' }),
};
/** An action from an item: action.write (security manager, IT staff) on a sheet the caller reads. */
const CORE_ACTION = CORE_ANSWER;

// --- contact chart (連絡体制図) — issue 6 helper I1's section ----------------------------------------------
/** A fresh entry of the side's contact chart, written through the module's transaction helper. */
async function matrixContactEntry(ctx: Ctx, side: Side, entrySide: 'internal' | 'external' = 'internal'): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const input = entrySide === 'internal' ? { side: entrySide, kind: 'it' as const, roleLabel: `matrix-${seq(ctx)}`, phone: '090-0000-0000' } : { side: entrySide, kind: 'isp' as const, roleLabel: `matrix-${seq(ctx)}`, phone: '0120-000-000' };
  const e = await ctx.env.deps.db.transaction().execute((trx) => insertContactEntryTx(ctx.env.deps, trx, SYSTEM, facilityId, input));
  return e.id;
}
/** The only external entry of each facility's chart (the order row lists it; no other row adds external entries). */
const sharedExternalContacts = new Map<string, Promise<string>>();
const sharedExternalContact = (ctx: Ctx, side: Side): Promise<string> => {
  const key = fac(ctx, side).id;
  if (!sharedExternalContacts.has(key)) sharedExternalContacts.set(key, matrixContactEntry(ctx, side, 'external'));
  return sharedExternalContacts.get(key)!;
};
const contactChartUrl = (ctx: Ctx, side: Side, suffix = '') => v1(`/facilities/${fac(ctx, side).id}/contact-chart${suffix}`);
/** contacts.read: executive, security manager, IT staff, staff, auditor (not vendor). */
const CONTACTS_READ = { own: by({ [FORBIDDEN]: ['vendor'], [OK]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** contacts.write: the security manager (administrators hold every facility permission). */
const CONTACTS_WRITE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
// (end of helper I1's issue 6 fixtures)
// --- playbooks (対応手順書) — issue 6 helper H7's section -------------------------------------------------
const playbooksUrl = (ctx: Ctx, side: Side, suffix = '') => v1(`/facilities/${fac(ctx, side).id}/playbooks${suffix}`);
/** A valid full definition of the `other` category (each save of the same content is a no-op that still answers 200). */
const MATRIX_PLAYBOOK = {
  id: 'matrix-other',
  version: 'x',
  category: 'other',
  title: { ja: '試験用の手順書', en: 'Matrix playbook' },
  items: [{ id: 'matrix-step', phase: 'detection', title: { ja: '切り離す', en: 'Isolate' }, ownerRole: 'technical' }],
};
/** incident.read: executive, security manager, IT staff, auditor (administrators hold every facility permission). */
const PLAYBOOK_READ = { own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** incident.manage: the security manager. */
const PLAYBOOK_MANAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
// (end of helper H7's issue 6 fixtures)

// --- incident cases (インシデント案件) — issue 6 helper H2's section ---------------------------------------------
/** A fresh case in the side's facility (opened through the module's transaction helper), optionally closed. */
async function matrixCase(ctx: Ctx, side: Side, closed = false): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const { id } = await ctx.env.deps.db.transaction().execute((trx) => createCaseTx(ctx.env.deps, trx, SYSTEM, facilityId, { title: `matrix-case-${seq(ctx)}`, category: 'other', discoveredAt: new Date(ctx.env.clock.now().getTime() - 86_400_000).toISOString() }));
  if (closed) await closeCase(ctx.env.deps, SYSTEM, id);
  return id;
}
/** One long-lived open case per facility, for routes that read or change it without closing it. */
const sharedCases = new Map<string, Promise<string>>();
const sharedCase = (ctx: Ctx, side: Side): Promise<string> => {
  const key = fac(ctx, side).id;
  if (!sharedCases.has(key)) sharedCases.set(key, matrixCase(ctx, side));
  return sharedCases.get(key)!;
};
/** A fresh task added by hand to the side's shared case. */
async function matrixTask(ctx: Ctx, side: Side): Promise<string> {
  return (await addCaseTask(ctx.env.deps, SYSTEM, await sharedCase(ctx, side), { phase: 'detection', title: `matrix-task-${seq(ctx)}` })).id;
}
/** A fresh 対策本部 member of the side's shared case. */
async function matrixTeamMember(ctx: Ctx, side: Side): Promise<string> {
  return (await addTeamMember(ctx.env.deps, SYSTEM, await sharedCase(ctx, side), { role: 'other', name: `matrix-member-${seq(ctx)}` })).id;
}
const casesUrl = (ctx: Ctx, side: Side) => v1(`/facilities/${fac(ctx, side).id}/incidents`);
/** incident.read: executive, security manager, IT staff, auditor (not staff, not vendor). */
const INCIDENT_READ = { own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** incident.write: security manager, IT staff. */
const INCIDENT_WRITE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** incident.manage (close, reopen): the security manager. */
const INCIDENT_MANAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
// (end of helper H2's issue 6 fixtures)
// --- case records (timeline, affected, observables, comms) — issue 6 helper H3's section -----------------------
/** One open case per facility for the records rows, written straight into the table. */
const recordCases = new Map<string, Promise<string>>();
const recordCase = (ctx: Ctx, side: Side): Promise<string> => {
  const facilityId = fac(ctx, side).id;
  if (!recordCases.has(facilityId)) {
    recordCases.set(
      facilityId,
      (async () => {
        const id = newId();
        const now = ctx.env.clock.now().toISOString();
        await insertCaseRow(ctx.env.deps.db, {
          id,
          facility_id: facilityId,
          seq: 9000 + seq(ctx),
          title: 'matrix records case',
          category: 'other',
          severity: 'medium',
          tlp: 'amber',
          phase: 'detection',
          status: 'open',
          discovered_at: now,
          facts: JSON.stringify(NO_FACTS),
          clock_rules_version: CURRENT_LEGAL_CLOCK_RULES.version,
          summary: '{}',
          created_at: now,
          updated_at: now,
        });
        return id;
      })(),
    );
  }
  return recordCases.get(facilityId)!;
};
const recordUrl = async (ctx: Ctx, side: Side, suffix: string) => v1(`/incidents/${await recordCase(ctx, side)}/${suffix}`);
/** A time safely in the past of the test clock. */
const recordTime = (ctx: Ctx) => new Date(ctx.env.clock.now().getTime() - 3_600_000).toISOString();
/** Fresh records of the side's case, written through the services as the system caller. */
const matrixRecord = {
  timeline: async (ctx: Ctx, side: Side) => (await addTimelineEntry(ctx.env.deps, SYSTEM, await recordCase(ctx, side), { occurredAt: recordTime(ctx), kind: 'note', text: `matrix-${seq(ctx)}` })).id,
  affected: async (ctx: Ctx, side: Side) => (await addAffected(ctx.env.deps, SYSTEM, await recordCase(ctx, side), { targetType: 'asset', targetId: await ledgerAsset(ctx, side) })).id,
  observable: async (ctx: Ctx, side: Side) => (await addObservable(ctx.env.deps, SYSTEM, await recordCase(ctx, side), { type: 'domain', value: `matrix-${seq(ctx)}.example` })).id,
  comm: async (ctx: Ctx, side: Side) =>
    (await addComm(ctx.env.deps, SYSTEM, await recordCase(ctx, side), { occurredAt: recordTime(ctx), direction: 'outgoing', channel: 'phone', party: 'matrix', summary: `matrix-${seq(ctx)}` })).id,
};
/** incident.read on the case's facility: executive, security manager, IT staff, auditor (not staff, not vendor). */
const RECORDS_READ = { own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** incident.write on the case's facility: security manager, IT staff. */
const RECORDS_WRITE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
// (end of helper H3's issue 6 fixtures)
// --- incident reports (インシデントかも?) — issue 6 helper H1's section ------------------------------------------
const MATRIX_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
/** A fresh `new` report of the side's facility, by nobody in particular (so a staff member does not see it as their own). */
async function matrixReport(ctx: Ctx, side: Side, withPhoto = false): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const draft = {
    channel: 'cli' as const,
    what: `matrix-${seq(ctx)}`,
    where: null,
    assetId: null,
    occurredAt: null,
    reporterUserId: null,
    reporterName: null,
    reporterContact: null,
    linkId: null,
    photo: withPhoto ? { bytes: MATRIX_PNG, contentType: 'image/png' as const, fileName: 'matrix.png' } : null,
  };
  return (await ctx.env.deps.db.transaction().execute((trx) => insertReportTx(ctx.env.deps, trx, SYSTEM, facilityId, draft))).id;
}
/** One report with a photo per facility, for the read-only rows. */
const sharedReports = new Map<string, Promise<string>>();
const sharedReport = (ctx: Ctx, side: Side): Promise<string> => {
  const key = fac(ctx, side).id;
  if (!sharedReports.has(key)) sharedReports.set(key, matrixReport(ctx, side, true));
  return sharedReports.get(key)!;
};
/** One open case per facility that reports are merged into. */
const reportMergeCases = new Map<string, Promise<string>>();
const reportMergeCase = (ctx: Ctx, side: Side): Promise<string> => {
  const facilityId = fac(ctx, side).id;
  if (!reportMergeCases.has(facilityId))
    reportMergeCases.set(
      facilityId,
      ctx.env.deps.db
        .transaction()
        .execute((trx) => createCaseTx(ctx.env.deps, trx, SYSTEM, facilityId, { title: 'matrix merge target', category: 'other', discoveredAt: '2026-04-01T00:00:00Z' }))
        .then((c) => c.id),
    );
  return reportMergeCases.get(facilityId)!;
};
/** A fresh report link of the side's facility (replacing the previous one); returns its token. */
async function matrixReportLink(ctx: Ctx, side: Side): Promise<string> {
  const facilityId = fac(ctx, side).id;
  return (await ctx.env.deps.db.transaction().execute((trx) => createReportLinkTx(ctx.env.deps, trx, SYSTEM, facilityId))).token;
}
/** The public rows use the link of a facility of their own, which no other row replaces. */
const publicReportTokens = new WeakMap<TestEnv, Promise<string>>();
const sharedPublicReportToken = (ctx: Ctx): Promise<string> => {
  if (!publicReportTokens.has(ctx.env))
    publicReportTokens.set(
      ctx.env,
      makeFacility(ctx.env, 'MRL').then((f) => ctx.env.deps.db.transaction().execute((trx) => createReportLinkTx(ctx.env.deps, trx, SYSTEM, f.id)).then((l) => l.token)),
    );
  return publicReportTokens.get(ctx.env)!;
};
const reportsUrl = (ctx: Ctx, side: Side, suffix = '') => v1(`/facilities/${fac(ctx, side).id}/incident-reports${suffix}`);
const reportLinkUrl = (ctx: Ctx, side: Side, suffix = '') => v1(`/facilities/${fac(ctx, side).id}/report-link${suffix}`);
const REPORT_FOREIGN = by({ [OK]: ['admin'], [NOT_FOUND]: '*' });
/** incident.report: every hospital role but auditor and vendor. */
const REPORT_CREATE = { own: by({ [FORBIDDEN]: ['auditor', 'vendor'], [OK]: '*' }), foreign: REPORT_FOREIGN };
/** The list: incident.read sees all, incident.report alone its own; vendor neither. */
const REPORT_LIST = { own: by({ [FORBIDDEN]: ['vendor'], [OK]: '*' }), foreign: REPORT_FOREIGN };
/** Somebody else's report: a staff member (incident.report alone) does not see it at all. */
const REPORT_READ_OTHERS = { own: by({ [NOT_FOUND]: ['staff'], [FORBIDDEN]: ['vendor'], [OK]: '*' }), foreign: REPORT_FOREIGN };
/** Triage: incident.write (security manager, IT staff). */
const REPORT_TRIAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [FORBIDDEN]: '*' }), foreign: REPORT_FOREIGN };
/** The report link and poster: incident.manage (security manager). */
const REPORT_LINK_MANAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: REPORT_FOREIGN };
// (end of helper H1's issue 6 fixtures)
// --- on-call alerts (インシデント連絡) — issue 6 helper H6's section ----------------------------------------------
/** A fresh alert of the side's facility (no report, no recipient user) and its acknowledgement token, written directly. */
async function matrixAlert(ctx: Ctx, side: Side): Promise<{ id: string; token: string }> {
  const id = newId();
  const token = randomToken(32);
  const now = ctx.env.clock.now().toISOString();
  await ctx.env.deps.db
    .insertInto('incident_alerts')
    .values({ id, facility_id: fac(ctx, side).id, report_id: null, case_id: null, contact_entry_id: null, position: 1, recipient_name: `matrix-${seq(ctx)}`, recipient_user_id: null, state: 'sent', ack_token_hash: sha256Hex(token), sent_at: now, acknowledged_at: null, acknowledged_by: null, escalated_at: null, created_at: now })
    .execute();
  return { id, token };
}
/** A fresh webhook of the side's facility; its address refuses connections (the test message fails quickly, the route still answers 200). */
async function matrixWebhook(ctx: Ctx, side: Side): Promise<string> {
  const id = newId();
  const now = ctx.env.clock.now().toISOString();
  await ctx.env.deps.db
    .insertInto('incident_webhooks')
    .values({ id, facility_id: fac(ctx, side).id, name: `matrix-${seq(ctx)}`, format: 'json', url_encrypted: ctx.env.deps.secrets.seal('http://127.0.0.1:9/matrix'), url_hint: 'http://127.0.0.1:9/…trix', enabled: 1, created_at: now, updated_at: now })
    .execute();
  return id;
}
const alertFacilityUrl = (ctx: Ctx, side: Side, suffix: string) => v1(`/facilities/${fac(ctx, side).id}${suffix}`);
/** incident.read: executive, security manager, IT staff, auditor. */
const ALERT_READ = { own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** Acknowledge in mamori: the alerted user (none in the fixture) or incident.write (security manager, IT staff). */
const ALERT_ACK = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** incident.manage (alert settings, webhooks): the security manager. */
const ALERT_MANAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
// (end of helper H6's issue 6 fixtures)

// --- legal clocks, filings and report drafts (法定の報告期限・報告書の下書き) — issue 6 helper H4's section ----------
/** A fresh open case of the side's facility whose facts start the PPC clocks, discovered an hour ago. */
async function matrixClockCase(ctx: Ctx, side: Side): Promise<{ id: string; discoveredAt: string }> {
  const facilityId = fac(ctx, side).id;
  const discoveredAt = new Date(ctx.env.clock.now().getTime() - 3_600_000).toISOString();
  const { id } = await ctx.env.deps.db.transaction().execute((trx) =>
    createCaseTx(ctx.env.deps, trx, SYSTEM, facilityId, { title: `matrix-clock-${seq(ctx)}`, category: 'data_leak_loss', discoveredAt, facts: { personalData: true } }),
  );
  return { id, discoveredAt };
}
/** A fresh filing (PPC 速報) of a fresh case, recorded by the command line's caller. */
async function matrixFiling(ctx: Ctx, side: Side): Promise<string> {
  const k = await matrixClockCase(ctx, side);
  return (await recordFiling(ctx.env.deps, SYSTEM, k.id, { ruleId: 'ppc.preliminary', filedAt: k.discoveredAt })).id;
}
/** The overview of running deadlines filtered to the side's facility: incident.read there, else 403 (no lookup). */
const CLOCK_OVERVIEW = {
  own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [FORBIDDEN]: '*' }),
  foreign: by({ [OK]: ['admin'], [FORBIDDEN]: '*' }),
};
// (end of helper H4's issue 6 fixtures)
// --- evidence, custody and the after-incident review (証拠保全・事後対応) — issue 6 helper H5's section -----------
/** A fresh open case in the side's facility, written straight into the table (numbered after the facility's last case). */
async function evidenceCase(ctx: Ctx, side: Side): Promise<string> {
  const facilityId = fac(ctx, side).id;
  const id = newId();
  const now = ctx.env.clock.now().toISOString();
  await insertCaseRow(ctx.env.deps.db, {
    id,
    facility_id: facilityId,
    seq: await nextCaseSeq(ctx.env.deps.db, facilityId),
    title: `matrix evidence case ${seq(ctx)}`,
    category: 'other',
    severity: 'medium',
    tlp: 'amber',
    phase: 'investigation',
    status: 'open',
    discovered_at: now,
    facts: JSON.stringify(NO_FACTS),
    clock_rules_version: CURRENT_LEGAL_CLOCK_RULES.version,
    summary: '{}',
    created_at: now,
    updated_at: now,
  });
  return id;
}
const sharedEvidenceCases = new Map<string, Promise<string>>();
const sharedEvidenceCase = (ctx: Ctx, side: Side): Promise<string> => {
  const key = fac(ctx, side).id;
  if (!sharedEvidenceCases.has(key)) sharedEvidenceCases.set(key, evidenceCase(ctx, side));
  return sharedEvidenceCases.get(key)!;
};
/** One evidence item with a small file per facility (custody entries are appended to it; the file is downloaded). */
const sharedEvidenceItems = new Map<string, Promise<string>>();
const sharedEvidenceItem = (ctx: Ctx, side: Side): Promise<string> => {
  const key = fac(ctx, side).id;
  if (!sharedEvidenceItems.has(key))
    sharedEvidenceItems.set(
      key,
      (async () =>
        (
          await addIncidentEvidenceFile(ctx.env.deps, SYSTEM, await sharedEvidenceCase(ctx, side), {
            type: 'log',
            description: 'matrix evidence',
            collectedBy: 'matrix',
            collectedAt: new Date(ctx.env.clock.now().getTime() - 3_600_000).toISOString(),
            bytes: Buffer.from('matrix evidence file'),
            fileName: 'matrix.txt',
            contentType: 'text/plain',
          })
        ).row.id)(),
    );
  return sharedEvidenceItems.get(key)!;
};
/** A fresh case whose review has its lessons written, ready to be completed. */
async function reviewReadyCase(ctx: Ctx, side: Side): Promise<string> {
  const id = await evidenceCase(ctx, side);
  await saveReview(ctx.env.deps, SYSTEM, id, { lessons: 'matrix lessons' });
  return id;
}
const evidenceFields = (ctx: Ctx) => ({ type: 'log', description: `matrix-${seq(ctx)}`, collectedBy: 'matrix', collectedAt: new Date(ctx.env.clock.now().getTime() - 3_600_000).toISOString() });
/** incident.read: executive, security manager, IT staff, auditor. */
const EVIDENCE_READ = { own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** incident.write: security manager, IT staff. */
const EVIDENCE_WRITE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** incident.review: security manager, executive. */
const REVIEW_WRITE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'executive'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
// (end of helper H5's issue 6 fixtures)
// --- 備え (issue 7): backups — helper S1's fixtures ---------------------------------------------
/** One system (ledger asset) per facility that the backup fixtures protect. */
const sharedBackupAssets = new Map<string, Promise<string>>();
const sharedBackupAsset = (ctx: Ctx, side: Side): Promise<string> => {
  const f = fac(ctx, side);
  if (!sharedBackupAssets.has(f.id))
    sharedBackupAssets.set(
      f.id,
      ctx.env.deps.db.transaction().execute(async (trx) => (await insertAssetTx(ctx.env.deps, trx, SYSTEM, f.id, { name: `matrix-backup-system-${seq(ctx)}`, type: 'server', criticality: 1, ips: [], macs: [], tags: [], holdsPatientData: true, exposure: 'internal' })).id),
    );
  return sharedBackupAssets.get(f.id)!;
};
const backupPlanBody = (assetId: string, externalKey: string | null = null) => ({ assetId, scopes: ['data' as const], medium: 'nas' as const, disconnected: false, cloudImmutable: false, networkSeparated: false, generations: 3, everyDays: 1, location: 'on_site' as const, encrypted: false, runBy: 'staff' as const, externalKey });
/** A fresh plan (version 1) in the side's facility, optionally retired (then version 2). */
async function matrixBackupPlan(ctx: Ctx, side: Side, externalKey: string | null = null): Promise<string> {
  const assetId = await sharedBackupAsset(ctx, side);
  return ctx.env.deps.db.transaction().execute((trx) => createBackupPlanTx(ctx.env.deps, trx, SYSTEM, fac(ctx, side).id, backupPlanBody(assetId, externalKey)));
}
/** One long-lived plan per facility with the job name `matrix-job` (webhook, runs). */
const sharedBackupPlans = new Map<string, Promise<string>>();
const sharedBackupPlan = (ctx: Ctx, side: Side): Promise<string> => {
  const key = fac(ctx, side).id;
  if (!sharedBackupPlans.has(key)) sharedBackupPlans.set(key, matrixBackupPlan(ctx, side, 'matrix-job'));
  return sharedBackupPlans.get(key)!;
};
/** A distinct run start an hour or more before the clock. */
const backupRunTimes = (ctx: Ctx) => {
  const started = ctx.env.clock.now().getTime() - 3_600_000 - seq(ctx) * 60_000;
  return { startedAt: new Date(started).toISOString(), finishedAt: new Date(started + 30_000).toISOString() };
};
/** A fresh run entered by hand on the side's shared plan. */
async function matrixBackupRun(ctx: Ctx, side: Side): Promise<string> {
  const planId = await sharedBackupPlan(ctx, side);
  return ctx.env.deps.db.transaction().execute(async (trx) => (await recordRunTx(ctx.env.deps, trx, SYSTEM, { id: planId, facility_id: fac(ctx, side).id }, { ...backupRunTimes(ctx), status: 'success' }, 'manual')).id);
}
const backupFacilityUrl = (ctx: Ctx, side: Side, suffix: string) => v1(`/facilities/${fac(ctx, side).id}${suffix}`);
/** resilience.read: executive, security manager, IT staff, auditor. */
const RESILIENCE_READ = { own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager', 'it_staff', 'auditor'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** resilience.write: security manager, IT staff. */
const RESILIENCE_WRITE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager', 'it_staff'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
// (end of helper S1's issue 7 fixtures)
// --- 備え (issue 7): BCP and exercises — helper S3's fixtures ---------------------------------------------
/** A BCP content with every required section filled (so a submission succeeds). */
function matrixBcpContent(name: string) {
  const c = defaultBcpContent(name);
  return {
    ...c,
    command: { ...c.command, place: 'matrix 会議室' },
    departments: c.departments.map((d) => ({ ...d, paperProcedure: '紙で運用する' })),
    recovery: [{ assetId: null, systemName: '電子カルテ', procedure: '復元する', owner: '', vendorIds: [], prerequisites: '' }],
  };
}
/** Removes the side's open draft (one at a time per facility) so a new one can be made. */
async function clearBcpDrafts(ctx: Ctx, side: Side): Promise<void> {
  await ctx.env.deps.db.deleteFrom('bcp_versions').where('facility_id', '=', fac(ctx, side).id).where('status', 'in', ['draft', 'in_review']).execute();
}
/** A fresh, complete BCP version (version 1) in the side's facility, as a draft or awaiting approval. */
async function matrixBcp(ctx: Ctx, side: Side, status: 'draft' | 'in_review' = 'draft'): Promise<string> {
  const f = fac(ctx, side);
  await clearBcpDrafts(ctx, side);
  const id = await ctx.env.deps.db.transaction().execute((trx) => createBcpDraftTx(ctx.env.deps, trx, SYSTEM, { id: f.id, name: f.name, code: f.code }, matrixBcpContent(f.name)));
  if (status === 'in_review') await ctx.env.deps.db.updateTable('bcp_versions').set({ status: 'in_review' }).where('id', '=', id).execute();
  return id;
}
const matrixExerciseBody = () => ({ kind: 'tabletop' as const, title: 'matrix 机上訓練', scenario: '保守VPN経由のランサムウェアで電子カルテ停止', status: 'planned' as const, heldOn: '2030-01-15' });
/** A fresh planned exercise (version 1) in the side's facility. */
async function matrixExercise(ctx: Ctx, side: Side): Promise<string> {
  const f = fac(ctx, side);
  return ctx.env.deps.db.transaction().execute(async (trx) => (await createExerciseTx(ctx.env.deps, trx, SYSTEM, { id: f.id, name: f.name, code: f.code }, matrixExerciseBody())).id);
}
/** bcp.manage: the security manager. */
const BCP_MANAGE = { own: by({ [OK]: ['admin', 'group_admin', 'security_manager'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** bcp.approve: the executive. */
const BCP_APPROVE = { own: by({ [OK]: ['admin', 'group_admin', 'executive'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
/** Returning a version: bcp.approve or bcp.manage. */
const BCP_RETURN = { own: by({ [OK]: ['admin', 'group_admin', 'executive', 'security_manager'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) };
// (end of helper S3's issue 7 fixtures)
// --- 備え (issue 7): recovery targets, order and drills — helper S2's fixtures ---------------------------------
/** A fresh planned restore drill (version 1) of the side's shared backup system. */
async function matrixDrill(ctx: Ctx, side: Side): Promise<string> {
  const assetId = await sharedBackupAsset(ctx, side);
  const id = newId();
  const now = ctx.env.clock.now().toISOString();
  await insertDrill(ctx.env.deps.db, {
    id, facility_id: fac(ctx, side).id, asset_id: assetId, plan_id: null, status: 'planned', planned_on: '2026-12-01', started_at: null, finished_at: null, data_as_of: null,
    restored: null, rto_hours_target: null, rpo_hours_target: null, result: null, problems: null, performed_by: null, notes: null, version: 1, created_at: now, updated_at: now,
  });
  return id;
}
/** Drill times an hour or more before the clock. */
const drillTimes = (ctx: Ctx) => {
  const started = ctx.env.clock.now().getTime() - 3_600_000 - seq(ctx) * 60_000;
  return { startedAt: new Date(started).toISOString(), finishedAt: new Date(started + 1_800_000).toISOString(), dataAsOf: new Date(started - 3_600_000).toISOString(), restored: 'full' };
};
// (end of helper S2's issue 7 fixtures)
const MATRIX: Row[] = [
  // --- public -------------------------------------------------------------------------------------
  { method: 'GET', path: '/api/v1/health', auth: 'public', expect: everyone(OK), anonymous: OK },
  { method: 'GET', path: '/api/v1/setup/status', auth: 'public', expect: everyone(OK), anonymous: OK },
  {
    method: 'POST',
    path: '/api/v1/setup',
    auth: 'public',
    expect: everyone('409 ALREADY_SET_UP'),
    anonymous: '409 ALREADY_SET_UP',
    target: () => ({ url: v1('/setup'), body: { facilityCode: 'ZZ', facilityName: '乗っ取り病院', adminEmail: 'evil@x.jp', adminName: 'evil', adminPassword: TEST_PASSWORD } }),
  },
  {
    method: 'POST',
    path: '/api/v1/auth/login',
    auth: 'public',
    expect: everyone('401 INVALID_CREDENTIALS'),
    anonymous: '401 INVALID_CREDENTIALS',
    target: () => ({ url: v1('/auth/login'), body: { email: 'nobody@matrix.jp', password: 'Wrong-pass1' } }),
  },

  // --- any session stage --------------------------------------------------------------------------
  // A full session has no second factor to verify.
  { method: 'POST', path: '/api/v1/auth/mfa/verify', auth: 'session', expect: everyone(CONFLICT), target: () => ({ url: v1('/auth/mfa/verify'), body: { code: '123456' } }) },
  { method: 'POST', path: '/api/v1/auth/mfa/enroll/start', auth: 'session', expect: by({ [CONFLICT]: MFA_ROLES, [OK]: '*' }) },
  {
    method: 'POST',
    path: '/api/v1/auth/mfa/enroll/confirm',
    auth: 'session',
    expect: by({ [CONFLICT]: MFA_ROLES, '401 INVALID_MFA_CODE': '*' }),
    target: async (_ctx, c) => {
      await c.client.post(v1('/auth/mfa/enroll/start')); // so that the outcome does not depend on row order
      return { url: v1('/auth/mfa/enroll/confirm'), body: { code: 'abcdef' } };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/logout',
    auth: 'session',
    expect: everyone(OK),
    target: async (ctx, c) => {
      if (c.role === null) return { url: v1('/auth/logout') };
      const fresh = clientFor(ctx, c.role);
      ctx.env.clock.advance(30_000); // a new TOTP step for MFA users
      await fresh.login(ctx.users[c.role].email);
      return { url: v1('/auth/logout'), as: fresh };
    },
  },
  { method: 'GET', path: '/api/v1/me', auth: 'session', expect: everyone(OK) },
  {
    method: 'POST',
    path: '/api/v1/me/password',
    auth: 'session',
    // The handler is reached (and checks the current password) for every role; the weak new password stops it there.
    expect: everyone('400 WEAK_PASSWORD'),
    target: () => ({ url: v1('/me/password'), body: { currentPassword: TEST_PASSWORD, newPassword: 'short' } }),
  },

  // --- own account (full session) -----------------------------------------------------------------
  { method: 'PATCH', path: '/api/v1/me', auth: 'full', expect: everyone(OK), target: () => ({ url: v1('/me'), body: { locale: 'ja' } }) },
  {
    method: 'POST',
    path: '/api/v1/me/mfa/recovery-codes',
    auth: 'full',
    expect: by({ [OK]: MFA_ROLES, [CONFLICT]: '*' }),
    target: (ctx, c) => {
      const secret = c.role && TestClient.secrets.get(ctx.users[c.role].email);
      ctx.env.clock.advance(30_000);
      return { url: v1('/me/mfa/recovery-codes'), body: { code: secret ? currentTotp(secret, ctx.env.clock.now()) : '123456' } };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/me/mfa/disable',
    auth: 'full',
    expect: by({ '403 MFA_MANDATORY': MFA_ROLES, [CONFLICT]: '*' }),
    target: () => ({ url: v1('/me/mfa/disable'), body: { password: TEST_PASSWORD, code: '123456' } }),
  },
  { method: 'GET', path: '/api/v1/me/tokens', auth: 'full', expect: everyone(OK) },
  {
    method: 'POST',
    path: '/api/v1/me/tokens',
    auth: 'full',
    // A token may be limited only to a facility the user can see.
    expect: { own: everyone(OK), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) },
    target: (ctx, c) => ({ url: v1('/me/tokens'), body: { name: `t${seq(ctx)}`, scopes: ['facilities:read'], facilityId: fac(ctx, c.side).id } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/me/tokens/:id',
    auth: 'full',
    // Another user's token is not the caller's to revoke, admin included.
    expect: { own: everyone(OK), foreign: everyone(NOT_FOUND) },
    target: async (ctx, c) => {
      const owner = c.side === 'foreign' || c.role === null ? ctx.ownerB.id : ctx.users[c.role].id;
      return { url: v1(`/me/tokens/${await insertToken(ctx, owner)}`) };
    },
  },

  // --- facilities and groups ----------------------------------------------------------------------
  { method: 'GET', path: '/api/v1/facilities', auth: 'full', expect: everyone(OK) },
  {
    method: 'POST',
    path: '/api/v1/facilities',
    auth: 'full',
    expect: ADMIN_ONLY,
    target: (ctx) => ({ url: v1('/facilities'), body: { code: `N${seq(ctx)}`, name: '新病院', kind: 'clinic' } }),
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:id',
    auth: 'full',
    expect: { own: everyone(OK), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) },
    target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}`) }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:id',
    auth: 'full',
    expect: { own: by({ [OK]: MANAGERS, [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) },
    target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}`), body: { beds: 120 } }),
  },
  // Non-members get an empty list (see the leak test below).
  { method: 'GET', path: '/api/v1/groups', auth: 'full', expect: everyone(OK) },
  {
    method: 'POST',
    path: '/api/v1/groups',
    auth: 'full',
    expect: ADMIN_ONLY,
    target: (ctx) => ({ url: v1('/groups'), body: { code: `G${seq(ctx)}`, name: '新グループ', kind: 'corporation' } }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/groups/:id',
    auth: 'full',
    expect: ADMIN_ONLY_SIDES,
    target: (ctx, c) => ({ url: v1(`/groups/${c.side === 'own' ? ctx.GA : ctx.GB}`), body: { name: '改名' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/groups/:id/facilities',
    auth: 'full',
    // Adding an existing member is a no-op, so the admin's success changes nothing for later cases.
    expect: ADMIN_ONLY_SIDES,
    target: (ctx, c) => ({ url: v1(`/groups/${c.side === 'own' ? ctx.GA : ctx.GB}/facilities`), body: { facilityId: fac(ctx, c.side).id } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/groups/:id/facilities/:facilityId',
    auth: 'full',
    expect: ADMIN_ONLY_SIDES,
    target: async (ctx, c) => {
      const group = c.side === 'own' ? ctx.GA : ctx.GB;
      return { url: v1(`/groups/${group}/facilities/${await facilityInGroup(ctx, group)}`) };
    },
  },

  // --- users --------------------------------------------------------------------------------------
  { method: 'GET', path: '/api/v1/users', auth: 'full', expect: FILTERED_READ, target: (ctx, c) => ({ url: v1(`/users?facilityId=${fac(ctx, c.side).id}`) }) },
  {
    method: 'POST',
    path: '/api/v1/users',
    auth: 'full',
    expect: { own: by({ [OK]: MANAGERS, [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [FORBIDDEN]: '*' }) },
    target: (ctx, c) => ({
      url: v1('/users'),
      body: { email: `new${seq(ctx)}@matrix.jp`, displayName: '新規', password: TEST_PASSWORD, roles: [{ role: 'staff', facilityId: fac(ctx, c.side).id }] },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/users/:id',
    auth: 'full',
    expect: { own: by({ [OK]: READERS, [NOT_FOUND]: '*' }), foreign: by({ [OK]: ['admin'], [NOT_FOUND]: '*' }) },
    target: userTarget(''),
  },
  { method: 'PATCH', path: '/api/v1/users/:id', auth: 'full', expect: MANAGE_USER, target: userTarget('', () => ({ displayName: '変更後' })) },
  {
    method: 'POST',
    path: '/api/v1/users/:id/roles',
    auth: 'full',
    expect: MANAGE_USER,
    target: userTarget('/roles', (ctx, side) => ({ role: 'it_staff', facilityId: fac(ctx, side).id })),
  },
  { method: 'DELETE', path: '/api/v1/users/:id/roles/:grantId', auth: 'full', expect: MANAGE_USER, target: userTarget('/roles/:grantId') },
  {
    method: 'POST',
    path: '/api/v1/users/:id/password-reset',
    auth: 'full',
    expect: MANAGE_USER,
    target: userTarget('/password-reset', () => ({ newPassword: 'Temp0rary!Pass' })),
  },
  { method: 'POST', path: '/api/v1/users/:id/unlock', auth: 'full', expect: MANAGE_USER, target: userTarget('/unlock') },
  { method: 'POST', path: '/api/v1/users/:id/mfa-reset', auth: 'full', expect: ADMIN_ONLY_SIDES, target: userTarget('/mfa-reset') },

  // --- audit --------------------------------------------------------------------------------------
  { method: 'GET', path: '/api/v1/audit', auth: 'full', expect: FILTERED_READ, target: (ctx, c) => ({ url: v1(`/audit?facilityId=${fac(ctx, c.side).id}`) }) },
  {
    method: 'GET',
    path: '/api/v1/audit/export.csv',
    auth: 'full',
    expect: FILTERED_READ,
    target: (ctx, c) => ({ url: v1(`/audit/export.csv?facilityId=${fac(ctx, c.side).id}`) }),
  },
  { method: 'GET', path: '/api/v1/audit/verify', auth: 'full', expect: by({ [OK]: ['admin', 'auditor'], [FORBIDDEN]: '*' }) },

  // --- ledger (情報資産台帳) ------------------------------------------------------------------------
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/assets',
    auth: 'full',
    // Vendor users get the list of their own vendors' assets (helper B: vendor-scoped assets).
    expect: VENDOR_VIEW,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/assets`) }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/assets',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/assets`), body: { name: `new-${seq(ctx)}`, type: 'client_pc', criticality: 3 } }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/assets/import',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/assets/import?dryRun=true&fileName=m.csv`), upload: { payload: 'name,type\r\nx,server\r\n', contentType: 'text/csv' } }),
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/assets/export',
    auth: 'full',
    expect: LEDGER_READ,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/assets/export?format=csv`) }),
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/ledger/export',
    auth: 'full',
    expect: LEDGER_READ,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/ledger/export`) }),
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/assets/template',
    auth: 'full',
    expect: LEDGER_READ,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/assets/template?format=xlsx`) }),
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/assets/:assetId',
    auth: 'full',
    // An asset no vendor of theirs maintains does not exist for a vendor user.
    expect: VENDOR_VIEW_OUTSIDE,
    target: async (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/assets/${await sharedLedger(ctx, c.side, 'asset')}`) }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:facilityId/assets/:assetId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/assets/${await sharedLedger(ctx, c.side, 'asset')}`), body: { location: '本館2階' } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/facilities/:facilityId/assets/:assetId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/assets/${await ledgerAsset(ctx, c.side)}`) }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/assets/:assetId/relations',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({
      url: v1(`${ledgerIds(ctx, c.side)}/assets/${await sharedLedger(ctx, c.side, 'asset')}/relations`),
      body: { kind: 'depends_on', toAssetId: await ledgerAsset(ctx, c.side) },
    }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/facilities/:facilityId/assets/:assetId/relations/:relationId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => {
      const [from, to] = [await ledgerAsset(ctx, c.side), await ledgerAsset(ctx, c.side)];
      const id = newId();
      await ctx.env.deps.db
        .insertInto('asset_relations')
        .values({ id, facility_id: fac(ctx, c.side).id, from_asset_id: from, to_asset_id: to, kind: 'runs_on', created_at: ctx.env.clock.now().toISOString() })
        .execute();
      return { url: v1(`${ledgerIds(ctx, c.side)}/assets/${from}/relations/${id}`) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/segments',
    auth: 'full',
    expect: LEDGER_READ,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/segments`) }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/segments',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/segments`), body: { name: `seg-new-${seq(ctx)}`, purpose: 'office', cidrs: ['10.9.0.0/16'] } }),
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/segments/:segmentId',
    auth: 'full',
    expect: LEDGER_READ,
    target: async (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/segments/${await sharedLedger(ctx, c.side, 'segment')}`) }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:facilityId/segments/:segmentId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/segments/${await sharedLedger(ctx, c.side, 'segment')}`), body: { vlan: 20 } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/facilities/:facilityId/segments/:segmentId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/segments/${await ledgerSegment(ctx, c.side)}`) }),
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/segment-flows',
    auth: 'full',
    expect: LEDGER_READ,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/segment-flows`) }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/segment-flows',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({
      url: v1(`${ledgerIds(ctx, c.side)}/segment-flows`),
      body: { fromSegmentId: await sharedLedger(ctx, c.side, 'segment'), toSegmentId: await ledgerSegment(ctx, c.side), services: 'TCP/443' },
    }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:facilityId/segment-flows/:flowId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/segment-flows/${await sharedLedger(ctx, c.side, 'flow')}`), body: { description: '許可' } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/facilities/:facilityId/segment-flows/:flowId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/segment-flows/${await ledgerFlow(ctx, c.side)}`) }),
  },

  // --- connections (外部接続・リモート保守台帳) — helper A's section -------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/connections', auth: 'full', expect: CONNECTION_VIEW, target: (ctx, c) => ({ url: connectionsUrl(ctx, c.side) }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/connections/summary', auth: 'full', expect: CONNECTION_VIEW, target: (ctx, c) => ({ url: connectionsUrl(ctx, c.side, '/summary') }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/connections',
    auth: 'full',
    expect: CONNECTION_REQUEST,
    target: async (ctx, c) => ({
      url: connectionsUrl(ctx, c.side),
      body: { name: `conn-new-${seq(ctx)}`, vendorId: await connectionVendor(ctx, c.side, 'own'), kind: 'rdp', auth: 'password', accountMode: 'named' },
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/connections/:connectionId',
    auth: 'full',
    expect: CONNECTION_VIEW_OTHER_VENDOR,
    target: async (ctx, c) => ({ url: connectionsUrl(ctx, c.side, `/${await sharedConnection(ctx, c.side, 'other')}`) }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:facilityId/connections/:connectionId',
    auth: 'full',
    expect: CONNECTION_REQUEST,
    target: async (ctx, c) => ({ url: connectionsUrl(ctx, c.side, `/${await sharedConnection(ctx, c.side, 'own')}`), body: { notes: '保守窓口を変更' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/connections/:connectionId/approve',
    auth: 'full',
    expect: CONNECTION_APPROVE,
    target: async (ctx, c) => ({ url: connectionsUrl(ctx, c.side, `/${await matrixConnection(ctx, c.side, 'own')}/approve`), body: {} }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/connections/:connectionId/reject',
    auth: 'full',
    expect: CONNECTION_APPROVE,
    target: async (ctx, c) => ({ url: connectionsUrl(ctx, c.side, `/${await matrixConnection(ctx, c.side, 'own')}/reject`), body: { comment: '却下' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/connections/:connectionId/activate',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: connectionsUrl(ctx, c.side, `/${await matrixConnection(ctx, c.side, 'own', 'approved')}/activate`), body: {} }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/connections/:connectionId/retire',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: connectionsUrl(ctx, c.side, `/${await matrixConnection(ctx, c.side, 'own')}/retire`), body: {} }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/connections/:connectionId/resubmit',
    auth: 'full',
    expect: CONNECTION_REQUEST,
    target: async (ctx, c) => ({ url: connectionsUrl(ctx, c.side, `/${await matrixConnection(ctx, c.side, 'own', 'rejected')}/resubmit`), body: {} }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/connections/import',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: (ctx, c) => ({ url: connectionsUrl(ctx, c.side, '/import?dryRun=true&fileName=m.csv'), upload: { payload: 'name,kind,auth,account_mode\r\nx,rdp,mfa,named\r\n', contentType: 'text/csv' } }),
  },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/connections/export', auth: 'full', expect: LEDGER_READ, target: (ctx, c) => ({ url: connectionsUrl(ctx, c.side, '/export?format=csv') }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/connections/template', auth: 'full', expect: LEDGER_READ, target: (ctx, c) => ({ url: connectionsUrl(ctx, c.side, '/template?format=xlsx') }) },

  // --- vendors (委託事業者) — helper B's section ----------------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/vendors', auth: 'full', expect: VENDOR_VIEW, target: (ctx, c) => ({ url: vendorsUrl(ctx, c.side) }) },
  { method: 'POST', path: '/api/v1/facilities/:facilityId/vendors', auth: 'full', expect: LEDGER_WRITE, target: (ctx, c) => ({ url: vendorsUrl(ctx, c.side), body: { name: `vendor-new-${seq(ctx)}` } }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/vendors/import',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: (ctx, c) => ({ url: vendorsUrl(ctx, c.side, '/import?dryRun=true&fileName=v.csv'), upload: { payload: '事業者名\r\nmatrix-import\r\n', contentType: 'text/csv' } }),
  },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/vendors/export', auth: 'full', expect: LEDGER_READ, target: (ctx, c) => ({ url: vendorsUrl(ctx, c.side, '/export?format=csv') }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/vendors/template', auth: 'full', expect: LEDGER_READ, target: (ctx, c) => ({ url: vendorsUrl(ctx, c.side, '/template?format=xlsx') }) },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId',
    auth: 'full',
    expect: VENDOR_VIEW_OUTSIDE,
    target: async (ctx, c) => ({ url: vendorsUrl(ctx, c.side, `/${await connectionVendor(ctx, c.side, 'other')}`) }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: vendorsUrl(ctx, c.side, `/${await connectionVendor(ctx, c.side, 'own')}`), body: { notes: '保守窓口' } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: vendorsUrl(ctx, c.side, `/${await freshVendor(ctx, c.side)}`) }),
  },
  {
    method: 'PUT',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/users',
    auth: 'full',
    expect: VENDOR_USERS_SET,
    target: async (ctx, c) => ({ url: vendorsUrl(ctx, c.side, `/${await freshVendor(ctx, c.side)}/users`), body: { userIds: [] } }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/contacts',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: vendorsUrl(ctx, c.side, `/${await connectionVendor(ctx, c.side, 'own')}/contacts`), body: { name: '保守センター', emergency24h: true } }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/contacts/:contactId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => {
      const t = await vendorChild(ctx, c.side, 'contact');
      return { url: vendorsUrl(ctx, c.side, `/${t.vendorId}/contacts/${t.id}`), body: { role: '営業担当' } };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/contacts/:contactId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => {
      const t = await vendorChild(ctx, c.side, 'contact');
      return { url: vendorsUrl(ctx, c.side, `/${t.vendorId}/contacts/${t.id}`) };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/contracts',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: vendorsUrl(ctx, c.side, `/${await connectionVendor(ctx, c.side, 'own')}/contracts`), body: { title: '保守契約', clauses: ['data_handling'] } }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/contracts/:contractId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => {
      const t = await vendorChild(ctx, c.side, 'contract');
      return { url: vendorsUrl(ctx, c.side, `/${t.vendorId}/contracts/${t.id}`), body: { endsOn: '2027-03-31' } };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/contracts/:contractId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => {
      const t = await vendorChild(ctx, c.side, 'contract');
      return { url: vendorsUrl(ctx, c.side, `/${t.vendorId}/contracts/${t.id}`) };
    },
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/documents',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => ({ url: vendorsUrl(ctx, c.side, `/${await connectionVendor(ctx, c.side, 'own')}/documents`), body: { kind: 'sds', subject: '保守サービス', receivedOn: '2026-03-01' } }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/documents/:documentId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => {
      const t = await vendorChild(ctx, c.side, 'document');
      return { url: vendorsUrl(ctx, c.side, `/${t.vendorId}/documents/${t.id}`), body: { version: '第2版' } };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/documents/:documentId',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => {
      const t = await vendorChild(ctx, c.side, 'document');
      return { url: vendorsUrl(ctx, c.side, `/${t.vendorId}/documents/${t.id}`) };
    },
  },
  {
    method: 'PUT',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/documents/:documentId/file',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: async (ctx, c) => {
      const t = await vendorChild(ctx, c.side, 'document');
      return { url: vendorsUrl(ctx, c.side, `/${t.vendorId}/documents/${t.id}/file`), upload: { payload: MATRIX_PDF, contentType: 'application/pdf', method: 'PUT' } };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/vendors/:vendorId/documents/:documentId/file',
    auth: 'full',
    expect: VENDOR_VIEW,
    target: async (ctx, c) => {
      const t = await sharedDocument(ctx, c.side);
      return { url: vendorsUrl(ctx, c.side, `/${t.vendorId}/documents/${t.id}/file`) };
    },
  },
  // --- vulnerabilities (脆弱性), feeds and notifications — helper E's section ---------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/vulns/overview', auth: 'full', expect: VULN_READ, target: (ctx, c) => ({ url: vulnsUrl(ctx, c.side, '/overview') }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/vulns/findings', auth: 'full', expect: VULN_READ, target: (ctx, c) => ({ url: vulnsUrl(ctx, c.side, '/findings?status=all') }) },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/vulns/findings/:findingId',
    auth: 'full',
    expect: VULN_READ,
    target: async (ctx, c) => ({ url: vulnsUrl(ctx, c.side, `/findings/${await sharedFinding(ctx, c.side)}`) }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/vulns/findings/:findingId/status',
    auth: 'full',
    expect: VULN_TRIAGE,
    target: async (ctx, c) => ({ url: vulnsUrl(ctx, c.side, `/findings/${await matrixFinding(ctx, c.side)}/status`), body: { status: 'in_progress' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/vulns/findings/:findingId/accept',
    auth: 'full',
    expect: VULN_ACCEPT,
    target: async (ctx, c) => ({ url: vulnsUrl(ctx, c.side, `/findings/${await matrixFinding(ctx, c.side)}/accept`), body: { reason: '更新不可の医療機器', until: '2026-06-30' } }),
  },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/vulns/assets/:assetId',
    auth: 'full',
    expect: VULN_READ,
    target: async (ctx, c) => ({ url: vulnsUrl(ctx, c.side, `/assets/${await sharedLedger(ctx, c.side, 'asset')}`) }),
  },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/vulns/by-vuln/:vulnId', auth: 'full', expect: VULN_READ, target: (ctx, c) => ({ url: vulnsUrl(ctx, c.side, '/by-vuln/CVE-2018-13379') }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/vulns/coverage', auth: 'full', expect: VULN_READ, target: (ctx, c) => ({ url: vulnsUrl(ctx, c.side, '/coverage') }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/vulns/cpe-suggestions', auth: 'full', expect: VULN_READ, target: (ctx, c) => ({ url: vulnsUrl(ctx, c.side, '/cpe-suggestions?q=fortios') }) },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/vulns/explain',
    auth: 'full',
    expect: VULN_READ,
    target: async (ctx, c) => ({ url: vulnsUrl(ctx, c.side, `/explain?assetId=${await sharedLedger(ctx, c.side, 'asset')}&vulnId=CVE-2018-13379`) }),
  },
  { method: 'POST', path: '/api/v1/facilities/:facilityId/vulns/rescan', auth: 'full', expect: VULN_TRIAGE, target: (ctx, c) => ({ url: vulnsUrl(ctx, c.side, '/rescan') }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/vulns/policy', auth: 'full', expect: VULN_READ, target: (ctx, c) => ({ url: vulnsUrl(ctx, c.side, '/policy') }) },
  { method: 'PUT', path: '/api/v1/facilities/:facilityId/vulns/policy', auth: 'full', expect: VULN_POLICY, target: (ctx, c) => ({ url: vulnsUrl(ctx, c.side, '/policy'), body: DEFAULT_VULN_POLICY }) },
  {
    method: 'GET',
    path: '/api/v1/vulns/:vulnId',
    auth: 'full',
    expect: everyone(OK),
    target: async (ctx) => {
      await ensureMatrixKev(ctx);
      return { url: v1('/vulns/CVE-2099-0001') };
    },
  },
  { method: 'GET', path: '/api/v1/feeds/status', auth: 'full', expect: everyone(OK) },
  { method: 'GET', path: '/api/v1/feeds/imports', auth: 'full', expect: ADMIN_ONLY },
  // No such import: the administrator learns that, everyone else is refused before the lookup.
  { method: 'GET', path: '/api/v1/feeds/imports/:id', auth: 'full', expect: by({ [NOT_FOUND]: ['admin'], [FORBIDDEN]: '*' }), target: () => ({ url: v1(`/feeds/imports/${newId()}`) }) },
  {
    method: 'POST',
    path: '/api/v1/feeds/imports',
    auth: 'full',
    expect: ADMIN_ONLY,
    target: (ctx) => ({
      url: v1('/feeds/imports?fileName=kev.csv&force=true'),
      upload: {
        payload: `cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes\r\nCVE-2099-0001,Test,Thing,Matrix ${seq(ctx)},2026-03-01,x,x,2026-03-22,Unknown,,\r\n`,
        contentType: 'text/csv',
      },
    }),
  },
  { method: 'GET', path: '/api/v1/notifications', auth: 'full', expect: everyone(OK) },
  // Someone else's notification and an absent one look the same.
  { method: 'POST', path: '/api/v1/notifications/:id/read', auth: 'full', expect: everyone(NOT_FOUND), target: () => ({ url: v1(`/notifications/${newId()}/read`) }) },
  { method: 'POST', path: '/api/v1/notifications/read-all', auth: 'full', expect: everyone(OK) },
  // --- actions (対応アクション) and vendor sheets (事業者確認用) — issue 5 helper E's section -------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/actions', auth: 'full', expect: ACTION_READ, target: (ctx, c) => ({ url: actionsUrl(ctx, c.side) }) },
  { method: 'POST', path: '/api/v1/facilities/:facilityId/actions', auth: 'full', expect: ACTION_WRITE, target: (ctx, c) => ({ url: actionsUrl(ctx, c.side), body: { title: `matrix-${seq(ctx)}` } }) },
  { method: 'GET', path: '/api/v1/actions/:id', auth: 'full', expect: ACTION_READ, target: async (ctx, c) => ({ url: v1(`/actions/${await matrixAction(ctx, c.side)}`) }) },
  { method: 'PATCH', path: '/api/v1/actions/:id', auth: 'full', expect: ACTION_WRITE, target: async (ctx, c) => ({ url: v1(`/actions/${await matrixAction(ctx, c.side)}`), body: { status: 'in_progress' } }) },
  {
    method: 'POST',
    path: '/api/v1/assessments/:id/links',
    auth: 'full',
    expect: VENDOR_SHEET_MANAGE,
    target: async (ctx, c) => ({ url: v1(`/assessments/${await sharedVendorSheet(ctx, c.side)}/links`), body: { expiresInDays: 7, recipient: 'matrix' } }),
  },
  { method: 'GET', path: '/api/v1/assessments/:id/links', auth: 'full', expect: VENDOR_SHEET_MANAGE, target: async (ctx, c) => ({ url: v1(`/assessments/${await sharedVendorSheet(ctx, c.side)}/links`) }) },
  {
    method: 'DELETE',
    path: '/api/v1/assessments/:id/links/:linkId',
    auth: 'full',
    expect: VENDOR_SHEET_MANAGE,
    target: async (ctx, c) => {
      const sheet = await sharedVendorSheet(ctx, c.side);
      return { url: v1(`/assessments/${sheet}/links/${(await matrixLink(ctx, sheet)).id}`) };
    },
  },
  { method: 'POST', path: '/api/v1/assessments/:id/submit', auth: 'full', expect: VENDOR_SHEET_SUBMIT, target: async (ctx, c) => ({ url: v1(`/assessments/${await matrixVendorSheet(ctx, c.side, { complete: true })}/submit`) }) },
  { method: 'POST', path: '/api/v1/assessments/:id/accept', auth: 'full', expect: VENDOR_SHEET_MANAGE, target: async (ctx, c) => ({ url: v1(`/assessments/${await matrixVendorSheet(ctx, c.side, { status: 'submitted' })}/accept`) }) },
  {
    method: 'POST',
    path: '/api/v1/assessments/:id/return',
    auth: 'full',
    expect: VENDOR_SHEET_MANAGE,
    target: async (ctx, c) => ({ url: v1(`/assessments/${await matrixVendorSheet(ctx, c.side, { status: 'submitted' })}/return`), body: { reason: '記入漏れ' } }),
  },
  // Through a link: no account; the token is the credential (the session, if any, plays no part).
  {
    method: 'GET',
    path: '/api/v1/vendor-sheets/:token',
    auth: 'public',
    expect: everyone(OK),
    anonymous: OK,
    target: async (ctx) => ({ url: v1(`/vendor-sheets/${(await matrixLink(ctx, await sharedVendorSheet(ctx, 'own'))).token}`) }),
  },
  {
    method: 'PUT',
    path: '/api/v1/vendor-sheets/:token/answers/:itemId',
    auth: 'public',
    expect: everyone(OK),
    anonymous: OK,
    target: async (ctx) => ({
      url: v1(`/vendor-sheets/${(await matrixLink(ctx, await sharedVendorSheet(ctx, 'own'))).token}/answers/${frameworkItems(matrixVendorDef())[0]!.id}`),
      body: { answer: 'yes' },
    }),
  },
  {
    method: 'POST',
    path: '/api/v1/vendor-sheets/:token/submit',
    auth: 'public',
    expect: everyone(OK),
    anonymous: OK,
    target: async (ctx) => ({ url: v1(`/vendor-sheets/${(await matrixLink(ctx, await matrixVendorSheet(ctx, 'own', { complete: true }))).token}/submit`), body: { name: 'matrix' } }),
  },
  // (end of helper E's issue 5 rows)
  // --- ledger reviews (台帳の点検) — issue 5 helper D's section ------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/ledger-reviews', auth: 'full', expect: LEDGER_READ, target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/ledger-reviews`) }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/ledger-reviews',
    auth: 'full',
    expect: LEDGER_WRITE,
    target: (ctx, c) => ({ url: v1(`${ledgerIds(ctx, c.side)}/ledger-reviews`), body: { reviewedOn: '2026-03-31', note: `matrix-${seq(ctx)}` } }),
  },
  // (end of helper D's issue 5 rows)
  // --- frameworks (フレームワーク) — issue 5 helper A's section -----------------------------------------
  { method: 'GET', path: '/api/v1/frameworks', auth: 'full', expect: FRAMEWORK_FACILITY_READ, target: (ctx, c) => ({ url: v1(`/frameworks?facilityId=${fac(ctx, c.side).id}`) }) },
  { method: 'GET', path: '/api/v1/frameworks/template.xlsx', auth: 'full', expect: everyone(OK) },
  {
    method: 'GET',
    path: '/api/v1/frameworks/:frameworkId/versions/:version',
    auth: 'full',
    expect: FRAMEWORK_FACILITY_READ,
    target: (ctx, c) => ({ url: v1(`/frameworks/mhlw-hospital/versions/r7?facilityId=${fac(ctx, c.side).id}`) }),
  },
  { method: 'POST', path: '/api/v1/frameworks/validate', auth: 'full', expect: everyone(OK), target: (ctx) => ({ url: v1('/frameworks/validate?fileName=m.yaml'), upload: FRAMEWORK_UPLOAD(ctx) }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/frameworks',
    auth: 'full',
    expect: FRAMEWORK_MANAGE,
    target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/frameworks?fileName=m.yaml`), upload: FRAMEWORK_UPLOAD(ctx) }),
  },
  {
    method: 'POST',
    path: '/api/v1/groups/:groupId/frameworks',
    auth: 'full',
    // The group's administrator (GA holds A) or a deployment administrator; checked before any lookup, so 403 for others.
    expect: { own: by({ [OK]: ['admin', 'group_admin'], [FORBIDDEN]: '*' }), foreign: by({ [OK]: ['admin'], [FORBIDDEN]: '*' }) },
    target: (ctx, c) => ({ url: v1(`/groups/${c.side === 'own' ? ctx.GA : ctx.GB}/frameworks?fileName=m.yaml`), upload: FRAMEWORK_UPLOAD(ctx) }),
  },
  { method: 'DELETE', path: '/api/v1/custom-frameworks/:recordId', auth: 'full', expect: FRAMEWORK_MANAGE, target: async (ctx, c) => ({ url: v1(`/custom-frameworks/${await matrixCustomFramework(ctx, c.side)}`) }) },
  // (end of helper A's issue 5 rows)
  // --- assessment export — issue 5 helper F's section ---------------------------------------------------
  {
    method: 'GET',
    path: '/api/v1/assessments/:id/export',
    auth: 'full',
    expect: ASSESSMENT_EXPORT,
    target: async (ctx, c) => ({ url: v1(`/assessments/${await exportAssessment(ctx, c.side)}/export?format=html`) }),
  },
  // (end of helper F's issue 5 rows)
  // --- assessments core (現状調査) — issue 5 helper C's section -----------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/assessments', auth: 'full', expect: CORE_LIST, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/assessments`) }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/assessments',
    auth: 'full',
    expect: CORE_CREATE,
    target: async (ctx, c) => {
      await coreFrameworks(ctx, c.side);
      const vendorId = await insertMatrixVendor(ctx, fac(ctx, c.side).id, null);
      return { url: v1(`/facilities/${fac(ctx, c.side).id}/assessments`), body: { frameworkId: 'matrix-core-vendor', version: 'v1', vendorId } };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/assessments/compare',
    auth: 'full',
    expect: CORE_READ,
    target: async (ctx, c) => {
      const id = await coreHospital(ctx, c.side);
      return { url: v1(`/assessments/compare?a=${id}&b=${id}`) };
    },
  },
  { method: 'GET', path: '/api/v1/assessments/:id', auth: 'full', expect: CORE_READ, target: async (ctx, c) => ({ url: v1(`/assessments/${await coreHospital(ctx, c.side)}`) }) },
  { method: 'DELETE', path: '/api/v1/assessments/:id', auth: 'full', expect: CORE_MANAGE, target: async (ctx, c) => ({ url: v1(`/assessments/${await coreVendorSheet(ctx, c.side)}`) }) },
  {
    method: 'PUT',
    path: '/api/v1/assessments/:id/answers/:itemId',
    auth: 'full',
    expect: CORE_ANSWER,
    target: async (ctx, c) => ({ url: v1(`/assessments/${await coreHospital(ctx, c.side)}/answers/gate`), body: { answer: 'yes' } }),
  },
  { method: 'GET', path: '/api/v1/assessments/:id/history', auth: 'full', expect: CORE_READ, target: async (ctx, c) => ({ url: v1(`/assessments/${await coreHospital(ctx, c.side)}/history`) }) },
  {
    method: 'POST',
    path: '/api/v1/assessments/:id/evidence',
    auth: 'full',
    expect: CORE_ANSWER,
    target: async (ctx, c) => ({ url: v1(`/assessments/${await coreHospital(ctx, c.side)}/evidence`), body: { itemId: 'one', kind: 'url', title: '手順書', url: 'https://intra.example.jp/doc' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/assessments/:id/evidence/file',
    auth: 'full',
    expect: CORE_ANSWER,
    target: async (ctx, c) => ({ url: v1(`/assessments/${await coreHospital(ctx, c.side)}/evidence/file?itemId=one`), upload: { payload: MATRIX_PDF, contentType: 'application/pdf' } }),
  },
  {
    method: 'GET',
    path: '/api/v1/assessments/:id/evidence/:evidenceId/file',
    auth: 'full',
    expect: CORE_READ,
    target: async (ctx, c) => {
      const e = await sharedCoreEvidence(ctx, c.side);
      return { url: v1(`/assessments/${e.assessmentId}/evidence/${e.id}/file`) };
    },
  },
  {
    method: 'DELETE',
    path: '/api/v1/assessments/:id/evidence/:evidenceId',
    auth: 'full',
    expect: CORE_ANSWER,
    target: async (ctx, c) => {
      const e = await coreEvidence(ctx, c.side);
      return { url: v1(`/assessments/${e.assessmentId}/evidence/${e.id}`) };
    },
  },
  { method: 'POST', path: '/api/v1/assessments/:id/signoff', auth: 'full', expect: CORE_SIGN, target: async (ctx, c) => ({ url: v1(`/assessments/${await coreHospital(ctx, c.side)}/signoff`), body: { role: 'manager' } }) },
  {
    method: 'POST',
    path: '/api/v1/assessments/:id/carry-over',
    auth: 'full',
    expect: CORE_MANAGE,
    target: async (ctx, c) => ({ url: v1(`/assessments/${await coreVendorSheet(ctx, c.side)}/carry-over`), body: { version: 'v2' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/assessments/:id/items/:itemId/actions',
    auth: 'full',
    expect: CORE_ACTION,
    target: async (ctx, c) => ({ url: v1(`/assessments/${await coreHospital(ctx, c.side)}/items/one/actions`), body: {} }),
  },
  // (end of helper C's issue 5 rows)
  // --- contact chart (連絡体制図) — issue 6 helper I1's section ------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/contact-chart', auth: 'full', expect: CONTACTS_READ, target: (ctx, c) => ({ url: contactChartUrl(ctx, c.side) }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/contact-chart/entries',
    auth: 'full',
    expect: CONTACTS_WRITE,
    target: (ctx, c) => ({ url: contactChartUrl(ctx, c.side, '/entries'), body: { side: 'internal', kind: 'it', roleLabel: `matrix-${seq(ctx)}`, phone: '090-0000-0000' } }),
  },
  {
    method: 'PUT',
    path: '/api/v1/facilities/:facilityId/contact-chart/order',
    auth: 'full',
    expect: CONTACTS_WRITE,
    target: async (ctx, c) => ({ url: contactChartUrl(ctx, c.side, '/order'), body: { side: 'external', ids: [await sharedExternalContact(ctx, c.side)] } }),
  },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/contact-chart/export', auth: 'full', expect: CONTACTS_READ, target: (ctx, c) => ({ url: contactChartUrl(ctx, c.side, '/export?format=html') }) },
  { method: 'PATCH', path: '/api/v1/contact-entries/:id', auth: 'full', expect: CONTACTS_WRITE, target: async (ctx, c) => ({ url: v1(`/contact-entries/${await matrixContactEntry(ctx, c.side)}`), body: { notes: 'matrix' } }) },
  { method: 'DELETE', path: '/api/v1/contact-entries/:id', auth: 'full', expect: CONTACTS_WRITE, target: async (ctx, c) => ({ url: v1(`/contact-entries/${await matrixContactEntry(ctx, c.side)}`) }) },
  // (end of helper I1's issue 6 rows)
  // --- playbooks (対応手順書) — issue 6 helper H7's section ---------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/playbooks', auth: 'full', expect: PLAYBOOK_READ, target: (ctx, c) => ({ url: playbooksUrl(ctx, c.side) }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/playbooks/:category', auth: 'full', expect: PLAYBOOK_READ, target: (ctx, c) => ({ url: playbooksUrl(ctx, c.side, '/ransomware') }) },
  { method: 'PUT', path: '/api/v1/facilities/:facilityId/playbooks/:category', auth: 'full', expect: PLAYBOOK_MANAGE, target: (ctx, c) => ({ url: playbooksUrl(ctx, c.side, '/other'), body: { definition: MATRIX_PLAYBOOK } }) },
  { method: 'DELETE', path: '/api/v1/facilities/:facilityId/playbooks/:category', auth: 'full', expect: PLAYBOOK_MANAGE, target: (ctx, c) => ({ url: playbooksUrl(ctx, c.side, '/malware') }) },
  // (end of helper H7's issue 6 rows)
  // --- incident cases (インシデント案件) — issue 6 helper H2's section -------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/incidents', auth: 'full', expect: INCIDENT_READ, target: (ctx, c) => ({ url: casesUrl(ctx, c.side) }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/incidents',
    auth: 'full',
    expect: INCIDENT_WRITE,
    target: (ctx, c) => ({ url: casesUrl(ctx, c.side), body: { title: `matrix-${seq(ctx)}`, category: 'other', discoveredAt: new Date(ctx.env.clock.now().getTime() - 3_600_000).toISOString() } }),
  },
  { method: 'GET', path: '/api/v1/incidents/:id', auth: 'full', expect: INCIDENT_READ, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}`) }) },
  { method: 'PATCH', path: '/api/v1/incidents/:id', auth: 'full', expect: INCIDENT_WRITE, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}`), body: { title: `matrix-${seq(ctx)}` } }) },
  { method: 'POST', path: '/api/v1/incidents/:id/phase', auth: 'full', expect: INCIDENT_WRITE, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}/phase`), body: { phase: 'reporting' } }) },
  { method: 'POST', path: '/api/v1/incidents/:id/close', auth: 'full', expect: INCIDENT_MANAGE, target: async (ctx, c) => ({ url: v1(`/incidents/${await matrixCase(ctx, c.side)}/close`), body: {} }) },
  { method: 'POST', path: '/api/v1/incidents/:id/reopen', auth: 'full', expect: INCIDENT_MANAGE, target: async (ctx, c) => ({ url: v1(`/incidents/${await matrixCase(ctx, c.side, true)}/reopen`), body: {} }) },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/tasks',
    auth: 'full',
    expect: INCIDENT_WRITE,
    target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}/tasks`), body: { phase: 'detection', title: `matrix-${seq(ctx)}` } }),
  },
  { method: 'PATCH', path: '/api/v1/incident-tasks/:taskId', auth: 'full', expect: INCIDENT_WRITE, target: async (ctx, c) => ({ url: v1(`/incident-tasks/${await matrixTask(ctx, c.side)}`), body: { done: true } }) },
  { method: 'DELETE', path: '/api/v1/incident-tasks/:taskId', auth: 'full', expect: INCIDENT_WRITE, target: async (ctx, c) => ({ url: v1(`/incident-tasks/${await matrixTask(ctx, c.side)}`) }) },
  { method: 'POST', path: '/api/v1/incidents/:id/team', auth: 'full', expect: INCIDENT_WRITE, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}/team`), body: { role: 'other', name: `matrix-${seq(ctx)}` } }) },
  { method: 'DELETE', path: '/api/v1/incident-team/:memberId', auth: 'full', expect: INCIDENT_WRITE, target: async (ctx, c) => ({ url: v1(`/incident-team/${await matrixTeamMember(ctx, c.side)}`) }) },
  // (end of helper H2's issue 6 rows)
  // --- case records (timeline, affected, observables, comms) — issue 6 helper H3's section ---------------------
  { method: 'GET', path: '/api/v1/incidents/:id/timeline', auth: 'full', expect: RECORDS_READ, target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'timeline') }) },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/timeline',
    auth: 'full',
    expect: RECORDS_WRITE,
    target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'timeline'), body: { occurredAt: recordTime(ctx), kind: 'note', text: `matrix-${seq(ctx)}` } }),
  },
  { method: 'DELETE', path: '/api/v1/incident-timeline/:entryId', auth: 'full', expect: RECORDS_WRITE, target: async (ctx, c) => ({ url: v1(`/incident-timeline/${await matrixRecord.timeline(ctx, c.side)}`) }) },
  { method: 'GET', path: '/api/v1/incidents/:id/affected', auth: 'full', expect: RECORDS_READ, target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'affected') }) },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/affected',
    auth: 'full',
    expect: RECORDS_WRITE,
    target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'affected'), body: { targetType: 'asset', targetId: await ledgerAsset(ctx, c.side) } }),
  },
  { method: 'DELETE', path: '/api/v1/incident-affected/:id', auth: 'full', expect: RECORDS_WRITE, target: async (ctx, c) => ({ url: v1(`/incident-affected/${await matrixRecord.affected(ctx, c.side)}`) }) },
  { method: 'GET', path: '/api/v1/incidents/:id/observables', auth: 'full', expect: RECORDS_READ, target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'observables') }) },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/observables',
    auth: 'full',
    expect: RECORDS_WRITE,
    target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'observables'), body: { type: 'domain', value: `matrix-${seq(ctx)}.example` } }),
  },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/observables/bulk',
    auth: 'full',
    expect: RECORDS_WRITE,
    target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'observables/bulk'), body: { text: `matrix-${seq(ctx)}.example\nnot a value` } }),
  },
  { method: 'GET', path: '/api/v1/incidents/:id/observables.csv', auth: 'full', expect: RECORDS_READ, target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'observables.csv') }) },
  { method: 'DELETE', path: '/api/v1/incident-observables/:id', auth: 'full', expect: RECORDS_WRITE, target: async (ctx, c) => ({ url: v1(`/incident-observables/${await matrixRecord.observable(ctx, c.side)}`) }) },
  { method: 'GET', path: '/api/v1/incidents/:id/comms', auth: 'full', expect: RECORDS_READ, target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'comms') }) },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/comms',
    auth: 'full',
    expect: RECORDS_WRITE,
    target: async (ctx, c) => ({ url: await recordUrl(ctx, c.side, 'comms'), body: { occurredAt: recordTime(ctx), direction: 'incoming', channel: 'email', party: 'matrix', summary: `matrix-${seq(ctx)}` } }),
  },
  { method: 'DELETE', path: '/api/v1/incident-comms/:id', auth: 'full', expect: RECORDS_WRITE, target: async (ctx, c) => ({ url: v1(`/incident-comms/${await matrixRecord.comm(ctx, c.side)}`) }) },
  // (end of helper H3's issue 6 rows)
  // --- incident reports (インシデントかも?) — issue 6 helper H1's section --------------------------------------
  { method: 'POST', path: '/api/v1/facilities/:facilityId/incident-reports', auth: 'full', expect: REPORT_CREATE, target: (ctx, c) => ({ url: reportsUrl(ctx, c.side), body: { what: `matrix-${seq(ctx)}` } }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/incident-reports', auth: 'full', expect: REPORT_LIST, target: (ctx, c) => ({ url: reportsUrl(ctx, c.side) }) },
  { method: 'GET', path: '/api/v1/incident-reports/:id', auth: 'full', expect: REPORT_READ_OTHERS, target: async (ctx, c) => ({ url: v1(`/incident-reports/${await sharedReport(ctx, c.side)}`) }) },
  { method: 'GET', path: '/api/v1/incident-reports/:id/photo', auth: 'full', expect: REPORT_READ_OTHERS, target: async (ctx, c) => ({ url: v1(`/incident-reports/${await sharedReport(ctx, c.side)}/photo`) }) },
  {
    method: 'POST',
    path: '/api/v1/incident-reports/:id/open-case',
    auth: 'full',
    expect: REPORT_TRIAGE,
    target: async (ctx, c) => ({ url: v1(`/incident-reports/${await matrixReport(ctx, c.side)}/open-case`), body: { category: 'other' } }),
  },
  {
    method: 'POST',
    path: '/api/v1/incident-reports/:id/merge',
    auth: 'full',
    expect: REPORT_TRIAGE,
    target: async (ctx, c) => ({ url: v1(`/incident-reports/${await matrixReport(ctx, c.side)}/merge`), body: { caseId: await reportMergeCase(ctx, c.side) } }),
  },
  {
    method: 'POST',
    path: '/api/v1/incident-reports/:id/dismiss',
    auth: 'full',
    expect: REPORT_TRIAGE,
    target: async (ctx, c) => ({ url: v1(`/incident-reports/${await matrixReport(ctx, c.side)}/dismiss`), body: { reason: 'matrix' } }),
  },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/report-link', auth: 'full', expect: REPORT_LINK_MANAGE, target: (ctx, c) => ({ url: reportLinkUrl(ctx, c.side) }) },
  { method: 'POST', path: '/api/v1/facilities/:facilityId/report-link', auth: 'full', expect: REPORT_LINK_MANAGE, target: (ctx, c) => ({ url: reportLinkUrl(ctx, c.side) }) },
  { method: 'DELETE', path: '/api/v1/facilities/:facilityId/report-link', auth: 'full', expect: REPORT_LINK_MANAGE, target: (ctx, c) => ({ url: reportLinkUrl(ctx, c.side) }) },
  {
    method: 'GET',
    path: '/api/v1/facilities/:facilityId/report-link/poster',
    auth: 'full',
    expect: REPORT_LINK_MANAGE,
    target: async (ctx, c) => ({ url: reportLinkUrl(ctx, c.side, `/poster?token=${await matrixReportLink(ctx, c.side)}`) }),
  },
  // Through the poster's link: no account; the token is the credential (a session plays no part).
  { method: 'GET', path: '/api/v1/public/report/:token', auth: 'public', expect: everyone(OK), anonymous: OK, target: async (ctx) => ({ url: v1(`/public/report/${await sharedPublicReportToken(ctx)}`) }) },
  {
    method: 'POST',
    path: '/api/v1/public/report/:token',
    auth: 'public',
    expect: everyone(OK),
    anonymous: OK,
    target: async (ctx) => ({ url: v1(`/public/report/${await sharedPublicReportToken(ctx)}`), body: { what: `matrix-${seq(ctx)}` } }),
  },
  // (end of helper H1's issue 6 rows)
  // --- on-call alerts (インシデント連絡) — issue 6 helper H6's section -----------------------------------------
  {
    method: 'GET',
    path: '/api/v1/public/alerts/ack/:token',
    auth: 'public',
    expect: everyone(OK),
    anonymous: OK,
    target: async (ctx, c) => ({ url: v1(`/public/alerts/ack/${(await matrixAlert(ctx, c.side)).token}`) }),
  },
  {
    method: 'POST',
    path: '/api/v1/public/alerts/ack/:token',
    auth: 'public',
    expect: everyone(OK),
    anonymous: OK,
    target: async (ctx, c) => ({ url: v1(`/public/alerts/ack/${(await matrixAlert(ctx, c.side)).token}`), body: {} }),
  },
  { method: 'POST', path: '/api/v1/incident-alerts/:id/ack', auth: 'full', expect: ALERT_ACK, target: async (ctx, c) => ({ url: v1(`/incident-alerts/${(await matrixAlert(ctx, c.side)).id}/ack`), body: {} }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/incident-alerts', auth: 'full', expect: ALERT_READ, target: (ctx, c) => ({ url: alertFacilityUrl(ctx, c.side, '/incident-alerts') }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/alert-settings', auth: 'full', expect: ALERT_READ, target: (ctx, c) => ({ url: alertFacilityUrl(ctx, c.side, '/alert-settings') }) },
  {
    method: 'PUT',
    path: '/api/v1/facilities/:facilityId/alert-settings',
    auth: 'full',
    expect: ALERT_MANAGE,
    target: (ctx, c) => ({ url: alertFacilityUrl(ctx, c.side, '/alert-settings'), body: { escalateAfterMinutes: 10, emailEnabled: true } }),
  },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/webhooks', auth: 'full', expect: ALERT_MANAGE, target: (ctx, c) => ({ url: alertFacilityUrl(ctx, c.side, '/webhooks') }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/webhooks',
    auth: 'full',
    expect: ALERT_MANAGE,
    target: (ctx, c) => ({ url: alertFacilityUrl(ctx, c.side, '/webhooks'), body: { name: `matrix-${seq(ctx)}`, format: 'slack', url: 'https://chat.example.com/hooks/matrix' } }),
  },
  {
    method: 'PATCH',
    path: '/api/v1/facilities/:facilityId/webhooks/:webhookId',
    auth: 'full',
    expect: ALERT_MANAGE,
    target: async (ctx, c) => ({ url: alertFacilityUrl(ctx, c.side, `/webhooks/${await matrixWebhook(ctx, c.side)}`), body: { enabled: false } }),
  },
  {
    method: 'DELETE',
    path: '/api/v1/facilities/:facilityId/webhooks/:webhookId',
    auth: 'full',
    expect: ALERT_MANAGE,
    target: async (ctx, c) => ({ url: alertFacilityUrl(ctx, c.side, `/webhooks/${await matrixWebhook(ctx, c.side)}`) }),
  },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/webhooks/:webhookId/test',
    auth: 'full',
    expect: ALERT_MANAGE,
    target: async (ctx, c) => ({ url: alertFacilityUrl(ctx, c.side, `/webhooks/${await matrixWebhook(ctx, c.side)}/test`), body: {} }),
  },
  // (end of helper H6's issue 6 rows)
  // --- legal clocks, filings and report drafts — issue 6 helper H4's section ------------------------------------
  { method: 'GET', path: '/api/v1/incidents/:id/clocks', auth: 'full', expect: INCIDENT_READ, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}/clocks`) }) },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/filings',
    auth: 'full',
    expect: INCIDENT_WRITE,
    target: async (ctx, c) => {
      const k = await matrixClockCase(ctx, c.side);
      return { url: v1(`/incidents/${k.id}/filings`), body: { ruleId: 'ppc.preliminary', filedAt: k.discoveredAt, reference: 'matrix' } };
    },
  },
  { method: 'DELETE', path: '/api/v1/incident-filings/:id', auth: 'full', expect: INCIDENT_MANAGE, target: async (ctx, c) => ({ url: v1(`/incident-filings/${await matrixFiling(ctx, c.side)}`) }) },
  { method: 'GET', path: '/api/v1/incident-clocks', auth: 'full', expect: CLOCK_OVERVIEW, target: (ctx, c) => ({ url: v1(`/incident-clocks?facilityId=${fac(ctx, c.side).id}`) }) },
  { method: 'GET', path: '/api/v1/incidents/:id/drafts/:kind', auth: 'full', expect: INCIDENT_READ, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}/drafts/ppc`) }) },
  {
    method: 'PUT',
    path: '/api/v1/incidents/:id/drafts/:kind',
    auth: 'full',
    expect: INCIDENT_WRITE,
    target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}/drafts/internal`), body: { fields: { decisions: `matrix-${seq(ctx)}` } } }),
  },
  {
    method: 'GET',
    path: '/api/v1/incidents/:id/drafts/:kind/export',
    auth: 'full',
    expect: INCIDENT_READ,
    target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}/drafts/mhlw_first/export?format=text`) }),
  },
  // (end of helper H4's issue 6 rows)
  // --- evidence, custody and the after-incident review — issue 6 helper H5's section -----------------------------
  { method: 'GET', path: '/api/v1/incidents/:id/evidence', auth: 'full', expect: EVIDENCE_READ, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedEvidenceCase(ctx, c.side)}/evidence`) }) },
  { method: 'POST', path: '/api/v1/incidents/:id/evidence', auth: 'full', expect: EVIDENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedEvidenceCase(ctx, c.side)}/evidence`), body: evidenceFields(ctx) }) },
  {
    method: 'POST',
    path: '/api/v1/incidents/:id/evidence/file',
    auth: 'full',
    expect: EVIDENCE_WRITE,
    target: async (ctx, c) => ({
      url: v1(`/incidents/${await sharedEvidenceCase(ctx, c.side)}/evidence/file?${new URLSearchParams(evidenceFields(ctx))}`),
      upload: { payload: 'matrix upload', contentType: 'text/plain' },
    }),
  },
  { method: 'GET', path: '/api/v1/incidents/:id/custody/verify', auth: 'full', expect: EVIDENCE_READ, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedEvidenceCase(ctx, c.side)}/custody/verify`) }) },
  {
    method: 'POST',
    path: '/api/v1/incident-evidence/:id/custody',
    auth: 'full',
    expect: EVIDENCE_WRITE,
    target: async (ctx, c) => ({ url: v1(`/incident-evidence/${await sharedEvidenceItem(ctx, c.side)}/custody`), body: { action: 'analysed', occurredAt: ctx.env.clock.now().toISOString(), note: `matrix-${seq(ctx)}` } }),
  },
  { method: 'GET', path: '/api/v1/incident-evidence/:id/file', auth: 'full', expect: EVIDENCE_READ, target: async (ctx, c) => ({ url: v1(`/incident-evidence/${await sharedEvidenceItem(ctx, c.side)}/file`) }) },
  { method: 'GET', path: '/api/v1/incidents/:id/review', auth: 'full', expect: EVIDENCE_READ, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedEvidenceCase(ctx, c.side)}/review`) }) },
  { method: 'PUT', path: '/api/v1/incidents/:id/review', auth: 'full', expect: REVIEW_WRITE, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedEvidenceCase(ctx, c.side)}/review`), body: { lessons: `matrix-${seq(ctx)}` } }) },
  { method: 'POST', path: '/api/v1/incidents/:id/review/complete', auth: 'full', expect: REVIEW_WRITE, target: async (ctx, c) => ({ url: v1(`/incidents/${await reviewReadyCase(ctx, c.side)}/review/complete`) }) },
  { method: 'POST', path: '/api/v1/incidents/:id/review/actions', auth: 'full', expect: REVIEW_WRITE, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedEvidenceCase(ctx, c.side)}/review/actions`), body: { title: `matrix-${seq(ctx)}` } }) },
  // (end of helper H5's issue 6 rows)
  // --- the whole case printable (案件報告書) — issue 6 helper K's section ----------------------------------------
  { method: 'GET', path: '/api/v1/incidents/:id/export', auth: 'full', expect: INCIDENT_READ, target: async (ctx, c) => ({ url: v1(`/incidents/${await sharedCase(ctx, c.side)}/export?format=html`) }) },
  // (end of helper K's issue 6 rows)
  // --- 備え (issue 7): backups — helper S1's section ---------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/backup-plans', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: backupFacilityUrl(ctx, c.side, '/backup-plans') }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/backup-plans',
    auth: 'full',
    expect: RESILIENCE_WRITE,
    target: async (ctx, c) => ({ url: backupFacilityUrl(ctx, c.side, '/backup-plans'), body: backupPlanBody(await sharedBackupAsset(ctx, c.side)) }),
  },
  { method: 'GET', path: '/api/v1/backup-plans/:id', auth: 'full', expect: RESILIENCE_READ, target: async (ctx, c) => ({ url: v1(`/backup-plans/${await sharedBackupPlan(ctx, c.side)}`) }) },
  { method: 'PATCH', path: '/api/v1/backup-plans/:id', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/backup-plans/${await matrixBackupPlan(ctx, c.side)}`), body: { generations: 4, expectedVersion: 1 } }) },
  { method: 'POST', path: '/api/v1/backup-plans/:id/retire', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/backup-plans/${await matrixBackupPlan(ctx, c.side)}/retire`), body: { expectedVersion: 1 } }) },
  {
    method: 'POST',
    path: '/api/v1/backup-plans/:id/reinstate',
    auth: 'full',
    expect: RESILIENCE_WRITE,
    target: async (ctx, c) => {
      const id = await matrixBackupPlan(ctx, c.side);
      await ctx.env.deps.db.updateTable('backup_plans').set({ retired_at: ctx.env.clock.now().toISOString(), version: 2 }).where('id', '=', id).execute();
      return { url: v1(`/backup-plans/${id}/reinstate`), body: { expectedVersion: 2 } };
    },
  },
  { method: 'GET', path: '/api/v1/backup-plans/:id/runs', auth: 'full', expect: RESILIENCE_READ, target: async (ctx, c) => ({ url: v1(`/backup-plans/${await sharedBackupPlan(ctx, c.side)}/runs`) }) },
  {
    method: 'POST',
    path: '/api/v1/backup-plans/:id/runs',
    auth: 'full',
    expect: RESILIENCE_WRITE,
    target: async (ctx, c) => ({ url: v1(`/backup-plans/${await sharedBackupPlan(ctx, c.side)}/runs`), body: { ...backupRunTimes(ctx), status: 'success' } }),
  },
  { method: 'DELETE', path: '/api/v1/backup-runs/:id', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/backup-runs/${await matrixBackupRun(ctx, c.side)}`) }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/backup-runs/import',
    auth: 'full',
    expect: RESILIENCE_WRITE,
    target: (ctx, c) => ({ url: backupFacilityUrl(ctx, c.side, '/backup-runs/import?dryRun=true&fileName=r.csv'), upload: { payload: 'job,started_at,finished_at,status\r\nmatrix-job,2026-01-01 02:00,2026-01-01 03:00,success\r\n', contentType: 'text/csv' } }),
  },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/backups/overview', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: backupFacilityUrl(ctx, c.side, '/backups/overview') }) },
  {
    method: 'POST',
    path: '/api/v1/backup-results',
    auth: 'full',
    expect: RESILIENCE_WRITE,
    target: async (ctx, c) => {
      await sharedBackupPlan(ctx, c.side);
      return { url: v1('/backup-results'), body: { facility: fac(ctx, c.side).code, job: 'matrix-job', ...backupRunTimes(ctx), status: 'success' } };
    },
  },
  // (end of helper S1's issue 7 rows)
  // --- 備え (issue 7): recovery targets, order and drills — helper S2's section ---------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/recovery-targets', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: backupFacilityUrl(ctx, c.side, '/recovery-targets') }) },
  { method: 'PUT', path: '/api/v1/recovery-targets/:assetId', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/recovery-targets/${await sharedBackupAsset(ctx, c.side)}`), body: { rtoHours: seq(ctx) } }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/recovery-order', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: backupFacilityUrl(ctx, c.side, '/recovery-order') }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/drill-schedule', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: backupFacilityUrl(ctx, c.side, '/drill-schedule') }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/restore-drills', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: backupFacilityUrl(ctx, c.side, '/restore-drills') }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/restore-drills',
    auth: 'full',
    expect: RESILIENCE_WRITE,
    target: async (ctx, c) => ({ url: backupFacilityUrl(ctx, c.side, '/restore-drills'), body: { assetId: await sharedBackupAsset(ctx, c.side), plannedOn: '2026-12-24' } }),
  },
  { method: 'GET', path: '/api/v1/restore-drills/:id', auth: 'full', expect: RESILIENCE_READ, target: async (ctx, c) => ({ url: v1(`/restore-drills/${await matrixDrill(ctx, c.side)}`) }) },
  { method: 'PATCH', path: '/api/v1/restore-drills/:id', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/restore-drills/${await matrixDrill(ctx, c.side)}`), body: { notes: 'matrix', expectedVersion: 1 } }) },
  { method: 'POST', path: '/api/v1/restore-drills/:id/record', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/restore-drills/${await matrixDrill(ctx, c.side)}/record`), body: { ...drillTimes(ctx), expectedVersion: 1 } }) },
  { method: 'POST', path: '/api/v1/restore-drills/:id/cancel', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/restore-drills/${await matrixDrill(ctx, c.side)}/cancel`), body: { expectedVersion: 1 } }) },
  { method: 'DELETE', path: '/api/v1/restore-drills/:id', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/restore-drills/${await matrixDrill(ctx, c.side)}`) }) },
  { method: 'POST', path: '/api/v1/restore-drills/:id/actions', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/restore-drills/${await matrixDrill(ctx, c.side)}/actions`), body: { title: 'matrix follow-up' } }) },
  // (end of helper S2's issue 7 rows)
  // --- 備え (issue 7): BCP and exercises — helper S3's section ---------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/bcp', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/bcp`) }) },
  {
    method: 'POST',
    path: '/api/v1/facilities/:facilityId/bcp',
    auth: 'full',
    expect: BCP_MANAGE,
    target: async (ctx, c) => {
      await clearBcpDrafts(ctx, c.side);
      return { url: v1(`/facilities/${fac(ctx, c.side).id}/bcp`) };
    },
  },
  { method: 'GET', path: '/api/v1/bcp-versions/:id', auth: 'full', expect: RESILIENCE_READ, target: async (ctx, c) => ({ url: v1(`/bcp-versions/${await matrixBcp(ctx, c.side)}`) }) },
  {
    method: 'PUT',
    path: '/api/v1/bcp-versions/:id/content',
    auth: 'full',
    expect: RESILIENCE_WRITE,
    target: async (ctx, c) => ({ url: v1(`/bcp-versions/${await matrixBcp(ctx, c.side)}/content`), body: { content: { triggers: [{ text: 'matrix' }] }, expectedVersion: 1 } }),
  },
  { method: 'POST', path: '/api/v1/bcp-versions/:id/submit', auth: 'full', expect: BCP_MANAGE, target: async (ctx, c) => ({ url: v1(`/bcp-versions/${await matrixBcp(ctx, c.side)}/submit`), body: {} }) },
  { method: 'POST', path: '/api/v1/bcp-versions/:id/return', auth: 'full', expect: BCP_RETURN, target: async (ctx, c) => ({ url: v1(`/bcp-versions/${await matrixBcp(ctx, c.side, 'in_review')}/return`), body: { reason: 'matrix' } }) },
  { method: 'POST', path: '/api/v1/bcp-versions/:id/approve', auth: 'full', expect: BCP_APPROVE, target: async (ctx, c) => ({ url: v1(`/bcp-versions/${await matrixBcp(ctx, c.side, 'in_review')}/approve`), body: {} }) },
  { method: 'DELETE', path: '/api/v1/bcp-versions/:id', auth: 'full', expect: BCP_MANAGE, target: async (ctx, c) => ({ url: v1(`/bcp-versions/${await matrixBcp(ctx, c.side)}`) }) },
  { method: 'GET', path: '/api/v1/bcp-versions/:id/export', auth: 'full', expect: RESILIENCE_READ, target: async (ctx, c) => ({ url: v1(`/bcp-versions/${await matrixBcp(ctx, c.side)}/export?format=html`) }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/exercises', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/exercises`) }) },
  { method: 'POST', path: '/api/v1/facilities/:facilityId/exercises', auth: 'full', expect: RESILIENCE_WRITE, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/exercises`), body: matrixExerciseBody() }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/exercises/requirement', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/exercises/requirement?fiscalYear=2026`) }) },
  { method: 'GET', path: '/api/v1/exercises/:id', auth: 'full', expect: RESILIENCE_READ, target: async (ctx, c) => ({ url: v1(`/exercises/${await matrixExercise(ctx, c.side)}`) }) },
  { method: 'PATCH', path: '/api/v1/exercises/:id', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/exercises/${await matrixExercise(ctx, c.side)}`), body: { notes: 'matrix', expectedVersion: 1 } }) },
  { method: 'DELETE', path: '/api/v1/exercises/:id', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/exercises/${await matrixExercise(ctx, c.side)}`) }) },
  { method: 'POST', path: '/api/v1/exercises/:id/actions', auth: 'full', expect: RESILIENCE_WRITE, target: async (ctx, c) => ({ url: v1(`/exercises/${await matrixExercise(ctx, c.side)}/actions`), body: { title: 'matrix action' } }) },
  // (end of helper S3's issue 7 rows)
  // --- 備え (issue 7): emergency binder — helper S4's section ---------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/binder', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/binder?format=html`) }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/binder/status', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/binder/status`) }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/binder/check/:code', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/binder/check/BND-20260101-AAAA`) }) },
  { method: 'GET', path: '/api/v1/facilities/:facilityId/binder/prints', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/binder/prints`) }) },
  // (end of helper S4's issue 7 rows)
  // --- 備え (issue 7): dashboard summary — helper S5's section ---------------------------------------------
  { method: 'GET', path: '/api/v1/facilities/:facilityId/resilience/summary', auth: 'full', expect: RESILIENCE_READ, target: (ctx, c) => ({ url: v1(`/facilities/${fac(ctx, c.side).id}/resilience/summary`) }) },
  // (end of helper S5's issue 7 rows)
];

function errorCode(res: LightMyRequestResponse): string {
  try {
    return (res.json() as { error?: { code?: string } }).error?.code ?? '-';
  } catch {
    return '-';
  }
}

function matches(expected: Outcome, res: LightMyRequestResponse): boolean {
  if (expected === OK) return res.statusCode >= 200 && res.statusCode < 300;
  return `${res.statusCode} ${errorCode(res)}` === expected;
}

const routeKey = (method: string, path: string) => `${method} ${path}`;

/** Builds the app while recording every route it registers (Fastify publishes each new instance on this channel). */
async function buildRecordingApp(env: TestEnv): Promise<{ app: FastifyInstance; routes: Map<string, AuthMode> }> {
  const routes = new Map<string, AuthMode>();
  const onInit = (message: unknown): void => {
    (message as { fastify: FastifyInstance }).fastify.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        routes.set(routeKey(method, route.url), route.config?.auth ?? 'full');
      }
    });
  };
  diagnostics.subscribe('fastify.initialization', onInit);
  try {
    return { app: await buildTestApp(env), routes };
  } finally {
    diagnostics.unsubscribe('fastify.initialization', onInit);
  }
}

describe.each(DIALECTS)('authorization matrix (%s)', (dialect) => {
  let ctx: Ctx;
  let routes: Map<string, AuthMode>;

  beforeAll(async () => {
    const env = await createTestEnv(dialect);
    const built = await buildRecordingApp(env);
    routes = built.routes;
    const A = await makeFacility(env, 'FA');
    const B = await makeFacility(env, 'FB');
    const users = {} as Record<Who, Person>;
    users.admin = await makeUser(env, 'admin@matrix.jp', [], { isAdmin: true });
    users.group_admin = await makeUser(env, 'group-admin@matrix.jp', []);
    for (const role of FACILITY_ROLES) users[role] = await makeUser(env, `${role.replace('_', '-')}@matrix.jp`, [{ role, facilityId: A.id }]);
    const ownerB = await makeUser(env, 'owner-b@matrix.jp', [{ role: 'staff', facilityId: B.id }]);
    const row = await env.deps.db.selectFrom('users').select('password_hash').where('id', '=', ownerB.id).executeTakeFirstOrThrow();
    ctx = { env, app: built.app, A, B, GA: '', GB: '', users, ownerB, clients: {} as Record<Who, TestClient>, anon: undefined as unknown as TestClient, passwordHash: row.password_hash, n: 0 };
    ctx.anon = clientFor(ctx, null);

    // The administrator sets up the groups over HTTP and makes the group administrator.
    const admin = clientFor(ctx, 'admin');
    await admin.login(users.admin.email);
    ctx.clients.admin = admin;
    const ga = await admin.post(v1('/groups'), { code: 'GA', name: 'A法人', kind: 'corporation' });
    const gb = await admin.post(v1('/groups'), { code: 'GB', name: 'B法人', kind: 'corporation' });
    ctx.GA = (ga.json() as { id: string }).id;
    ctx.GB = (gb.json() as { id: string }).id;
    expect((await admin.post(v1(`/groups/${ctx.GA}/facilities`), { facilityId: A.id })).statusCode).toBe(200);
    expect((await admin.post(v1(`/groups/${ctx.GB}/facilities`), { facilityId: B.id })).statusCode).toBe(200);
    expect((await admin.post(v1(`/users/${users.group_admin.id}/roles`), { role: 'group_admin', groupId: ctx.GA })).statusCode).toBe(200);

    for (const who of WHO) {
      if (who === 'admin') continue;
      const c = clientFor(ctx, who);
      await c.login(users[who].email);
      ctx.clients[who] = c;
    }
  });

  afterAll(async () => {
    await ctx?.app.close();
    await ctx?.env.close();
  });

  it('lists every /api/v1 route of the running app, with the auth mode the route declares', () => {
    const served = [...routes.entries()].filter(([key]) => key.split(' ')[1]!.startsWith('/api/v1/'));
    expect(served.length).toBeGreaterThan(30);
    const table = new Map(MATRIX.map((r) => [routeKey(r.method, r.path), r]));
    expect(table.size, 'duplicate rows in the matrix').toBe(MATRIX.length);
    const missing = served.filter(([key]) => !table.has(key)).map(([key]) => key);
    expect(missing, 'routes without a row in the authorization matrix').toEqual([]);
    const stale = [...table.keys()].filter((key) => !routes.has(key));
    expect(stale, 'matrix rows for routes the app does not serve').toEqual([]);
    const modes = served.filter(([key, mode]) => table.get(key)!.auth !== mode).map(([key, mode]) => `${key}: app says ${mode}, matrix says ${table.get(key)!.auth}`);
    expect(modes).toEqual([]);
  });

  for (const row of MATRIX) {
    it(`${row.method} ${row.path}`, async () => {
      const perSide = 'own' in row.expect ? row.expect : { own: row.expect };
      const problems: string[] = [];
      const run = async (side: Side, role: Who | null, expected: Outcome): Promise<void> => {
        const client = role === null ? ctx.anon : ctx.clients[role];
        const t = row.target ? await row.target(ctx, { side, role, client }) : { url: row.path };
        const body = t.body ?? (row.method === 'POST' || row.method === 'PATCH' ? {} : undefined);
        const res = t.upload ? await (t.as ?? client).upload(t.url, t.upload.payload, t.upload.contentType, {}, t.upload.method) : await (t.as ?? client).request(row.method, t.url, body);
        if (!matches(expected, res)) problems.push(`${side}/${role ?? 'anonymous'}: expected ${expected}, got ${res.statusCode} ${errorCode(res)}`);
      };
      for (const [side, expectations] of Object.entries(perSide) as [Side, Record<Who, Outcome>][]) {
        for (const role of WHO) await run(side, role, expectations[role]);
        await run(side, null, row.anonymous ?? UNAUTHENTICATED);
      }
      expect(problems).toEqual([]);
    });
  }

  it('list endpoints show nothing of a foreign facility', async () => {
    const { A, B, ownerB } = ctx;
    const foreignToken = await insertToken(ctx, ownerB.id);
    for (const who of WHO) {
      const c = ctx.clients[who];
      const admin = who === 'admin';
      const facilities = ((await c.get(v1('/facilities'))).json() as { items: { id: string }[] }).items.map((f) => f.id);
      expect(facilities, who).toContain(A.id);
      expect(facilities.includes(B.id), who).toBe(admin);

      const groups = ((await c.get(v1('/groups'))).json() as { items: { id: string }[] }).items.map((g) => g.id);
      expect(groups, who).toEqual(admin ? expect.arrayContaining([ctx.GA, ctx.GB]) : who === 'group_admin' ? [ctx.GA] : []);

      const tokens = ((await c.get(v1('/me/tokens'))).json() as { items: { id: string }[] }).items.map((t) => t.id);
      expect(tokens, who).not.toContain(foreignToken);

      const users = await c.get(v1('/users?pageSize=500'));
      if ((READERS as readonly Who[]).includes(who)) {
        const ids = (users.json() as { items: { id: string }[] }).items.map((u) => u.id);
        expect(ids, who).toContain(ctx.users.staff.id);
        expect(ids.includes(ownerB.id), who).toBe(admin);
        const audit = (await c.get(v1('/audit?pageSize=500'))).json() as { items: { facilityId: string | null }[] };
        expect(audit.items.length, who).toBeGreaterThan(0);
        const foreignOrGlobal = audit.items.filter((e) => e.facilityId === B.id || e.facilityId === null);
        expect(foreignOrGlobal.length > 0, who).toBe(admin);
        const csv = (await c.get(v1('/audit/export.csv'))).body;
        expect(csv.includes(B.id), who).toBe(admin);
      } else {
        expect(users.statusCode, who).toBe(403);
      }
    }
  });
});
