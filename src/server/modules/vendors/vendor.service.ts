import { AppError } from '../../../shared/errors.ts';
import { can, PERMISSIONS, reachesFacility } from '../../../shared/policy.ts';
import {
  CONTRACT_CLAUSES,
  contractFlags,
  missingClauses,
  VENDOR_DOCUMENT_CONTENT_TYPES,
  VENDOR_DOCUMENT_MAX_BYTES,
  type ContractClause,
  type ContractFlag,
  type VendorFlag,
} from '../../../shared/vendors.ts';
import type {
  TContractCreate,
  TContractUpdate,
  TVendorContactCreate,
  TVendorContactUpdate,
  TVendorCreate,
  TVendorDocumentCreate,
  TVendorDocumentUpdate,
  TVendorListQuery,
  TVendorUpdate,
} from '../../../shared/contracts/vendors.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit, recordAuditMany, type AuditEntry } from '../../audit/audit.service.ts';
import { safeFileName as safeName } from '../../lib/file-names.ts';
import { newId } from '../../lib/ids.ts';
import { findStoredFile, storeFile } from '../../lib/stored-files.ts';
import { authorizeLedger, authorizeLedgerView, clean, inView, ledgerToday, unique, type LedgerView } from '../ledger/index.ts';
import { usersWithFacilityRole } from '../users/index.ts';
import { vendorChecklist, type VendorChecklist } from '../assessments/vendor-sheet.service.ts';
import * as repo from './vendor.repository.ts';
import { latestEnd, normalizeKana, vendorFlags } from './vendor-rules.ts';

export type { Contact, Contract, Vendor, VendorDocument } from './vendor.repository.ts';

/**
 * 委託事業者: the use cases. Reads go through authorizeLedgerView (a vendor user sees only the vendors they are
 * linked to; any other vendor is NOT_FOUND); writes need ledger.write; linking users needs user.manage.
 * Every write is audited in its own transaction.
 */

/** A vendor with what the list shows about it. */
export interface VendorView extends repo.Vendor {
  assetCount: number;
  connectionCount: number;
  emergencyContact: { name: string; phone: string | null } | null;
  contractEndsOn: string | null;
  flags: VendorFlag[];
}

export interface ContractView extends repo.Contract {
  missingClauses: ContractClause[];
  flags: ContractFlag[];
}

export interface VendorUserView {
  userId: string;
  email: string;
  displayName: string;
}

export interface VendorDetailView extends VendorView {
  contacts: repo.Contact[];
  contracts: ContractView[];
  documents: repo.VendorDocument[];
  users: VendorUserView[];
  /** 事業者確認用: the newest vendor sheet of the vendor (the assessments module derives it). */
  checklist: VendorChecklist;
}

export interface VendorPage {
  items: VendorView[];
  total: number;
  page: number;
  pageSize: number;
}

function view(v: repo.Vendor, a: repo.VendorAggregates | undefined, today: string): VendorView {
  const agg = a ?? { assetCount: 0, connectionCount: 0, emergencyContact: null, contracts: [], documentCount: 0 };
  return {
    ...v,
    assetCount: agg.assetCount,
    connectionCount: agg.connectionCount,
    emergencyContact: agg.emergencyContact,
    contractEndsOn: latestEnd(agg.contracts),
    flags: vendorFlags({ hasEmergencyContact: agg.emergencyContact !== null, contracts: agg.contracts, assetCount: agg.assetCount, documentCount: agg.documentCount }, today),
  };
}

export function contractView(c: repo.Contract, today: string): ContractView {
  return { ...c, missingClauses: missingClauses(c.clauses), flags: contractFlags(c, today) };
}

async function detail(deps: Deps, db: Db, caller: Caller, v: repo.Vendor): Promise<VendorDetailView> {
  const today = ledgerToday(deps);
  const showUsers = caller.actor !== null && can(caller.actor, 'user.read', v.facilityId);
  const [aggregates, contacts, contracts, documents, userIds] = await Promise.all([
    repo.aggregatesOf(db, v.facilityId, [v.id]),
    repo.listContacts(db, v.facilityId, v.id),
    repo.listContracts(db, v.facilityId, v.id),
    repo.listDocuments(db, v.facilityId, v.id),
    showUsers ? repo.linkedUserIds(db, v.facilityId, v.id) : Promise.resolve([]),
  ]);
  const [users, checklist] = await Promise.all([
    showUsers ? usersWithFacilityRole(db, v.facilityId, 'vendor', userIds) : Promise.resolve([]),
    vendorChecklist(deps, v.facilityId, v.id, db),
  ]);
  return {
    ...view(v, aggregates.get(v.id), today),
    contacts,
    contracts: contracts.map((c) => contractView(c, today)),
    documents,
    users: users.map((u) => ({ userId: u.id, email: u.email, displayName: u.displayName })),
    checklist,
  };
}

/** What the audit log keeps of a vendor (its stored fields). */
function auditVendor(v: repo.Vendor): Omit<repo.Vendor, 'checklistAssessmentId'> {
  const { checklistAssessmentId: _placeholder, ...rest } = v;
  return rest;
}

// --- access -------------------------------------------------------------------------------------

/** A vendor the caller may read (NOT_FOUND when absent or outside a vendor user's view). */
async function readable(deps: Deps, caller: Caller, facilityId: string, vendorId: string): Promise<{ vendor: repo.Vendor; view: LedgerView }> {
  const ledgerView = await authorizeLedgerView(deps, caller, facilityId);
  if (!inView(ledgerView, vendorId)) throw new AppError('NOT_FOUND');
  const vendor = await repo.findVendor(deps.db, facilityId, vendorId);
  if (!vendor) throw new AppError('NOT_FOUND');
  return { vendor, view: ledgerView };
}

async function requireVendor(db: Db, facilityId: string, vendorId: string): Promise<repo.Vendor> {
  const v = await repo.findVendor(db, facilityId, vendorId);
  if (!v) throw new AppError('NOT_FOUND');
  return v;
}

// --- vendors ------------------------------------------------------------------------------------

export async function listVendors(deps: Deps, caller: Caller, facilityId: string, query: TVendorListQuery): Promise<VendorPage> {
  const ledgerView = await authorizeLedgerView(deps, caller, facilityId);
  const today = ledgerToday(deps);
  const q = query.q?.trim();
  const filter: repo.VendorListFilter = {
    facilityId,
    vendorIds: ledgerView.vendorIds,
    q: q ? unique([q, normalizeKana(q) ?? q]) : undefined,
    flag: query.flag,
    today,
  };
  const [total, rows] = await Promise.all([
    repo.countVendors(deps.dialect, deps.db, filter),
    repo.listVendors(deps.dialect, deps.db, filter, query.sort, query.pageSize, (query.page - 1) * query.pageSize),
  ]);
  const aggregates = await repo.aggregatesOf(deps.db, facilityId, rows.map((r) => r.id));
  return { items: rows.map((r) => view(r, aggregates.get(r.id), today)), total, page: query.page, pageSize: query.pageSize };
}

export async function getVendor(deps: Deps, caller: Caller, facilityId: string, vendorId: string): Promise<VendorDetailView> {
  const { vendor } = await readable(deps, caller, facilityId, vendorId);
  return detail(deps, deps.db, caller, vendor);
}

async function assertNameFree(db: Db, facilityId: string, name: string, exceptId?: string): Promise<void> {
  if (await repo.findVendorIdByName(db, facilityId, name, exceptId)) {
    throw new AppError('CONFLICT', `vendor ${name} exists`, { issues: [{ path: 'name', message: name }] });
  }
}

/** Inserts a vendor inside an existing transaction, without permission checks (service, demo, import). */
export async function insertVendorTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, input: TVendorCreate): Promise<repo.Vendor> {
  const name = input.name.trim();
  await assertNameFree(trx, facilityId, name);
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertVendor(trx, {
    id,
    facility_id: facilityId,
    name,
    name_kana: normalizeKana(input.nameKana),
    corporate_number: clean(input.corporateNumber),
    address: clean(input.address),
    phone: clean(input.phone),
    email: clean(input.email),
    website: clean(input.website),
    notes: clean(input.notes),
    checklist_assessment_id: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
  const created = (await repo.findVendor(trx, facilityId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor', entityId: id, action: 'create', after: auditVendor(created) });
  return created;
}

export async function createVendor(deps: Deps, caller: Caller, facilityId: string, input: TVendorCreate): Promise<VendorDetailView> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  const created = await deps.db.transaction().execute((trx) => insertVendorTx(deps, trx, caller, facilityId, input));
  return detail(deps, deps.db, caller, created);
}

export async function updateVendor(deps: Deps, caller: Caller, facilityId: string, vendorId: string, input: TVendorUpdate): Promise<VendorDetailView> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  // The detail is read after the commit: its checklist reads frameworks outside this transaction.
  const updated = await deps.db.transaction().execute(async (trx) => {
    const before = await requireVendor(trx, facilityId, vendorId);
    const name = input.name?.trim();
    if (name !== undefined && name !== before.name) await assertNameFree(trx, facilityId, name, vendorId);
    await repo.updateVendor(trx, facilityId, vendorId, {
      ...(name !== undefined && { name }),
      ...(input.nameKana !== undefined && { name_kana: normalizeKana(input.nameKana) }),
      ...(input.corporateNumber !== undefined && { corporate_number: clean(input.corporateNumber) }),
      ...(input.address !== undefined && { address: clean(input.address) }),
      ...(input.phone !== undefined && { phone: clean(input.phone) }),
      ...(input.email !== undefined && { email: clean(input.email) }),
      ...(input.website !== undefined && { website: clean(input.website) }),
      ...(input.notes !== undefined && { notes: clean(input.notes) }),
      updated_at: deps.clock.now().toISOString(),
    });
    const after = (await repo.findVendor(trx, facilityId, vendorId))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor', entityId: vendorId, action: 'update', before: auditVendor(before), after: auditVendor(after) });
    return after;
  });
  return detail(deps, deps.db, caller, updated);
}

/**
 * Soft delete. Refused (IN_USE) while a live connection (requested, approved, active, expired) names the vendor;
 * otherwise its assets lose their maintaining vendor (each audited) and its users their link, in one transaction.
 */
export async function deleteVendor(deps: Deps, caller: Caller, facilityId: string, vendorId: string): Promise<void> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    const before = await requireVendor(trx, facilityId, vendorId);
    const connections = await repo.liveConnectionCount(trx, facilityId, vendorId);
    if (connections > 0) {
      throw new AppError('IN_USE', `vendor ${before.name} is named by ${connections} live connections`, {
        issues: [{ path: 'vendorId', message: `in_use:${connections}` }],
        detail: { reason: 'vendor_in_use', connectionCount: connections },
      });
    }
    const assets = await repo.assetsOfVendor(trx, facilityId, vendorId);
    const userIds = await repo.linkedUserIds(trx, facilityId, vendorId);
    const now = deps.clock.now().toISOString();
    await repo.clearAssetVendor(trx, facilityId, vendorId, now);
    await repo.setLinkedUsers(trx, facilityId, vendorId, [], now);
    await repo.softDeleteVendor(trx, facilityId, vendorId, now);
    const audit: AuditEntry[] = [
      { facilityId, entityType: 'vendor', entityId: vendorId, action: 'delete', before: { ...auditVendor(before), userIds, assetIds: assets.map((a) => a.id) }, after: { deletedAt: now } },
      ...assets.map((a): AuditEntry => ({ facilityId, entityType: 'asset', entityId: a.id, action: 'update', before: { vendorId }, after: { vendorId: null, reason: 'vendor_deleted' } })),
    ];
    await recordAuditMany(deps, trx, caller, audit);
  });
}

// --- contacts -----------------------------------------------------------------------------------

/** Inserts a contact inside an existing transaction, without permission checks (service, demo, import). */
export async function insertContactTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, vendorId: string, input: TVendorContactCreate): Promise<repo.Contact> {
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertContact(trx, {
    id,
    facility_id: facilityId,
    vendor_id: vendorId,
    name: input.name.trim(),
    role: clean(input.role),
    phone: clean(input.phone),
    email: clean(input.email),
    emergency_24h: input.emergency24h ? 1 : 0,
    notes: clean(input.notes),
    position: await repo.nextContactPosition(trx, facilityId, vendorId),
    created_at: now,
    updated_at: now,
  });
  const created = (await repo.findContact(trx, facilityId, vendorId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_contact', entityId: id, action: 'create', after: created });
  return created;
}

/** Updates a contact inside an existing transaction, without permission checks; audited when anything changed. */
export async function updateContactTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, before: repo.Contact, input: TVendorContactUpdate): Promise<repo.Contact> {
  await repo.updateContact(trx, facilityId, before.id, {
    ...(input.name !== undefined && { name: input.name.trim() }),
    ...(input.role !== undefined && { role: clean(input.role) }),
    ...(input.phone !== undefined && { phone: clean(input.phone) }),
    ...(input.email !== undefined && { email: clean(input.email) }),
    ...(input.emergency24h !== undefined && { emergency_24h: input.emergency24h ? 1 : 0 }),
    ...(input.notes !== undefined && { notes: clean(input.notes) }),
    updated_at: deps.clock.now().toISOString(),
  });
  const after = (await repo.findContact(trx, facilityId, before.vendorId, before.id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_contact', entityId: before.id, action: 'update', before, after });
  return after;
}

export async function createContact(deps: Deps, caller: Caller, facilityId: string, vendorId: string, input: TVendorContactCreate): Promise<repo.Contact> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    return insertContactTx(deps, trx, caller, facilityId, vendorId, input);
  });
}

export async function updateContact(deps: Deps, caller: Caller, facilityId: string, vendorId: string, contactId: string, input: TVendorContactUpdate): Promise<repo.Contact> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    const before = await repo.findContact(trx, facilityId, vendorId, contactId);
    if (!before) throw new AppError('NOT_FOUND');
    return updateContactTx(deps, trx, caller, facilityId, before, input);
  });
}

export async function deleteContact(deps: Deps, caller: Caller, facilityId: string, vendorId: string, contactId: string): Promise<void> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    const before = await repo.findContact(trx, facilityId, vendorId, contactId);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.deleteContact(trx, facilityId, contactId);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_contact', entityId: contactId, action: 'delete', before });
  });
}

// --- contracts ----------------------------------------------------------------------------------

const clauseList = (clauses: readonly string[]) => CONTRACT_CLAUSES.filter((c) => clauses.includes(c));

function assertPeriod(startsOn: string | null, endsOn: string | null): void {
  if (startsOn && endsOn && endsOn < startsOn) {
    throw new AppError('VALIDATION_FAILED', 'the contract ends before it starts', { issues: [{ path: 'endsOn', message: 'ends_before_start' }] });
  }
}

/** Inserts a contract inside an existing transaction, without permission checks (service, demo). */
export async function insertContractTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, vendorId: string, input: TContractCreate): Promise<repo.Contract> {
  assertPeriod(input.startsOn ?? null, input.endsOn ?? null);
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertContract(trx, {
    id,
    facility_id: facilityId,
    vendor_id: vendorId,
    title: input.title.trim(),
    contract_number: clean(input.contractNumber),
    starts_on: input.startsOn ?? null,
    ends_on: input.endsOn ?? null,
    auto_renew: input.autoRenew ? 1 : 0,
    scope: clean(input.scope),
    clauses: JSON.stringify(clauseList(input.clauses)),
    notes: clean(input.notes),
    created_at: now,
    updated_at: now,
  });
  const created = (await repo.findContract(trx, facilityId, vendorId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_contract', entityId: id, action: 'create', after: created });
  return created;
}

export async function createContract(deps: Deps, caller: Caller, facilityId: string, vendorId: string, input: TContractCreate): Promise<ContractView> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  const created = await deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    return insertContractTx(deps, trx, caller, facilityId, vendorId, input);
  });
  return contractView(created, ledgerToday(deps));
}

export async function updateContract(deps: Deps, caller: Caller, facilityId: string, vendorId: string, contractId: string, input: TContractUpdate): Promise<ContractView> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  const after = await deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    const before = await repo.findContract(trx, facilityId, vendorId, contractId);
    if (!before) throw new AppError('NOT_FOUND');
    assertPeriod(input.startsOn === undefined ? before.startsOn : input.startsOn, input.endsOn === undefined ? before.endsOn : input.endsOn);
    await repo.updateContract(trx, facilityId, contractId, {
      ...(input.title !== undefined && { title: input.title.trim() }),
      ...(input.contractNumber !== undefined && { contract_number: clean(input.contractNumber) }),
      ...(input.startsOn !== undefined && { starts_on: input.startsOn }),
      ...(input.endsOn !== undefined && { ends_on: input.endsOn }),
      ...(input.autoRenew !== undefined && { auto_renew: input.autoRenew ? 1 : 0 }),
      ...(input.scope !== undefined && { scope: clean(input.scope) }),
      ...(input.clauses !== undefined && { clauses: JSON.stringify(clauseList(input.clauses)) }),
      ...(input.notes !== undefined && { notes: clean(input.notes) }),
      updated_at: deps.clock.now().toISOString(),
    });
    const updated = (await repo.findContract(trx, facilityId, vendorId, contractId))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_contract', entityId: contractId, action: 'update', before, after: updated });
    return updated;
  });
  return contractView(after, ledgerToday(deps));
}

export async function deleteContract(deps: Deps, caller: Caller, facilityId: string, vendorId: string, contractId: string): Promise<void> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    const before = await repo.findContract(trx, facilityId, vendorId, contractId);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.deleteContract(trx, facilityId, contractId);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_contract', entityId: contractId, action: 'delete', before });
  });
}

// --- documents (MDS/SDS) ------------------------------------------------------------------------

/** What the audit log keeps of a document (no internal file id). */
function auditDocument(d: repo.VendorDocument): Omit<repo.VendorDocument, 'fileId'> {
  const { fileId: _internal, ...rest } = d;
  return rest;
}

/** Inserts a document's metadata inside an existing transaction, without permission checks (service, demo). */
export async function insertDocumentTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, vendorId: string, input: TVendorDocumentCreate): Promise<repo.VendorDocument> {
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertDocument(trx, {
    id,
    facility_id: facilityId,
    vendor_id: vendorId,
    kind: input.kind,
    subject: input.subject.trim(),
    version: clean(input.version),
    received_on: input.receivedOn,
    file_id: null,
    notes: clean(input.notes),
    created_at: now,
    updated_at: now,
  });
  const created = (await repo.findDocument(trx, facilityId, vendorId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_document', entityId: id, action: 'create', after: auditDocument(created) });
  return created;
}

export async function createDocument(deps: Deps, caller: Caller, facilityId: string, vendorId: string, input: TVendorDocumentCreate): Promise<repo.VendorDocument> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    return insertDocumentTx(deps, trx, caller, facilityId, vendorId, input);
  });
}

export async function updateDocument(deps: Deps, caller: Caller, facilityId: string, vendorId: string, documentId: string, input: TVendorDocumentUpdate): Promise<repo.VendorDocument> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  return deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    const before = await repo.findDocument(trx, facilityId, vendorId, documentId);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.updateDocument(trx, facilityId, documentId, {
      ...(input.kind !== undefined && { kind: input.kind }),
      ...(input.subject !== undefined && { subject: input.subject.trim() }),
      ...(input.version !== undefined && { version: clean(input.version) }),
      ...(input.receivedOn !== undefined && { received_on: input.receivedOn }),
      ...(input.notes !== undefined && { notes: clean(input.notes) }),
      updated_at: deps.clock.now().toISOString(),
    });
    const after = (await repo.findDocument(trx, facilityId, vendorId, documentId))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_document', entityId: documentId, action: 'update', before: auditDocument(before), after: auditDocument(after) });
    return after;
  });
}

/** Deletes a document's metadata and its stored file. */
export async function deleteDocument(deps: Deps, caller: Caller, facilityId: string, vendorId: string, documentId: string): Promise<void> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  await deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    const before = await repo.findDocument(trx, facilityId, vendorId, documentId);
    if (!before) throw new AppError('NOT_FOUND');
    await repo.deleteDocument(trx, facilityId, documentId);
    if (before.fileId) await repo.deleteFile(trx, facilityId, before.fileId);
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_document', entityId: documentId, action: 'delete', before: auditDocument(before) });
  });
}

export type DocumentContentType = (typeof VENDOR_DOCUMENT_CONTENT_TYPES)[number];

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** The first bytes each accepted type must start with (PDF; Office Open XML = zip; legacy Office = OLE compound file). */
const MAGIC: Record<DocumentContentType, Buffer> = {
  'application/pdf': PDF_MAGIC,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ZIP_MAGIC,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ZIP_MAGIC,
  'application/vnd.ms-excel': OLE_MAGIC,
  'application/msword': OLE_MAGIC,
};
const EXTENSION: Record<DocumentContentType, string> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/msword': 'doc',
};

/** The media type of a Content-Type header (parameters dropped), when it is one MDS/SDS files may have. */
export function documentContentType(header: string | undefined): DocumentContentType | null {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return (VENDOR_DOCUMENT_CONTENT_TYPES as readonly string[]).includes(type) ? (type as DocumentContentType) : null;
}

/** A file name safe to store and send back: no directories or control characters, at most 200 characters. */
export function safeFileName(name: string, contentType: DocumentContentType): string {
  return safeName(name, `document.${EXTENSION[contentType]}`);
}

export interface DocumentFileInput {
  bytes: Buffer;
  /** The request's Content-Type header. */
  contentType: string | undefined;
  fileName: string;
}

/**
 * Stores a document's file (PDF, Excel or Word up to VENDOR_DOCUMENT_MAX_BYTES), replacing and deleting any earlier
 * one. The declared type must be accepted (UNSUPPORTED_MEDIA_TYPE) and the content must start like that type.
 */
export async function putDocumentFile(deps: Deps, caller: Caller, facilityId: string, vendorId: string, documentId: string, input: DocumentFileInput): Promise<repo.VendorDocument> {
  await authorizeLedger(deps, caller, facilityId, 'write');
  const type = documentContentType(input.contentType);
  if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'not a PDF, Excel or Word file', { issues: [{ path: 'file', message: 'unsupported_type' }] });
  if (input.bytes.length > VENDOR_DOCUMENT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'file too large', { issues: [{ path: 'file', message: 'too_large' }] });
  if (input.bytes.length === 0) throw new AppError('VALIDATION_FAILED', 'empty file', { issues: [{ path: 'file', message: 'empty_file' }] });
  if (!input.bytes.subarray(0, MAGIC[type].length).equals(MAGIC[type])) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `the content is not ${type}`, { issues: [{ path: 'file', message: 'content_mismatch' }] });
  }
  const fileName = safeFileName(input.fileName, type);
  return deps.db.transaction().execute(async (trx) => {
    await requireVendor(trx, facilityId, vendorId);
    const before = await repo.findDocument(trx, facilityId, vendorId, documentId);
    if (!before) throw new AppError('NOT_FOUND');
    const now = deps.clock.now().toISOString();
    const { id: fileId } = await storeFile(trx, { facilityId, fileName, contentType: type, bytes: input.bytes, now });
    await repo.updateDocument(trx, facilityId, documentId, { file_id: fileId, updated_at: now });
    if (before.fileId) await repo.deleteFile(trx, facilityId, before.fileId);
    const after = (await repo.findDocument(trx, facilityId, vendorId, documentId))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_document', entityId: documentId, action: 'upload_file', before: { file: before.file }, after: { file: after.file } });
    return after;
  });
}

/** A document's stored file, for whoever may read the vendor. */
export async function getDocumentFile(deps: Deps, caller: Caller, facilityId: string, vendorId: string, documentId: string): Promise<{ fileName: string; contentType: string; bytes: Buffer }> {
  await readable(deps, caller, facilityId, vendorId);
  const doc = await repo.findDocument(deps.db, facilityId, vendorId, documentId);
  if (!doc?.fileId) throw new AppError('NOT_FOUND');
  const file = await findStoredFile(deps.db, facilityId, doc.fileId);
  if (!file) throw new AppError('NOT_FOUND');
  return { fileName: file.file_name, contentType: file.content_type, bytes: file.content };
}

// --- vendor users -------------------------------------------------------------------------------

/**
 * Sets the users who act for the vendor (the whole list). Needs `user.manage` in the facility; each user must
 * hold the `vendor` role there (VALIDATION_FAILED `not_vendor_user` on `userIds` otherwise).
 */
export async function setVendorUsers(deps: Deps, caller: Caller, facilityId: string, vendorId: string, userIds: readonly string[]): Promise<VendorDetailView> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!reachesFacility(actor, facilityId)) throw new AppError('NOT_FOUND');
  if (!can(actor, 'user.manage', facilityId)) {
    const lacksScope = actor.token !== undefined && !actor.token.scopes.includes(PERMISSIONS['user.manage'].scope);
    throw new AppError(lacksScope ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  }
  const wanted = unique(userIds);
  const vendor = await deps.db.transaction().execute(async (trx) => {
    const vendor = await requireVendor(trx, facilityId, vendorId);
    const holders = new Set((await usersWithFacilityRole(trx, facilityId, 'vendor', wanted)).map((u) => u.id));
    const strangers = wanted.filter((id) => !holders.has(id));
    if (strangers.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'not vendor users of this facility', { issues: strangers.map((id) => ({ path: 'userIds', message: 'not_vendor_user', value: id })) });
    }
    const before = (await repo.linkedUserIds(trx, facilityId, vendorId)).sort();
    const sorted = [...wanted].sort();
    if (JSON.stringify(before) !== JSON.stringify(sorted)) {
      await repo.setLinkedUsers(trx, facilityId, vendorId, sorted, deps.clock.now().toISOString());
      await recordAudit(deps, trx, caller, { facilityId, entityType: 'vendor_users', entityId: vendorId, action: 'update', before: { userIds: before }, after: { userIds: sorted } });
    }
    return vendor;
  });
  return detail(deps, deps.db, caller, vendor);
}
