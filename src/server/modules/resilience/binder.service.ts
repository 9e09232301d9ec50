import { createHash, randomInt } from 'node:crypto';
import type { TBinderCheck, TBinderFormat, TBinderPrintsQuery, TBinderStatus } from '../../../shared/contracts/resilience-binder.contract.ts';
import { jstDateKey } from '../../../shared/dates.ts';
import { AppError, type Locale } from '../../../shared/errors.ts';
import { binderCode, canonicalJson, changedSections, normalizeBinderCode, BINDER_SECTIONS, type BinderSection } from '../../../shared/resilience/binder.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { renderPdf } from '../../reports/pdf.ts';
import { findFacilityById } from '../facilities/index.ts';
import { contactChartOf, playbookFor } from '../incidents/index.ts';
import { binderHtml } from './binder-html.ts';
import * as repo from './binder.repository.ts';
import { backupPlansOf } from './backup-plan.service.ts';
import { currentBcpOf } from './bcp.service.ts';
import { recoveryOrderOf } from './recovery-order.service.ts';
import { authorizeResilience } from './resilience.access.ts';

/**
 * 緊急時バインダー: gathers what staff need when every screen is dark (binderDataOf), stamps it with a content hash and
 * a print code, renders the one self-contained HTML (binder-html.ts) or its PDF, records every generation in
 * binder_prints with an audit event (entity `binder`, action `generate`), and tells whether the data changed after
 * the last copy and which sections. Read with resilience.read; the CLI generates as the machine's operator.
 */

// ── the data ───────────────────────────────────────────────────────────────────────────────────────

export interface BinderContact {
  role: string;
  who: string | null;
  phone: string | null;
  phoneAlt: string | null;
  email: string | null;
  availability: string | null;
  notes: string | null;
}

export interface BinderDowntime {
  /** approved: the newest approved BCP version; draft: an unapproved draft (printed 「未承認(下書き)」); none: no BCP. */
  status: 'approved' | 'draft' | 'none';
  versionNumber: number | null;
  approvedAt: string | null;
  departments: { name: string; stops: string; paperProcedure: string; materials: string; owner: string; onRecovery: string }[];
}

export interface BinderBackup {
  systemName: string;
  criticality: number;
  label: string | null;
  scopes: string[];
  medium: string;
  offline: boolean;
  disconnected: boolean;
  cloudImmutable: boolean;
  networkSeparated: boolean;
  generations: number;
  everyDays: number;
  scheduleNote: string | null;
  tool: string | null;
  location: string;
  storagePlace: string | null;
  encrypted: boolean;
  keyHolder: string | null;
  runBy: string;
  vendorName: string | null;
  restoreProcedure: string | null;
  /** The last successful run (a stored fact; whether it is stale is decided at the generation time). */
  lastSuccessAt: string | null;
  rtoHours: number | null;
  rpoHours: number | null;
  recoveryNotes: string | null;
}

export interface BinderSections {
  first_response: {
    firstContact: BinderContact | null;
    /** The detection-phase steps of the facility's ransomware playbook (its own copy or the shipped one). */
    playbook: { version: string; steps: { ja: string; en: string }[] } | null;
  };
  contacts: {
    internal: (BinderContact & { no: number; deputies: BinderContact[] })[];
    external: (BinderContact & { kind: string })[];
  };
  recovery_order: {
    /** The systems needed for care (effective criticality 1–2) and any other system with an RTO, in recovery order. */
    steps: { position: number; wave: number; name: string; criticality: number; rtoHours: number | null; effectiveRtoHours: number | null; waitsFor: string[] }[];
    /** Systems of the ledger not printed (criticality 3–4 without an RTO); they follow the printed ones. */
    othersCount: number;
    cycles: string[][];
  };
  downtime: BinderDowntime;
  backups: BinderBackup[];
  connections: {
    name: string;
    kind: string;
    status: string;
    vendorName: string | null;
    purpose: string | null;
    internetFacing: boolean;
    entryName: string | null;
    entryIps: string[];
    entryLocation: string | null;
    notes: string | null;
  }[];
  vendors: {
    name: string;
    phone: string | null;
    email: string | null;
    contacts: { name: string; role: string | null; phone: string | null; email: string | null; emergency24h: boolean; notes: string | null }[];
  }[];
}

export interface BinderData {
  facility: { id: string; name: string; code: string };
  sections: BinderSections;
}

export interface BinderStamp {
  contentHash: string;
  sectionHashes: Record<BinderSection, string>;
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/**
 * What the version stamp is taken of: the sections as printed, except the last successful run of each backup — a daily
 * backup would otherwise make every printed copy outdated the next morning (the copy prints the last success and a
 * stale warning as they were when it was generated) — and the count of systems not needed for care the recovery order
 * leaves out (a new printer in the ledger does not make the paper outdated).
 */
function stampedSections(data: BinderData): Record<BinderSection, unknown> {
  const { othersCount: _others, ...order } = data.sections.recovery_order;
  return { ...data.sections, recovery_order: order, backups: data.sections.backups.map(({ lastSuccessAt: _last, ...b }) => b) };
}

/** SHA-256 of each section's canonical JSON, and of all sections together (the version of the binder's content). */
export function binderStamp(data: BinderData): BinderStamp {
  const sections = stampedSections(data);
  const sectionHashes = Object.fromEntries(BINDER_SECTIONS.map((s) => [s, sha256(canonicalJson(sections[s]))])) as Record<BinderSection, string>;
  return { contentHash: sha256(canonicalJson(sections)), sectionHashes };
}

function contactOf(e: { roleLabel: string; organization: string | null; vendorName: string | null; name: string | null; userName: string | null; phone: string | null; phoneAlt: string | null; email: string | null; availability: string | null; notes: string | null }): BinderContact {
  const who = [e.organization ?? e.vendorName, e.name ?? e.userName].filter((v): v is string => !!v).join(' ');
  return { role: e.roleLabel, who: who || null, phone: e.phone, phoneAlt: e.phoneAlt, email: e.email, availability: e.availability, notes: e.notes };
}

/**
 * Everything the binder prints for a facility, as stored facts only (nothing that depends on `now`, so that the hash
 * changes only when the data do). No authorization: callers authorize (or are the CLI). Pass the transaction as `db`
 * when inside one.
 */
export async function binderDataOf(deps: Pick<Deps, 'clock'>, db: Db, facilityId: string): Promise<BinderData> {
  const facility = await findFacilityById(db, facilityId);
  if (!facility) throw new AppError('NOT_FOUND');
  const [chart, playbook, order, bcp, plans, targets, connections, vendors] = await Promise.all([
    contactChartOf(db, facilityId),
    playbookFor(db, facilityId, 'ransomware').catch(() => null),
    recoveryOrderOf(db, facilityId),
    currentBcpOf(db, facilityId),
    backupPlansOf(deps, db, facilityId),
    repo.recoveryTargetsByAsset(db, facilityId),
    repo.liveConnections(db, facilityId),
    repo.vendorsWithContacts(db, facilityId),
  ]);

  const principals = chart.internal.filter((e) => e.deputyForId === null || !chart.internal.some((p) => p.id === e.deputyForId));
  const internal = principals.map((p, i) => ({
    ...contactOf(p),
    no: i + 1,
    deputies: chart.internal.filter((d) => d.deputyForId === p.id).map(contactOf),
  }));
  const external = chart.external.map((e) => ({ ...contactOf(e), kind: e.kind }));

  const nameOf = new Map(order.steps.map((s) => [s.systemId, s.name]));
  const printed = order.steps.filter((s) => s.core || s.rtoHours !== null);

  const bcpVersion = bcp.approved ?? bcp.draft;
  const filled = (v: string) => v.trim();
  const downtime: BinderDowntime = bcpVersion
    ? {
        status: bcp.approved ? 'approved' : 'draft',
        versionNumber: bcpVersion.number,
        approvedAt: bcp.approved?.approvedAt ?? null,
        departments: bcpVersion.content.departments
          .filter((d) => filled(d.name))
          .map((d) => ({ name: filled(d.name), stops: filled(d.stops), paperProcedure: filled(d.paperProcedure), materials: filled(d.materials), owner: filled(d.owner), onRecovery: filled(d.onRecovery) })),
      }
    : { status: 'none', versionNumber: null, approvedAt: null, departments: [] };

  return {
    facility: { id: facility.id, name: facility.name, code: facility.code },
    sections: {
      first_response: {
        firstContact: principals[0] ? contactOf(principals[0]) : null,
        playbook: playbook
          ? { version: playbook.version, steps: playbook.items.filter((i) => i.phase === 'detection').map((i) => ({ ja: i.title.ja, en: i.title.en })) }
          : null,
      },
      contacts: { internal, external },
      recovery_order: {
        steps: printed.map((s) => ({
          position: s.position,
          wave: s.wave,
          name: s.name,
          criticality: s.criticality,
          rtoHours: s.rtoHours,
          effectiveRtoHours: s.effectiveRtoHours,
          waitsFor: s.waitsFor.map((id) => nameOf.get(id) ?? id),
        })),
        othersCount: order.steps.length - printed.length,
        cycles: order.cycles.map((c) => c.map((id) => nameOf.get(id) ?? id)),
      },
      downtime,
      backups: plans
        .filter((a) => !a.systemDeleted)
        .map((a) => {
          const t = targets.get(a.plan.systemId);
          return {
            systemName: a.plan.systemName,
            criticality: a.plan.criticality,
            label: a.label,
            scopes: [...a.plan.scopes],
            medium: a.plan.medium,
            offline: a.offline,
            disconnected: a.plan.disconnected,
            cloudImmutable: a.plan.cloudImmutable,
            networkSeparated: a.plan.networkSeparated,
            generations: a.plan.generations,
            everyDays: a.plan.schedule.everyDays,
            scheduleNote: a.scheduleNote,
            tool: a.tool,
            location: a.plan.location,
            storagePlace: a.storagePlace,
            encrypted: a.plan.encrypted,
            keyHolder: a.plan.keyHolder,
            runBy: a.plan.runBy,
            vendorName: a.vendor?.name ?? null,
            restoreProcedure: a.restoreProcedure,
            lastSuccessAt: a.freshness.lastSuccessAt,
            rtoHours: t?.rtoHours ?? null,
            rpoHours: t?.rpoHours ?? null,
            recoveryNotes: t?.recoveryNotes ?? null,
          };
        }),
      connections: connections.map(({ id: _id, ...c }) => c),
      vendors: vendors.map((v) => ({ name: v.name, phone: v.phone, email: v.email, contacts: v.contacts.map(({ id: _id, ...c }) => c) })),
    },
  };
}

// ── generation ─────────────────────────────────────────────────────────────────────────────────────

export const BINDER_CONTENT_TYPES = { pdf: 'application/pdf', html: 'text/html; charset=utf-8' } as const;

export interface BinderFile {
  code: string;
  /** 緊急時バインダー_<facility>_<YYYY-MM-DD>.<ext> (the route sends it with an RFC 5987 name). */
  fileName: string;
  contentType: string;
  body: Buffer;
  contentHash: string;
}

/** A fresh print code that no copy has yet. */
async function newCode(db: Db, now: Date): Promise<string> {
  const day = jstDateKey(now);
  for (let attempt = 0; attempt < 20; attempt++) {
    const code = binderCode(day, [randomInt(1 << 30), randomInt(1 << 30), randomInt(1 << 30), randomInt(1 << 30)]);
    if (!(await repo.codeExists(db, code))) return code;
  }
  throw new AppError('INTERNAL', 'binder: no free print code');
}

/** The URL (MAMORI_PUBLIC_URL set) or just the code that tells whether a copy is current. */
export function checkTarget(deps: Pick<Deps, 'config'>, code: string, facilityCode?: string): { url: string | null; qrText: string } {
  // The facility's code rides along, so a user of several facilities lands on the right one (the page switches to it).
  const facility = facilityCode ? `facility=${encodeURIComponent(facilityCode)}&` : '';
  const url = deps.config.publicUrl ? `${deps.config.publicUrl}/resilience/binder?${facility}check=${encodeURIComponent(code)}` : null;
  return { url, qrText: url ?? code };
}

/**
 * Generates the binder of a facility as PDF or HTML, records the copy and audits it. `caller` must hold resilience.read
 * on the facility (the CLI caller does). A PDF that cannot be made (no Chromium or font) fails with UNAVAILABLE before
 * anything is recorded.
 */
export async function generateBinder(deps: Deps, caller: Caller, facilityId: string, options: { format: TBinderFormat; lang: Locale }): Promise<BinderFile> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  const now = deps.clock.now();
  const generatedAt = now.toISOString();
  const data = await binderDataOf(deps, deps.db, facilityId);
  const stamp = binderStamp(data);
  const code = await newCode(deps.db, now);
  const html = await binderHtml(data, { code, generatedAt, lang: options.lang, check: checkTarget(deps, code, data.facility.code) });
  const body = options.format === 'pdf' ? await renderPdf(deps, html) : Buffer.from(html, 'utf8');
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await repo.insertPrint(trx, {
      id,
      facility_id: facilityId,
      code,
      content_hash: stamp.contentHash,
      section_hashes: JSON.stringify(stamp.sectionHashes),
      format: options.format,
      generated_at: generatedAt,
      generated_by: callerUserId(caller),
    });
    await recordAudit(deps, trx, caller, {
      facilityId,
      entityType: 'binder',
      entityId: id,
      action: 'generate',
      after: { code, format: options.format, lang: options.lang, contentHash: stamp.contentHash, bytes: body.length },
    });
  });
  const safeName = data.facility.name.replace(/[\\/:*?"<>|\s]+/g, '_');
  return {
    code,
    fileName: `緊急時バインダー_${safeName}_${jstDateKey(now)}.${options.format}`,
    contentType: BINDER_CONTENT_TYPES[options.format],
    body,
    contentHash: stamp.contentHash,
  };
}

// ── status, check, history ─────────────────────────────────────────────────────────────────────────

function parseHashes(json: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Whether the data changed after the last generated copy, and which sections. */
export async function binderStatus(deps: Deps, caller: Caller, facilityId: string): Promise<TBinderStatus> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  return binderStatusOf(deps, facilityId);
}

/** binderStatus without the permission check, for trusted callers (the dashboard summary, already authorized). */
export async function binderStatusOf(deps: Deps, facilityId: string): Promise<TBinderStatus> {
  const [data, last] = await Promise.all([binderDataOf(deps, deps.db, facilityId), repo.latestPrint(deps.db, facilityId)]);
  const stamp = binderStamp(data);
  if (!last) return { lastPrint: null, changedSinceLastPrint: false, changedSections: [], currentHash: stamp.contentHash };
  const changed = last.content_hash !== stamp.contentHash;
  return {
    lastPrint: { code: last.code, generatedAt: last.generated_at, format: last.format as TBinderFormat, by: last.user_name },
    changedSinceLastPrint: changed,
    changedSections: changed ? changedSections(parseHashes(last.section_hashes), stamp.sectionHashes) : [],
    currentHash: stamp.contentHash,
  };
}

/** Whether a printed copy (by its code) still shows the data as they are now. */
export async function checkBinder(deps: Deps, caller: Caller, facilityId: string, rawCode: string): Promise<TBinderCheck> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  const code = normalizeBinderCode(rawCode);
  const [print, last] = await Promise.all([repo.printByCode(deps.db, facilityId, code), repo.latestPrint(deps.db, facilityId)]);
  if (!print) return { code, found: false, current: false, generatedAt: null, format: null, changedSections: [], newestCode: null };
  const stamp = binderStamp(await binderDataOf(deps, deps.db, facilityId));
  const current = print.content_hash === stamp.contentHash;
  return {
    code,
    found: true,
    current,
    generatedAt: print.generated_at,
    format: print.format as TBinderFormat,
    changedSections: current ? [] : changedSections(parseHashes(print.section_hashes), stamp.sectionHashes),
    newestCode: last && last.code !== print.code ? last.code : null,
  };
}

export interface BinderPrintView {
  id: string;
  code: string;
  format: TBinderFormat;
  generatedAt: string;
  by: string | null;
  contentHash: string;
  current: boolean;
}

/** The generated copies, newest first. */
export async function listBinderPrints(deps: Deps, caller: Caller, facilityId: string, query: TBinderPrintsQuery): Promise<{ items: BinderPrintView[]; total: number; page: number; pageSize: number }> {
  await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  const [total, rows, data] = await Promise.all([
    repo.countPrints(deps.db, facilityId),
    repo.listPrints(deps.db, facilityId, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }),
    binderDataOf(deps, deps.db, facilityId),
  ]);
  const hash = binderStamp(data).contentHash;
  return {
    items: rows.map((r) => ({ id: r.id, code: r.code, format: r.format as TBinderFormat, generatedAt: r.generated_at, by: r.user_name, contentHash: r.content_hash, current: r.content_hash === hash })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
