import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { frameworkItems } from '../../../shared/assessments/framework.ts';
import type { EvidenceRecordType } from '../../../shared/assessments/types.ts';
import type { EvidenceDto } from '../../../shared/contracts/assessments.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { safeFileName } from '../../lib/file-names.ts';
import { newId } from '../../lib/ids.ts';
import { findStoredFile, storeFile } from '../../lib/stored-files.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { clean, ledgerToday } from '../ledger/index.ts';
import { authorizeAssessment, type AssessmentAccess } from './assessment.access.ts';
import { presentEvidenceList } from './assessment.presenter.ts';
import * as repo from './assessment.repository.ts';
import { actorOf, assertEditable, entryOf, recordAssessmentEvent } from './assessment.service.ts';

/**
 * 証跡 (evidence) of an assessment's items: uploaded files (SHA-256, kept in `stored_files` so that a backup holds
 * them; a new version keeps the old one as a previous version), links to mamori records (their label kept), and
 * outside URLs. Evidence past its `validUntil` is shown but no longer counts. Changes only while the assessment is
 * in progress; deleting is soft.
 */

/** The largest evidence file (raw request body). */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

function auditEvidence(r: repo.EvidenceRow) {
  return {
    id: r.id,
    itemId: r.item_id,
    kind: r.kind,
    title: r.title,
    fileName: r.kind === 'file' ? r.file_name : null,
    sha256: r.sha256,
    size: r.size,
    version: r.version,
    replacesId: r.replaces_id,
    recordType: r.record_type,
    recordId: r.record_id,
    url: r.url,
    validUntil: r.valid_until,
  };
}

/** The assessment in the transaction, still answerable, and the item in its framework. */
async function editable(deps: Deps, trx: Db, access: AssessmentAccess, itemId: string): Promise<repo.AssessmentRecord> {
  const row = await repo.lockAssessment(trx, access.row.facility_id, access.row.id);
  if (!row) throw new AppError('NOT_FOUND');
  assertEditable(row);
  const entry = await entryOf(deps, row, trx);
  if (!frameworkItems(entry.definition).some((i) => i.id === itemId)) invalid([{ path: 'itemId', message: 'unknown_item' }]);
  return row;
}

function checkValidUntil(validUntil: string | null | undefined, issues: FieldIssue[]): void {
  if (validUntil && Number.isNaN(Date.parse(`${validUntil}T00:00:00Z`))) issues.push({ path: 'validUntil', message: 'invalid_date' });
}

async function current(deps: Deps, db: Db, row: repo.AssessmentRow, id: string): Promise<EvidenceDto> {
  const list = presentEvidenceList(await repo.listEvidence(db, row.facility_id, row.id), ledgerToday(deps));
  return list.find((e) => e.id === id)!;
}

async function written(deps: Deps, trx: Db, caller: Caller, row: repo.AssessmentRow, created: repo.EvidenceRow, replaced: repo.EvidenceRow | null): Promise<void> {
  await recordAssessmentEvent(deps, trx, {
    facilityId: row.facility_id,
    assessmentId: row.id,
    itemId: created.item_id,
    action: 'evidence_added',
    after: { id: created.id, kind: created.kind, title: created.title, version: created.version, sha256: created.sha256, replaces: replaced?.id ?? null },
    actor: actorOf(caller),
  });
  await recordAudit(deps, trx, caller, { facilityId: row.facility_id, entityType: 'assessment_evidence', entityId: created.id, action: 'create', after: { assessmentId: row.id, ...auditEvidence(created) } });
  await repo.updateAssessment(trx, row.facility_id, row.id, { updated_at: created.created_at });
}

export interface EvidenceLinkInput {
  itemId: string;
  kind: 'record' | 'url';
  title: string;
  recordType?: EvidenceRecordType | undefined;
  recordId?: string | undefined;
  url?: string | undefined;
  validUntil?: string | null | undefined;
  note?: string | null | undefined;
}

/** A link to a mamori record of the same facility (its label kept) or to an outside URL. */
export async function addEvidenceLink(deps: Deps, caller: Caller, id: string, input: EvidenceLinkInput): Promise<EvidenceDto> {
  const access = await authorizeAssessment(deps, caller, id, 'answer');
  return deps.db.transaction().execute(async (trx) => {
    const row = await editable(deps, trx, access, input.itemId);
    const issues: FieldIssue[] = [];
    checkValidUntil(input.validUntil, issues);
    let label: string | null = null;
    if (input.kind === 'record') {
      // A vendor sees no record of the hospital, so cannot link one either.
      if (access.asVendor) issues.push({ path: 'kind', message: 'not_allowed' });
      else if (!input.recordType) issues.push({ path: 'recordType', message: 'required' });
      else if (!input.recordId) issues.push({ path: 'recordId', message: 'required' });
      else {
        label = await repo.recordLabel(trx, row.facility_id, input.recordType, input.recordId);
        if (label === null) issues.push({ path: 'recordId', message: 'unknown_record' });
      }
    } else if (!input.url) issues.push({ path: 'url', message: 'required' });
    else if (!/^https?:\/\//i.test(input.url)) issues.push({ path: 'url', message: 'invalid_url' });
    if (issues.length > 0) invalid(issues);
    const actor = actorOf(caller);
    const created: repo.EvidenceRow = {
      id: newId(),
      facility_id: row.facility_id,
      assessment_id: row.id,
      item_id: input.itemId,
      kind: input.kind,
      title: input.title.trim(),
      file_id: null,
      // For record links: the record's label when it was linked.
      file_name: input.kind === 'record' ? label : null,
      sha256: null,
      size: null,
      version: 1,
      replaces_id: null,
      replaced_by_id: null,
      record_type: input.kind === 'record' ? input.recordType! : null,
      record_id: input.kind === 'record' ? input.recordId! : null,
      url: input.kind === 'url' ? input.url! : null,
      valid_until: input.validUntil ?? null,
      note: clean(input.note),
      created_by: actor.userId,
      created_by_label: actor.label,
      created_at: deps.clock.now().toISOString(),
      deleted_at: null,
    };
    await repo.insertEvidence(trx, created);
    await written(deps, trx, caller, row, created, null);
    return current(deps, trx, row, created.id);
  });
}

export interface EvidenceFileInput {
  itemId: string;
  title?: string | undefined;
  validUntil?: string | undefined;
  replaces?: string | undefined;
  note?: string | undefined;
  bytes: Buffer;
  fileName: string;
  contentType: string | undefined;
}

/**
 * Uploads a file (raw body, at most EVIDENCE_MAX_BYTES) with its SHA-256. With `replaces`, it becomes the next
 * version of that (current) file evidence of the same item, which stays as a previous version.
 */
export async function addEvidenceFile(deps: Deps, caller: Caller, id: string, input: EvidenceFileInput): Promise<EvidenceDto> {
  const access = await authorizeAssessment(deps, caller, id, 'answer');
  if (input.bytes.length > EVIDENCE_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'file too large', { issues: [{ path: 'file', message: 'too_large' }] });
  if (input.bytes.length === 0) invalid([{ path: 'file', message: 'empty_file' }]);
  return deps.db.transaction().execute(async (trx) => {
    const row = await editable(deps, trx, access, input.itemId);
    const issues: FieldIssue[] = [];
    checkValidUntil(input.validUntil, issues);
    let replaced: repo.EvidenceRow | null = null;
    if (input.replaces) {
      replaced = (await repo.findEvidence(trx, row.facility_id, row.id, input.replaces)) ?? null;
      if (!replaced || replaced.kind !== 'file') issues.push({ path: 'replaces', message: 'unknown_evidence' });
      else if (replaced.replaced_by_id !== null) issues.push({ path: 'replaces', message: 'not_current_version' });
      else if (replaced.item_id !== input.itemId) issues.push({ path: 'replaces', message: 'other_item' });
    }
    if (issues.length > 0) invalid(issues);
    const now = deps.clock.now().toISOString();
    const fileName = safeFileName(input.fileName, 'evidence');
    const contentType = (input.contentType ?? '').split(';')[0]!.trim().toLowerCase() || 'application/octet-stream';
    const { id: fileId, sha256 } = await storeFile(trx, { facilityId: row.facility_id, fileName, contentType, bytes: input.bytes, now });
    const actor = actorOf(caller);
    const created: repo.EvidenceRow = {
      id: newId(),
      facility_id: row.facility_id,
      assessment_id: row.id,
      item_id: input.itemId,
      kind: 'file',
      title: clean(input.title) ?? replaced?.title ?? fileName,
      file_id: fileId,
      file_name: fileName,
      sha256,
      size: input.bytes.length,
      version: replaced ? replaced.version + 1 : 1,
      replaces_id: replaced?.id ?? null,
      replaced_by_id: null,
      record_type: null,
      record_id: null,
      url: null,
      valid_until: input.validUntil ?? null,
      note: clean(input.note) ?? replaced?.note ?? null,
      created_by: actor.userId,
      created_by_label: actor.label,
      created_at: now,
      deleted_at: null,
    };
    await repo.insertEvidence(trx, created);
    if (replaced) await repo.updateEvidence(trx, row.facility_id, replaced.id, { replaced_by_id: created.id });
    await written(deps, trx, caller, row, created, replaced);
    return current(deps, trx, row, created.id);
  });
}

/** The stored file of an evidence item (any version), for whoever may read the assessment. */
export async function evidenceFile(deps: Deps, caller: Caller, id: string, evidenceId: string): Promise<{ fileName: string; contentType: string; bytes: Buffer; sha256: string }> {
  const { row } = await authorizeAssessment(deps, caller, id, 'read');
  const e = await repo.findEvidence(deps.db, row.facility_id, row.id, evidenceId);
  if (!e?.file_id) throw new AppError('NOT_FOUND');
  const file = await findStoredFile(deps.db, row.facility_id, e.file_id);
  if (!file) throw new AppError('NOT_FOUND');
  return { fileName: file.file_name, contentType: file.content_type, bytes: file.content, sha256: file.sha256 };
}

/** Removes an evidence item with its earlier versions (soft: the rows and files stay for the record). */
export async function deleteEvidence(deps: Deps, caller: Caller, id: string, evidenceId: string): Promise<void> {
  const access = await authorizeAssessment(deps, caller, id, 'answer');
  await deps.db.transaction().execute(async (trx) => {
    const row = await repo.lockAssessment(trx, access.row.facility_id, access.row.id);
    if (!row) throw new AppError('NOT_FOUND');
    const target = await repo.findEvidence(trx, row.facility_id, row.id, evidenceId);
    if (!target) throw new AppError('NOT_FOUND');
    assertEditable(row);
    const all = await repo.listEvidence(trx, row.facility_id, row.id);
    const byId = new Map(all.map((r) => [r.id, r]));
    // The whole chain: this version, the ones it replaced and any newer one (deleting an old version removes the item).
    let head = target;
    while (head.replaced_by_id && byId.has(head.replaced_by_id)) head = byId.get(head.replaced_by_id)!;
    const ids: string[] = [];
    for (let p: repo.EvidenceRow | undefined = head; p && !ids.includes(p.id); p = p.replaces_id ? byId.get(p.replaces_id) : undefined) ids.push(p.id);
    const now = deps.clock.now().toISOString();
    await repo.deleteEvidenceChain(trx, row.facility_id, ids, now);
    await recordAssessmentEvent(deps, trx, { facilityId: row.facility_id, assessmentId: row.id, itemId: head.item_id, action: 'evidence_removed', before: { id: head.id, kind: head.kind, title: head.title, versions: ids.length }, actor: actorOf(caller) });
    await recordAudit(deps, trx, caller, { facilityId: row.facility_id, entityType: 'assessment_evidence', entityId: head.id, action: 'delete', before: { assessmentId: row.id, ...auditEvidence(head), versions: ids } });
    await repo.updateAssessment(trx, row.facility_id, row.id, { updated_at: now });
  });
}
