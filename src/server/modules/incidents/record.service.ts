import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { COMM_CHANNEL_LABELS, type AffectedType, type CommChannel, type CommDirection, type TimelineKind } from '../../../shared/incidents/cases.ts';
import { connectionFlags, type AccountMode, type ConnectionAuth, type ConnectionStatus } from '../../../shared/connections.ts';
import { assetFlags, type AssetType } from '../../../shared/ledger.ts';
import { normalizeObservable, OBSERVABLE_LIMITS, parseObservableLines, type SkippedObservableLine } from '../../../shared/incidents/observables.ts';
import { resolveStatedTime } from '../../../shared/incidents/timeline.ts';
import { DELETABLE_TIMELINE_KINDS, type AffectedInput, type CommInput, type ObservableInput, type TimelineInput } from '../../../shared/contracts/incident-records.contract.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, recordAuditMany } from '../../audit/audit.service.ts';
import { csvCell } from '../../lib/csv.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { ledgerToday } from '../ledger/index.ts';
import * as caseRepo from './case.repository.ts';
import * as contactRepo from './contact.repository.ts';
import { authorizedCase } from './incident.access.ts';
import * as repo from './record.repository.ts';
import * as timeline from './timeline.repository.ts';

/**
 * The records of an incident case: timeline, affected ledger records, observables and the communications log.
 * Reads need incident.read, writes incident.write in the case's facility (a case out of reach is NOT_FOUND, records
 * are authorized through their case). A closed case is read-only (INVALID_STATE). Every write is validated, done and
 * audited (entities incident_timeline, incident_affected, incident_observable, incident_comm) in one transaction.
 */

export type { CommRow, ObservableRow } from './record.repository.ts';

/** How far ahead of the server's clock a stated time may lie (clocks of phones and PCs drift). */
const FUTURE_TOLERANCE_MS = 15 * 60_000;

/** The case with incident.write, still open; re-checked inside the transaction by `stillOpen`. */
async function writableCase(deps: Deps, caller: Caller, caseId: string): Promise<caseRepo.CaseRow> {
  const found = await authorizedCase(deps, caller, caseId, 'incident.write');
  if (found.status === 'closed') throw new AppError('INVALID_STATE', 'the case is closed: its records are read-only');
  return found;
}

async function stillOpen(trx: Db, caseId: string): Promise<void> {
  const current = await caseRepo.findCaseRow(trx, caseId);
  if (!current) throw new AppError('NOT_FOUND');
  if (current.status === 'closed') throw new AppError('INVALID_STATE', 'the case is closed: its records are read-only');
}

/** A stated time (offset, or local + zone) → ISO UTC and the zone; issues on occurredAt / timeZone. */
function statedTime(deps: Deps, occurredAt: string, timeZone: string | null | undefined, issues: FieldIssue[]): { occurredAt: string; timeZone: string } | null {
  const resolved = resolveStatedTime(occurredAt, timeZone);
  if (!resolved.ok) {
    issues.push({ path: resolved.path, message: resolved.problem });
    return null;
  }
  if (Date.parse(resolved.occurredAt) > deps.clock.now().getTime() + FUTURE_TOLERANCE_MS) {
    issues.push({ path: 'occurredAt', message: 'in_future' });
    return null;
  }
  return { occurredAt: resolved.occurredAt, timeZone: resolved.timeZone };
}

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

// --- timeline -----------------------------------------------------------------------------------

/** A timeline entry, and whether it may be deleted (a note or action written by hand through the timeline API). */
export type TimelineEntryView = timeline.TimelineEntryRow & { deletable: boolean };

const DELETABLE: readonly TimelineKind[] = DELETABLE_TIMELINE_KINDS;

/** Which of the rows may be deleted: notes and actions people wrote through the timeline (not mamori's own, e.g. a task done). */
function withDeletable(rows: readonly timeline.TimelineEntryRow[]): TimelineEntryView[] {
  return rows.map((r) => ({ ...r, deletable: Number(r.manual) === 1 && DELETABLE.includes(r.kind as TimelineKind) }));
}

export async function listTimeline(deps: Deps, caller: Caller, caseId: string): Promise<TimelineEntryView[]> {
  await authorizedCase(deps, caller, caseId, 'incident.read');
  return withDeletable(await timeline.listTimelineEntries(deps.db, caseId));
}

/** A hand-written entry (note, action, communication) at a stated time. */
export async function addTimelineEntry(deps: Deps, caller: Caller, caseId: string, input: TimelineInput): Promise<TimelineEntryView> {
  const found = await writableCase(deps, caller, caseId);
  const issues: FieldIssue[] = [];
  const at = statedTime(deps, input.occurredAt, input.timeZone, issues);
  if (!at) invalid(issues);
  return deps.db.transaction().execute(async (trx) => {
    await stillOpen(trx, caseId);
    const text = input.text.trim();
    const id = await timeline.insertTimelineEntry(trx, {
      caseId,
      occurredAt: at.occurredAt,
      timeZone: at.timeZone,
      kind: input.kind,
      text,
      createdBy: callerUserId(caller),
      createdAt: deps.clock.now().toISOString(),
      manual: true,
    });
    await recordAudit(deps, trx, caller, {
      facilityId: found.facility_id,
      entityType: 'incident_timeline',
      entityId: id,
      action: 'create',
      after: { caseId, occurredAt: at.occurredAt, timeZone: at.timeZone, kind: input.kind, text },
    });
    return { ...(await timeline.findTimelineEntry(trx, id))!, deletable: DELETABLE.includes(input.kind) };
  });
}

/** Deletes a hand-written note or action; mamori's own entries and communications stay (INVALID_STATE). */
export async function deleteTimelineEntry(deps: Deps, caller: Caller, entryId: string): Promise<void> {
  const entry = await timeline.findTimelineEntry(deps.db, entryId);
  if (!entry) throw new AppError('NOT_FOUND');
  const found = await writableCase(deps, caller, entry.case_id);
  const [view] = withDeletable([entry]);
  if (!view!.deletable) throw new AppError('INVALID_STATE', `this ${entry.kind} entry was written by mamori and cannot be deleted`);
  await deps.db.transaction().execute(async (trx) => {
    await stillOpen(trx, entry.case_id);
    if (!(await timeline.deleteTimelineEntry(trx, entry.case_id, entryId, DELETABLE))) throw new AppError('NOT_FOUND');
    await recordAudit(deps, trx, caller, {
      facilityId: found.facility_id,
      entityType: 'incident_timeline',
      entityId: entryId,
      action: 'delete',
      before: { caseId: entry.case_id, occurredAt: entry.occurred_at, timeZone: entry.time_zone, kind: entry.kind, text: entry.text, createdBy: entry.created_by },
    });
  });
}

// --- affected ledger records --------------------------------------------------------------------

export interface AffectedView {
  id: string;
  caseId: string;
  targetType: AffectedType;
  targetId: string;
  name: string | null;
  type: string | null;
  ips: string[];
  vendor: { id: string | null; name: string } | null;
  status: string | null;
  flags: string[];
  removed: boolean;
  note: string | null;
  createdAt: string;
}

function parseIps(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** The rows with what the ledger says of their targets today (names, addresses, vendors, risk flags). */
async function affectedViews(deps: Deps, db: Db, facilityId: string, rows: readonly repo.AffectedRow[]): Promise<AffectedView[]> {
  const assetIds = rows.filter((r) => r.target_type === 'asset').map((r) => r.target_id);
  const connectionIds = rows.filter((r) => r.target_type === 'connection').map((r) => r.target_id);
  const [assets, connections] = await Promise.all([repo.assetFactsOf(db, facilityId, assetIds), repo.connectionFactsOf(db, facilityId, connectionIds)]);
  const entryIds = [...new Set(connections.flatMap((c) => (c.entryAssetId ? [c.entryAssetId] : [])))];
  const kev = entryIds.length > 0 && deps.entryDeviceSignals ? await deps.entryDeviceSignals.kevAssetIds(deps, facilityId, entryIds) : new Set<string>();
  const today = ledgerToday(deps);
  const assetById = new Map(assets.map((a) => [a.id, a]));
  const connectionById = new Map(connections.map((c) => [c.id, c]));
  return rows.map((r) => {
    const base = { id: r.id, caseId: r.case_id, targetType: r.target_type as AffectedType, targetId: r.target_id, note: r.note, createdAt: r.created_at };
    if (r.target_type === 'asset') {
      const a = assetById.get(r.target_id);
      if (!a) return { ...base, name: null, type: null, ips: [], vendor: null, status: null, flags: [], removed: true };
      const ips = parseIps(a.ips);
      const flags: string[] = a.deleted ? [] : assetFlags({ type: a.type as AssetType, version: a.version, ips, endOfSupport: a.endOfSupport, segmentId: a.segmentId }, null, today);
      if (!a.deleted && a.ipOutsideSegment) flags.push('ip_outside_segment');
      return { ...base, name: a.name, type: a.type, ips, vendor: a.vendorName ? { id: a.vendorId, name: a.vendorName } : null, status: null, flags, removed: a.deleted };
    }
    const c = connectionById.get(r.target_id);
    if (!c) return { ...base, name: null, type: null, ips: [], vendor: null, status: null, flags: [], removed: true };
    const flags = connectionFlags(
      {
        status: c.status as ConnectionStatus,
        auth: c.auth as ConnectionAuth,
        accountMode: c.accountMode as AccountMode,
        internetFacing: c.internetFacing,
        credentialsRotatedOn: c.credentialsRotatedOn,
        expiresOn: c.expiresOn,
        entryDevice: c.entryExposure ? { exposure: c.entryExposure, endOfSupport: c.entryEndOfSupport } : null,
        entryDeviceKev: c.entryAssetId !== null && kev.has(c.entryAssetId),
      },
      today,
    );
    return { ...base, name: c.name, type: c.kind, ips: [], vendor: c.vendorName ? { id: c.vendorId, name: c.vendorName } : null, status: c.status, flags, removed: false };
  });
}

export async function listAffected(deps: Deps, caller: Caller, caseId: string): Promise<AffectedView[]> {
  const found = await authorizedCase(deps, caller, caseId, 'incident.read');
  return affectedViews(deps, deps.db, found.facility_id, await repo.listAffected(deps.db, caseId));
}

/**
 * Records an asset or external connection of the case's facility as affected. A target of another facility, a
 * deleted asset or an unknown id is the same VALIDATION issue (nothing about other hospitals is confirmed); the same
 * target twice is CONFLICT.
 */
export async function addAffected(deps: Deps, caller: Caller, caseId: string, input: AffectedInput): Promise<AffectedView> {
  const found = await writableCase(deps, caller, caseId);
  const id = newId();
  await deps.db.transaction().execute(async (trx) => {
    await stillOpen(trx, caseId);
    if (!(await repo.targetExists(trx, found.facility_id, input.targetType, input.targetId))) invalid([{ path: 'targetId', message: `unknown_${input.targetType}` }]);
    const existing = await repo.findAffectedTarget(trx, caseId, input.targetType, input.targetId);
    if (existing) throw new AppError('CONFLICT', 'the record is already listed as affected', { detail: { id: existing.id } });
    const note = clean(input.note);
    await repo.insertAffected(trx, { id, case_id: caseId, target_type: input.targetType, target_id: input.targetId, note, created_at: deps.clock.now().toISOString() });
    await recordAudit(deps, trx, caller, {
      facilityId: found.facility_id,
      entityType: 'incident_affected',
      entityId: id,
      action: 'create',
      after: { caseId, targetType: input.targetType, targetId: input.targetId, note },
    });
  });
  // After the commit: the KEV signal reads through deps.db (on SQLite a read inside the open transaction would wait on it).
  const row = await repo.findAffected(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const [view] = await affectedViews(deps, deps.db, found.facility_id, [row]);
  return view!;
}

export async function deleteAffected(deps: Deps, caller: Caller, id: string): Promise<void> {
  const row = await repo.findAffected(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const found = await writableCase(deps, caller, row.case_id);
  await deps.db.transaction().execute(async (trx) => {
    await stillOpen(trx, row.case_id);
    await repo.deleteAffected(trx, row.case_id, id);
    await recordAudit(deps, trx, caller, {
      facilityId: found.facility_id,
      entityType: 'incident_affected',
      entityId: id,
      action: 'delete',
      before: { caseId: row.case_id, targetType: row.target_type, targetId: row.target_id, note: row.note },
    });
  });
}

// --- observables --------------------------------------------------------------------------------

const observableKey = (type: string, value: string) => `${type}\u0000${value}`;

export async function listObservables(deps: Deps, caller: Caller, caseId: string): Promise<repo.ObservableRow[]> {
  await authorizedCase(deps, caller, caseId, 'incident.read');
  return repo.listObservables(deps.db, caseId);
}

/** One observable, checked and normalised for its type (defanged input refanged); the same value twice is CONFLICT. */
export async function addObservable(deps: Deps, caller: Caller, caseId: string, input: ObservableInput): Promise<repo.ObservableRow> {
  const found = await writableCase(deps, caller, caseId);
  const checked = normalizeObservable(input.type, input.value);
  if (!checked.ok) invalid([{ path: 'value', message: checked.message }]);
  return deps.db.transaction().execute(async (trx) => {
    await stillOpen(trx, caseId);
    const existing = (await repo.observableKeys(trx, caseId)).get(observableKey(input.type, checked.value));
    if (existing) throw new AppError('CONFLICT', 'the observable is already recorded on the case', { detail: { id: existing } });
    const id = newId();
    const note = clean(input.note);
    await repo.insertObservables(trx, [{ id, case_id: caseId, type: input.type, value: checked.value, note, created_by: callerUserId(caller), created_at: deps.clock.now().toISOString() }]);
    await recordAudit(deps, trx, caller, { facilityId: found.facility_id, entityType: 'incident_observable', entityId: id, action: 'create', after: { caseId, type: input.type, value: checked.value, note } });
    return (await repo.findObservable(trx, id))!;
  });
}

export interface ObservableBulkResult {
  created: (repo.ObservableRow & { line: number })[];
  skipped: SkippedObservableLine[];
}

/**
 * A pasted list, one per line (parseObservableLines): every line is checked first; the valid ones not yet on the
 * case are saved together in one transaction, the others come back as skipped with their line number and reason.
 */
export async function addObservablesBulk(deps: Deps, caller: Caller, caseId: string, text: string): Promise<ObservableBulkResult> {
  const found = await writableCase(deps, caller, caseId);
  const lineCount = text.split(/\r\n|\r|\n/).length;
  if (lineCount > OBSERVABLE_LIMITS.bulkLines) invalid([{ path: 'text', message: 'too_many_lines' }]);
  const parsed = parseObservableLines(text);
  if (parsed.items.length === 0 && parsed.skipped.length === 0) invalid([{ path: 'text', message: 'required' }]);
  return deps.db.transaction().execute(async (trx) => {
    await stillOpen(trx, caseId);
    const existing = await repo.observableKeys(trx, caseId);
    const skipped = [...parsed.skipped];
    const now = deps.clock.now().toISOString();
    const createdBy = callerUserId(caller);
    const rows: (Parameters<typeof repo.insertObservables>[1][number] & { line: number })[] = [];
    for (const item of parsed.items) {
      if (existing.has(observableKey(item.type, item.value))) {
        skipped.push({ line: item.line, text: item.value.slice(0, 200), reason: 'already_recorded' });
        continue;
      }
      rows.push({ id: newId(), case_id: caseId, type: item.type, value: item.value, note: item.note, created_by: createdBy, created_at: now, line: item.line });
    }
    await repo.insertObservables(
      trx,
      rows.map(({ line: _line, ...row }) => row),
    );
    await recordAuditMany(
      deps,
      trx,
      caller,
      rows.map((r) => ({
        facilityId: found.facility_id,
        entityType: 'incident_observable',
        entityId: r.id,
        action: 'create',
        after: { caseId, type: r.type, value: r.value, note: r.note, bulk: true },
      })),
    );
    const byId = new Map((await repo.observablesByIds(trx, rows.map((r) => r.id))).map((o) => [o.id, o]));
    skipped.sort((a, b) => a.line - b.line);
    return { created: rows.map((r) => ({ ...byId.get(r.id)!, line: r.line })), skipped };
  });
}

export async function deleteObservable(deps: Deps, caller: Caller, id: string): Promise<void> {
  const row = await repo.findObservable(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const found = await writableCase(deps, caller, row.case_id);
  await deps.db.transaction().execute(async (trx) => {
    await stillOpen(trx, row.case_id);
    await repo.deleteObservable(trx, row.case_id, id);
    await recordAudit(deps, trx, caller, {
      facilityId: found.facility_id,
      entityType: 'incident_observable',
      entityId: id,
      action: 'delete',
      before: { caseId: row.case_id, type: row.type, value: row.value, note: row.note },
    });
  });
}

export const OBSERVABLE_CSV_COLUMNS = ['type', 'value', 'note', 'created_at', 'created_by'] as const;

/** The case's observables as CSV (UTF-8 with BOM, CRLF, formulas neutralised) for other tools and for sharing. */
export async function exportObservablesCsv(deps: Deps, caller: Caller, caseId: string): Promise<{ bytes: Buffer; contentType: string; fileName: string }> {
  const found = await authorizedCase(deps, caller, caseId, 'incident.read');
  const rows = await repo.listObservables(deps.db, caseId);
  const lines = [OBSERVABLE_CSV_COLUMNS.join(','), ...rows.map((r) => [r.type, r.value, r.note, r.created_at, r.created_by_name].map(csvCell).join(','))];
  const stamp = deps.clock.now().toISOString().slice(0, 10).replaceAll('-', '');
  return {
    bytes: Buffer.from(`\uFEFF${lines.map((l) => `${l}\r\n`).join('')}`, 'utf8'),
    contentType: 'text/csv; charset=utf-8',
    fileName: `mamori-observables-case-${found.seq}-${stamp}.csv`,
  };
}

// --- communications log (連絡記録) ------------------------------------------------------------------

export async function listComms(deps: Deps, caller: Caller, caseId: string): Promise<repo.CommRow[]> {
  await authorizedCase(deps, caller, caseId, 'incident.read');
  return repo.listComms(deps.db, caseId);
}

/** How the contact chart names an entry in the log: organisation (or vendor), role and name. */
function partyOf(e: contactRepo.ContactEntry): string {
  const parts = [e.organization ?? e.vendorName, e.roleLabel, e.name].filter((p): p is string => !!p && p.trim() !== '');
  return [...new Set(parts)].join(' ');
}

/** The timeline's line for a communication (Japanese, like the log it stands for). */
function commTimelineText(direction: CommDirection, channel: CommChannel, party: string, summary: string): string {
  const how = COMM_CHANNEL_LABELS[channel].ja;
  return `${party}${direction === 'outgoing' ? 'へ連絡' : 'から連絡'}(${how}):${summary}`;
}

/**
 * Records who was told what, when: the party as typed or taken from an entry of the facility's contact chart. Adds a
 * `communication` entry to the timeline with the same id (deleted with the communication).
 */
export async function addComm(deps: Deps, caller: Caller, caseId: string, input: CommInput): Promise<repo.CommRow> {
  const found = await writableCase(deps, caller, caseId);
  const issues: FieldIssue[] = [];
  const at = statedTime(deps, input.occurredAt, input.timeZone, issues);
  const typedParty = clean(input.party);
  const contactEntryId = input.contactEntryId ?? null;
  if (typedParty === null && contactEntryId === null) issues.push({ path: 'party', message: 'party_or_contact_required' });
  if (!at || issues.length > 0) invalid(issues);
  return deps.db.transaction().execute(async (trx) => {
    await stillOpen(trx, caseId);
    let party = typedParty;
    if (contactEntryId !== null) {
      const entry = await contactRepo.findEntry(trx, found.facility_id, contactEntryId);
      if (!entry) invalid([{ path: 'contactEntryId', message: 'unknown_contact_entry' }]);
      party ??= partyOf(entry);
    }
    const id = newId();
    const now = deps.clock.now().toISOString();
    const summary = input.summary.trim();
    const createdBy = callerUserId(caller);
    await repo.insertComm(trx, {
      id,
      case_id: caseId,
      occurred_at: at.occurredAt,
      direction: input.direction,
      channel: input.channel,
      party: party!,
      contact_entry_id: contactEntryId,
      summary,
      created_by: createdBy,
      created_at: now,
    });
    await timeline.insertTimelineEntry(trx, {
      id,
      caseId,
      occurredAt: at.occurredAt,
      timeZone: at.timeZone,
      kind: 'communication',
      text: commTimelineText(input.direction, input.channel, party!, summary),
      createdBy,
      createdAt: now,
    });
    await recordAudit(deps, trx, caller, {
      facilityId: found.facility_id,
      entityType: 'incident_comm',
      entityId: id,
      action: 'create',
      after: { caseId, occurredAt: at.occurredAt, timeZone: at.timeZone, direction: input.direction, channel: input.channel, party, contactEntryId, summary, timelineEntryId: id },
    });
    return (await repo.findComm(trx, id))!;
  });
}

/** Deletes a communication and its timeline entry. */
export async function deleteComm(deps: Deps, caller: Caller, id: string): Promise<void> {
  const row = await repo.findComm(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  const found = await writableCase(deps, caller, row.case_id);
  await deps.db.transaction().execute(async (trx) => {
    await stillOpen(trx, row.case_id);
    await repo.deleteComm(trx, row.case_id, id);
    const timelineRemoved = await timeline.deleteTimelineEntry(trx, row.case_id, id, ['communication']);
    await recordAudit(deps, trx, caller, {
      facilityId: found.facility_id,
      entityType: 'incident_comm',
      entityId: id,
      action: 'delete',
      before: {
        caseId: row.case_id,
        occurredAt: row.occurred_at,
        direction: row.direction,
        channel: row.channel,
        party: row.party,
        contactEntryId: row.contact_entry_id,
        summary: row.summary,
      },
      after: { timelineEntryRemoved: timelineRemoved },
    });
  });
}
