import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { caseNumberLabel, CUSTODY_ACTION_LABELS, EVIDENCE_TYPE_LABELS, type CustodyAction, type EvidenceType } from '../../../shared/incidents/cases.ts';
import type { CustodyCreateBody, EvidenceCreateBody, EvidenceFileQuery } from '../../../shared/contracts/incident-evidence.contract.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { isUniqueViolation } from '../../db/dialect.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { safeFileName } from '../../lib/file-names.ts';
import { newId } from '../../lib/ids.ts';
import { findStoredFile, storeFile } from '../../lib/stored-files.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { findCaseRow, type CaseRow } from './case.repository.ts';
import { custodyGenesis, custodyRecord, evidenceRecord, hashCustodyEntry, verifyEvidenceChain, type ChainVerdict, type CustodyChainRow } from './custody.ts';
import * as repo from './evidence.repository.ts';
import { authorizedCase } from './incident.access.ts';
import { insertTimelineEntry } from './timeline.repository.ts';

/**
 * 証拠保全: evidence items of a case and their chain of custody. Items are read with incident.read and added with
 * incident.write; nothing is ever edited or deleted — a correction is a custody entry (`corrected`) with a note. Each
 * item gets its first custody entry (`collected`) with it; every entry links to the previous one's hash (see custody.ts),
 * appended under the case's row lock. Audited as incident_evidence / incident_custody (`create`), with a timeline entry.
 */

/** The largest evidence file (raw request body); disk images and memory dumps are registered with a stated hash instead. */
export const EVIDENCE_FILE_MAX_BYTES = 20 * 1024 * 1024;

/** Times more than this far ahead of the server clock are refused (clock skew of the person's watch is tolerated). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const TIME_ZONE = 'Asia/Tokyo';

export const evidenceLabel = (seq: number) => `E-${seq}`;

export interface EvidenceView {
  row: repo.EvidenceWithRefs;
  custody: repo.CustodyRow[];
  chain: ChainVerdict;
}

export interface CaseEvidence {
  caseId: string;
  items: EvidenceView[];
}

export interface CustodyVerification {
  caseId: string;
  caseLabel: string;
  ok: boolean;
  checkedAt: string;
  items: { evidenceId: string; label: string; description: string; ok: boolean; entries: number; break: ChainVerdict['break'] }[];
}

// ── Reading and verifying ─────────────────────────────────────────────────────────────────────────────────────────

/** A case's items with their entries and each chain's verdict (unchecked: callers authorized the case). */
export async function evidenceOf(db: Db, caseRow: Pick<CaseRow, 'id' | 'facility_id'>): Promise<CaseEvidence> {
  const [rows, custody, records] = await Promise.all([repo.listEvidenceRows(db, caseRow.id), repo.listCustodyRows(db, caseRow.id), repo.creationRecords(db, caseRow.facility_id, caseRow.id)]);
  const itemRecords = new Map(records.filter((r) => r.entityType === 'incident_evidence').map((r) => [r.entityId, r.after]));
  const entryRecords = new Map<string, Map<string, Record<string, unknown>>>();
  for (const r of records) {
    if (r.entityType !== 'incident_custody' || !r.entityId) continue;
    const evidenceId = String(r.after.evidenceId);
    if (!entryRecords.has(evidenceId)) entryRecords.set(evidenceId, new Map());
    entryRecords.get(evidenceId)!.set(r.entityId, r.after);
  }
  const byItem = new Map<string, repo.CustodyRow[]>();
  for (const c of custody) {
    if (!byItem.has(c.evidence_id)) byItem.set(c.evidence_id, []);
    byItem.get(c.evidence_id)!.push(c);
  }
  return {
    caseId: caseRow.id,
    items: rows.map((row) => {
      const entries = byItem.get(row.id) ?? [];
      return { row, custody: entries, chain: verifyEvidenceChain(row, entries, { item: itemRecords.get(row.id), entries: entryRecords.get(row.id) ?? new Map() }) };
    }),
  };
}

export async function listEvidence(deps: Deps, caller: Caller, caseId: string): Promise<CaseEvidence> {
  const c = await authorizedCase(deps, caller, caseId, 'incident.read');
  return evidenceOf(deps.db, c);
}

/** Verifies every custody chain of a case (unchecked: the CLI's operator, or callers that authorized the case). */
export async function verifyCustodyOf(deps: Pick<Deps, 'db' | 'clock'>, caseRow: CaseRow): Promise<CustodyVerification> {
  const { items } = await evidenceOf(deps.db, caseRow);
  const out = items.map((i) => ({ evidenceId: i.row.id, label: evidenceLabel(i.row.seq), description: i.row.description, ok: i.chain.ok, entries: i.chain.entries, break: i.chain.break }));
  return { caseId: caseRow.id, caseLabel: caseNumberLabel(caseRow.seq, caseRow.discovered_at), ok: out.every((i) => i.ok), checkedAt: deps.clock.now().toISOString(), items: out };
}

/** GET …/custody/verify: every chain of the case, for whoever may read it. */
export async function verifyCustody(deps: Deps, caller: Caller, caseId: string): Promise<CustodyVerification> {
  const c = await authorizedCase(deps, caller, caseId, 'incident.read');
  return verifyCustodyOf(deps, c);
}

/** The stored file of an item, for whoever may read its case. */
export async function evidenceFile(deps: Deps, caller: Caller, evidenceId: string): Promise<{ fileName: string; bytes: Buffer; sha256: string }> {
  const { ev, caseRow } = await authorizedEvidence(deps, caller, evidenceId, 'incident.read');
  if (!ev.file_id) throw new AppError('NOT_FOUND');
  const file = await findStoredFile(deps.db, caseRow.facility_id, ev.file_id);
  if (!file) throw new AppError('NOT_FOUND');
  return { fileName: file.file_name, bytes: file.content, sha256: file.sha256 };
}

async function authorizedEvidence(deps: Deps, caller: Caller, evidenceId: string, permission: 'incident.read' | 'incident.write'): Promise<{ ev: repo.EvidenceWithRefs; caseRow: CaseRow }> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const ev = await repo.findEvidenceRow(deps.db, evidenceId);
  if (!ev) throw new AppError('NOT_FOUND');
  return { ev, caseRow: await authorizedCase(deps, caller, ev.case_id, permission) };
}

// ── Adding items ──────────────────────────────────────────────────────────────────────────────────────────────────

export interface EvidenceInput {
  type: EvidenceType;
  description: string;
  location?: string | null | undefined;
  collectedBy: string;
  /** ISO with Z or an offset. */
  collectedAt: string;
  /** A stated SHA-256 (64 hex); ignored when a file is given. */
  sha256?: string | null | undefined;
  file?: { bytes: Buffer; fileName: string; contentType: string | undefined } | undefined;
}

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** ISO UTC of a parsed time, or an issue when unparsable or in the future. */
function checkedTime(deps: Pick<Deps, 'clock'>, value: string, path: string, issues: FieldIssue[]): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    issues.push({ path, message: 'invalid_date' });
    return value;
  }
  if (ms > deps.clock.now().getTime() + FUTURE_TOLERANCE_MS) issues.push({ path, message: 'in_future' });
  return new Date(ms).toISOString();
}

async function withAppendRetry<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      // The case lock serializes appends; a unique violation means a writer that did not take it (retried once or twice).
      if (attempt >= 3 || !isUniqueViolation(e)) throw e;
    }
  }
}

/**
 * Inserts an item and its first custody entry (`collected`) inside the caller's transaction, without permission checks
 * (the demo, tests; services authorize first). Audits both and adds a timeline entry. Returns the item's id.
 */
export async function insertEvidenceTx(deps: Pick<Deps, 'dialect' | 'clock'>, trx: Db, caller: Caller, caseRow: Pick<CaseRow, 'id' | 'facility_id' | 'status'>, input: EvidenceInput): Promise<string> {
  const issues: FieldIssue[] = [];
  const description = clean(input.description);
  const collectedBy = clean(input.collectedBy);
  if (!description) issues.push({ path: 'description', message: 'required' });
  if (!collectedBy) issues.push({ path: 'collectedBy', message: 'required' });
  const collectedAt = checkedTime(deps, input.collectedAt, 'collectedAt', issues);
  const stated = clean(input.sha256)?.toLowerCase() ?? null;
  if (!input.file && stated !== null && !/^[0-9a-f]{64}$/.test(stated)) issues.push({ path: 'sha256', message: 'invalid_sha256' });
  if (input.file && input.file.bytes.length === 0) issues.push({ path: 'file', message: 'empty_file' });
  if (issues.length > 0) invalid(issues);
  if (caseRow.status === 'closed') throw new AppError('INVALID_STATE', 'the case is closed');

  await repo.lockCaseForEvidence(trx, caseRow.id);
  const now = deps.clock.now().toISOString();
  let fileId: string | null = null;
  let sha256: string | null = input.file ? null : stated;
  let fileName: string | null = null;
  if (input.file) {
    fileName = safeFileName(input.file.fileName, 'evidence');
    const contentType = (input.file.contentType ?? '').split(';')[0]!.trim().toLowerCase() || 'application/octet-stream';
    const stored = await storeFile(trx, { facilityId: caseRow.facility_id, fileName, contentType, bytes: input.file.bytes, now });
    fileId = stored.id;
    sha256 = stored.sha256;
  }
  const row = {
    id: newId(),
    case_id: caseRow.id,
    seq: await repo.nextEvidenceSeq(trx, caseRow.id),
    type: input.type,
    description: description!,
    location: clean(input.location),
    collected_by: collectedBy!,
    collected_at: collectedAt,
    sha256,
    hash_source: input.file ? 'upload' : sha256 ? 'stated' : 'none',
    file_id: fileId,
    created_by: callerUserId(caller),
    created_at: now,
  };
  await repo.insertEvidenceRow(trx, row);
  await recordAudit(deps, trx, caller, {
    facilityId: caseRow.facility_id,
    entityType: 'incident_evidence',
    entityId: row.id,
    action: 'create',
    after: { ...evidenceRecord(row), fileName, fileSize: input.file?.bytes.length ?? null },
  });
  await appendEntry(deps, trx, caller, caseRow.facility_id, row, null, {
    action: 'collected',
    occurredAt: collectedAt,
    fromParty: null,
    toParty: row.collected_by,
    location: row.location,
    note: null,
  });
  const label = EVIDENCE_TYPE_LABELS[input.type].ja;
  await insertTimelineEntry(trx, {
    caseId: caseRow.id,
    occurredAt: collectedAt,
    timeZone: TIME_ZONE,
    kind: 'evidence',
    text: `証拠 ${evidenceLabel(row.seq)}(${label})を収集: ${row.description}(収集者 ${row.collected_by}${row.sha256 ? `、SHA-256 ${row.sha256.slice(0, 12)}…` : ''})`,
    createdBy: callerUserId(caller),
    createdAt: now,
  });
  return row.id;
}

async function addEvidenceWith(deps: Deps, caller: Caller, caseId: string, input: EvidenceInput): Promise<EvidenceView> {
  const caseRow = await authorizedCase(deps, caller, caseId, 'incident.write');
  const id = await withAppendRetry(() =>
    deps.db.transaction().execute(async (trx) => {
      // The case as the transaction sees it, under its lock (closed meanwhile?).
      await repo.lockCaseForEvidence(trx, caseRow.id);
      const current = await findCaseRow(trx, caseRow.id);
      if (!current) throw new AppError('NOT_FOUND');
      return insertEvidenceTx(deps, trx, caller, current, input);
    }),
  );
  return viewOf(deps.db, caseRow, id);
}

/** POST …/evidence (JSON): an item without a file — a stated SHA-256 or none. */
export async function addEvidence(deps: Deps, caller: Caller, caseId: string, body: EvidenceCreateBody): Promise<EvidenceView> {
  return addEvidenceWith(deps, caller, caseId, { ...body, file: undefined });
}

/** POST …/evidence/file: the file is the raw body (at most EVIDENCE_FILE_MAX_BYTES); its SHA-256 is computed here. */
export async function addEvidenceFile(deps: Deps, caller: Caller, caseId: string, input: EvidenceFileQuery & { bytes: Buffer; fileName: string; contentType: string | undefined }): Promise<EvidenceView> {
  if (input.bytes.length > EVIDENCE_FILE_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'file too large', { issues: [{ path: 'file', message: 'too_large' }] });
  const { bytes, fileName, contentType, ...fields } = input;
  return addEvidenceWith(deps, caller, caseId, { ...fields, sha256: null, file: { bytes, fileName, contentType } });
}

async function viewOf(db: Db, caseRow: CaseRow, evidenceId: string): Promise<EvidenceView> {
  const all = await evidenceOf(db, caseRow);
  const found = all.items.find((i) => i.row.id === evidenceId);
  if (!found) throw new AppError('NOT_FOUND');
  return found;
}

// ── Custody entries ───────────────────────────────────────────────────────────────────────────────────────────────

interface EntryFields {
  action: CustodyAction;
  /** ISO UTC. */
  occurredAt: string;
  fromParty: string | null;
  toParty: string | null;
  location: string | null;
  note: string | null;
}

/** Appends one entry to an item's chain (the case lock is held by the caller's transaction). */
async function appendEntry(
  deps: Pick<Deps, 'dialect' | 'clock'>,
  trx: Db,
  caller: Caller,
  facilityId: string,
  item: { id: string; case_id: string; seq: number; type: string; description: string; location: string | null; collected_by: string; collected_at: string; sha256: string | null; hash_source: string; created_at: string },
  last: repo.CustodyRow | null,
  fields: EntryFields,
): Promise<CustodyChainRow> {
  const partial = {
    id: newId(),
    evidence_id: item.id,
    case_id: item.case_id,
    seq: last ? Number(last.seq) + 1 : 1,
    action: fields.action,
    occurred_at: fields.occurredAt,
    from_party: fields.fromParty,
    to_party: fields.toParty,
    location: fields.location,
    note: fields.note,
    recorded_by: caller.label,
    prev_hash: last ? last.hash : custodyGenesis(item),
    created_at: deps.clock.now().toISOString(),
  };
  const entry: CustodyChainRow = { ...partial, hash: hashCustodyEntry(partial) };
  await repo.insertCustodyRow(trx, entry);
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'incident_custody', entityId: entry.id, action: 'create', after: custodyRecord(entry) });
  return entry;
}

/** Who must be named for an action: the receiving party of a hand-over or return; the note of a correction. */
function checkEntry(body: CustodyCreateBody, issues: FieldIssue[]): void {
  if (body.action === 'collected') issues.push({ path: 'action', message: 'collected_is_first' });
  if ((body.action === 'handed_over' || body.action === 'returned') && !clean(body.toParty)) issues.push({ path: 'toParty', message: 'required' });
  if (body.action === 'corrected' && !clean(body.note)) issues.push({ path: 'note', message: 'required' });
}

/**
 * POST /incident-evidence/:id/custody: the next entry of the item's chain (incident.write). Not `collected` again; after
 * `disposed` only a correction; never before the item was collected. Allowed on closed cases (evidence is returned or
 * disposed of after the case is closed).
 */
export async function addCustodyEntry(deps: Deps, caller: Caller, evidenceId: string, body: CustodyCreateBody): Promise<EvidenceView> {
  const { ev, caseRow } = await authorizedEvidence(deps, caller, evidenceId, 'incident.write');
  const issues: FieldIssue[] = [];
  checkEntry(body, issues);
  const occurredAt = checkedTime(deps, body.occurredAt, 'occurredAt', issues);
  if (!issues.some((i) => i.path === 'occurredAt') && occurredAt < ev.collected_at) issues.push({ path: 'occurredAt', message: 'before_collection' });
  if (issues.length > 0) invalid(issues);
  await withAppendRetry(() =>
    deps.db.transaction().execute(async (trx) => {
      await repo.lockCaseForEvidence(trx, caseRow.id);
      const last = (await repo.lastCustodyEntry(trx, ev.id)) ?? null;
      if (last?.action === 'disposed' && body.action !== 'corrected') throw new AppError('INVALID_STATE', 'the evidence was disposed of');
      const entry = await appendEntry(deps, trx, caller, caseRow.facility_id, ev, last, {
        action: body.action,
        occurredAt,
        fromParty: clean(body.fromParty),
        toParty: clean(body.toParty),
        location: clean(body.location),
        note: clean(body.note),
      });
      const parties = entry.from_party || entry.to_party ? `(${entry.from_party ?? '—'} → ${entry.to_party ?? '—'})` : '';
      await insertTimelineEntry(trx, {
        caseId: caseRow.id,
        occurredAt,
        timeZone: TIME_ZONE,
        kind: 'evidence',
        text: `証拠 ${evidenceLabel(ev.seq)}: ${CUSTODY_ACTION_LABELS[body.action].ja}${parties}${entry.note ? ` — ${entry.note}` : ''}`,
        createdBy: callerUserId(caller),
        createdAt: entry.created_at,
      });
    }),
  );
  return viewOf(deps.db, caseRow, ev.id);
}

/**
 * The case a command line names: its id, or its number within a facility — `3`, `0003` or the label `INC-2026-0003`
 * (the year is not needed to find it, but must match the case's when given). NOT_FOUND when there is none.
 */
export async function resolveCaseRef(deps: Deps, ref: string, facilityId: string | null): Promise<string> {
  const trimmed = ref.trim();
  const numbered = /^(?:INC-(\d{4})-)?0*(\d{1,9})$/i.exec(trimmed);
  if (facilityId !== null && numbered) {
    const id = await repo.findCaseIdBySeq(deps.db, facilityId, Number(numbered[2]));
    const found = id ? await findCaseRow(deps.db, id) : undefined;
    if (!found || (numbered[1] && !caseNumberLabel(found.seq, found.discovered_at).startsWith(`INC-${numbered[1]}-`))) throw new AppError('NOT_FOUND');
    return found.id;
  }
  const found = await findCaseRow(deps.db, trimmed);
  if (!found || (facilityId !== null && found.facility_id !== facilityId)) throw new AppError('NOT_FOUND');
  return found.id;
}
