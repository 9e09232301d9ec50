import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import { LIVE_CONNECTION_STATUSES } from '../../../shared/connections.ts';
import { CONTRACT_CLAUSES, type VendorFlag } from '../../../shared/vendors.ts';
import type { Db } from '../../db/database.ts';
import { anyContainsInsensitive, codePointOrder, type DialectName } from '../../db/dialect.ts';
import type { Database, VendorContactsTable, VendorContractsTable, VendorDocumentsTable, VendorsTable } from '../../db/schema.ts';

/** All SQL of the vendors module (委託事業者 and what hangs off them). Every query is scoped by facility_id. */

export type VendorRow = VendorsTable;
export type ContactRow = VendorContactsTable;
export type ContractRow = VendorContractsTable;
export type DocumentRow = VendorDocumentsTable;

export interface Vendor {
  id: string;
  facilityId: string;
  name: string;
  nameKana: string | null;
  corporateNumber: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  notes: string | null;
  checklistAssessmentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Contact {
  id: string;
  vendorId: string;
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
  emergency24h: boolean;
  notes: string | null;
  position: number;
}

export interface Contract {
  id: string;
  vendorId: string;
  title: string;
  contractNumber: string | null;
  startsOn: string | null;
  endsOn: string | null;
  autoRenew: boolean;
  scope: string | null;
  clauses: string[];
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VendorDocument {
  id: string;
  vendorId: string;
  kind: string;
  subject: string;
  version: string | null;
  receivedOn: string;
  notes: string | null;
  fileId: string | null;
  file: { fileName: string; contentType: string; size: number; sha256: string } | null;
  createdAt: string;
  updatedAt: string;
}

function parseList(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

export function toVendor(r: VendorRow): Vendor {
  return {
    id: r.id,
    facilityId: r.facility_id,
    name: r.name,
    nameKana: r.name_kana,
    corporateNumber: r.corporate_number,
    address: r.address,
    phone: r.phone,
    email: r.email,
    website: r.website,
    notes: r.notes,
    checklistAssessmentId: r.checklist_assessment_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toContact(r: ContactRow): Contact {
  return {
    id: r.id,
    vendorId: r.vendor_id,
    name: r.name,
    role: r.role,
    phone: r.phone,
    email: r.email,
    emergency24h: Number(r.emergency_24h) === 1,
    notes: r.notes,
    position: Number(r.position),
  };
}

export function toContract(r: ContractRow): Contract {
  return {
    id: r.id,
    vendorId: r.vendor_id,
    title: r.title,
    contractNumber: r.contract_number,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    autoRenew: Number(r.auto_renew) === 1,
    scope: r.scope,
    clauses: parseList(r.clauses),
    notes: r.notes,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

// --- vendors ------------------------------------------------------------------------------------

function live(db: Db, facilityId: string) {
  return db.selectFrom('vendors').selectAll('vendors').where('vendors.facility_id', '=', facilityId).where('vendors.deleted_at', 'is', null);
}

export async function findVendor(db: Db, facilityId: string, id: string): Promise<Vendor | undefined> {
  const row = await live(db, facilityId).where('vendors.id', '=', id).executeTakeFirst();
  return row ? toVendor(row) : undefined;
}

/** The live vendor of that exact name (other than `exceptId`), if any. */
export async function findVendorIdByName(db: Db, facilityId: string, name: string, exceptId?: string): Promise<string | undefined> {
  let q = db.selectFrom('vendors').select('id').where('facility_id', '=', facilityId).where('name', '=', name).where('deleted_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst())?.id;
}

/** Every live vendor of a facility in reading order (フリガナ, then name): import matching, export, lookups. */
export async function allVendors(dialect: DialectName, db: Db, facilityId: string): Promise<Vendor[]> {
  const rows = await live(db, facilityId)
    .orderBy(codePointOrder(dialect, sql`coalesce(vendors.name_kana, vendors.name)`))
    .orderBy(codePointOrder(dialect, sql`vendors.name`))
    .orderBy('vendors.id')
    .execute();
  return rows.map(toVendor);
}

export async function insertVendor(db: Db, row: VendorRow): Promise<void> {
  await db.insertInto('vendors').values(row).execute();
}

export async function insertVendors(db: Db, rows: VendorRow[], chunk = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) await db.insertInto('vendors').values(rows.slice(i, i + chunk)).execute();
}

export async function updateVendor(db: Db, facilityId: string, id: string, patch: Partial<Omit<VendorRow, 'id' | 'facility_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('vendors').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function softDeleteVendor(db: Db, facilityId: string, id: string, at: string): Promise<void> {
  await db.updateTable('vendors').set({ deleted_at: at, updated_at: at }).where('facility_id', '=', facilityId).where('id', '=', id).where('deleted_at', 'is', null).execute();
}

// --- listing ------------------------------------------------------------------------------------

export interface VendorListFilter {
  facilityId: string;
  /** null = every vendor of the facility; otherwise only these (none when empty). */
  vendorIds: string[] | null;
  /** Needles: a match of any of them in any searched field (the query as typed and its katakana form). */
  q?: string[] | undefined;
  flag?: VendorFlag | undefined;
  /** YYYY-MM-DD (JST), for the contract flags. */
  today: string;
}

type VendorQuery<O> = SelectQueryBuilder<Database, 'vendors', O>;
type Eb = ExpressionBuilder<Database, 'vendors'>;

const contractsOf = (eb: Eb) => eb.selectFrom('vendor_contracts').select(sql.lit(1).as('one')).whereRef('vendor_contracts.vendor_id', '=', 'vendors.id');
/** A contract is over when it has an end, does not renew itself and the end has passed (contractFlags' `expired`). */
const notExpired = (eb: ExpressionBuilder<Database, 'vendor_contracts'>, today: string) =>
  eb.or([eb('vendor_contracts.ends_on', 'is', null), eb('vendor_contracts.ends_on', '>=', today), eb('vendor_contracts.auto_renew', '=', 1)]);

/** The flags of vendor-rules.ts as SQL conditions on a `vendors` row (clauses are stored as a JSON array of keys). */
function flagCondition(eb: Eb, flag: VendorFlag, today: string) {
  switch (flag) {
    case 'no_emergency_contact':
      return eb.not(
        eb.exists(eb.selectFrom('vendor_contacts').select(sql.lit(1).as('one')).whereRef('vendor_contacts.vendor_id', '=', 'vendors.id').where('vendor_contacts.emergency_24h', '=', 1)),
      );
    case 'no_contract':
      return eb.not(eb.exists(contractsOf(eb)));
    case 'contract_missing_clauses':
      return eb.exists(
        contractsOf(eb)
          .where((c) => notExpired(c, today))
          .where((c) => c.or(CONTRACT_CLAUSES.map((k) => c('vendor_contracts.clauses', 'not like', `%"${k}"%`)))),
      );
    case 'contract_expired':
      return eb.and([eb.exists(contractsOf(eb)), eb.not(eb.exists(contractsOf(eb).where((c) => notExpired(c, today))))]);
    case 'no_mds_sds':
      return eb.and([
        eb.exists(
          eb.selectFrom('assets').select(sql.lit(1).as('one')).whereRef('assets.vendor_id', '=', 'vendors.id').whereRef('assets.facility_id', '=', 'vendors.facility_id').where('assets.deleted_at', 'is', null),
        ),
        eb.not(eb.exists(eb.selectFrom('vendor_documents').select(sql.lit(1).as('one')).whereRef('vendor_documents.vendor_id', '=', 'vendors.id'))),
      ]);
  }
}

function applyFilter<O>(dialect: DialectName, q: VendorQuery<O>, f: VendorListFilter): VendorQuery<O> {
  q = q.where('vendors.facility_id', '=', f.facilityId).where('vendors.deleted_at', 'is', null);
  if (f.vendorIds !== null) q = q.where('vendors.id', 'in', f.vendorIds);
  if (f.q && f.q.length > 0) {
    const needles = f.q;
    q = q.where((eb) =>
      eb.or(
        needles.flatMap((needle) => [
          anyContainsInsensitive(dialect, ['vendors.name', 'vendors.name_kana', 'vendors.phone'], needle),
          eb.exists(
            eb
              .selectFrom('vendor_contacts')
              .select(sql.lit(1).as('one'))
              .whereRef('vendor_contacts.vendor_id', '=', 'vendors.id')
              .where(anyContainsInsensitive(dialect, ['vendor_contacts.name', 'vendor_contacts.phone'], needle)),
          ),
        ]),
      ),
    );
  }
  if (f.flag) {
    const flag = f.flag;
    q = q.where((eb) => flagCondition(eb, flag, f.today));
  }
  return q;
}

export async function countVendors(dialect: DialectName, db: Db, f: VendorListFilter): Promise<number> {
  if (f.vendorIds !== null && f.vendorIds.length === 0) return 0;
  const r = await applyFilter(dialect, db.selectFrom('vendors').select((eb) => eb.fn.countAll<number>().as('n')), f).executeTakeFirstOrThrow();
  return Number(r.n);
}

export type VendorSort = 'kana' | '-kana' | 'name' | '-name' | 'contractEndsOn' | '-contractEndsOn' | 'updatedAt' | '-updatedAt';

/**
 * One page of live vendors. `kana` is the Japanese reading order: フリガナ (or the name when it has none), then
 * the name, by code point (katakana code points follow the gojūon order; small kana and dakuten sit next to
 * their base kana, which is good enough for a list). Empty contract ends sort last either way; ties by id.
 */
export async function listVendors(dialect: DialectName, db: Db, f: VendorListFilter, sort: VendorSort, limit: number, offset: number): Promise<Vendor[]> {
  if (f.vendorIds !== null && f.vendorIds.length === 0) return [];
  const desc = sort.startsWith('-');
  const key = desc ? sort.slice(1) : sort;
  const dir = desc ? 'desc' : 'asc';
  const kana = codePointOrder(dialect, sql`coalesce(vendors.name_kana, vendors.name)`);
  const name = codePointOrder(dialect, sql`vendors.name`);
  let q = applyFilter(dialect, db.selectFrom('vendors').selectAll('vendors'), f);
  if (key === 'contractEndsOn') {
    const ends = sql`(select max(vc.ends_on) from vendor_contracts vc where vc.vendor_id = vendors.id)`;
    q = q.orderBy(ends, (ob) => (desc ? ob.desc() : ob.asc()).nullsLast()).orderBy(kana).orderBy(name);
  } else if (key === 'updatedAt') {
    q = q.orderBy('vendors.updated_at', dir);
  } else if (key === 'name') {
    q = q.orderBy(name, dir);
  } else {
    q = q.orderBy(kana, dir).orderBy(name, dir);
  }
  const rows = await q.orderBy('vendors.id', dir).limit(limit).offset(offset).execute();
  return rows.map(toVendor);
}

// --- aggregates for a page ----------------------------------------------------------------------

export interface VendorAggregates {
  assetCount: number;
  connectionCount: number;
  emergencyContact: { name: string; phone: string | null } | null;
  contracts: { clauses: string[]; endsOn: string | null; autoRenew: boolean }[];
  documentCount: number;
}

/** The counts, first emergency contact, contracts and document counts of some vendors, in five queries. */
export async function aggregatesOf(db: Db, facilityId: string, vendorIds: readonly string[]): Promise<Map<string, VendorAggregates>> {
  const out = new Map<string, VendorAggregates>();
  if (vendorIds.length === 0) return out;
  const ids = [...vendorIds];
  for (const id of ids) out.set(id, { assetCount: 0, connectionCount: 0, emergencyContact: null, contracts: [], documentCount: 0 });
  const [assets, connections, contacts, contracts, documents] = await Promise.all([
    db
      .selectFrom('assets')
      .select(['vendor_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('facility_id', '=', facilityId)
      .where('vendor_id', 'in', ids)
      .where('deleted_at', 'is', null)
      .groupBy('vendor_id')
      .execute(),
    db
      .selectFrom('external_connections')
      .select(['vendor_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('facility_id', '=', facilityId)
      .where('vendor_id', 'in', ids)
      .where('status', 'in', [...LIVE_CONNECTION_STATUSES])
      .groupBy('vendor_id')
      .execute(),
    db
      .selectFrom('vendor_contacts')
      .select(['vendor_id', 'name', 'phone'])
      .where('facility_id', '=', facilityId)
      .where('vendor_id', 'in', ids)
      .where('emergency_24h', '=', 1)
      .orderBy('position')
      .orderBy('id')
      .execute(),
    db.selectFrom('vendor_contracts').select(['vendor_id', 'clauses', 'ends_on', 'auto_renew']).where('facility_id', '=', facilityId).where('vendor_id', 'in', ids).execute(),
    db
      .selectFrom('vendor_documents')
      .select(['vendor_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('facility_id', '=', facilityId)
      .where('vendor_id', 'in', ids)
      .groupBy('vendor_id')
      .execute(),
  ]);
  for (const r of assets) if (r.vendor_id) out.get(r.vendor_id)!.assetCount = Number(r.n);
  for (const r of connections) if (r.vendor_id) out.get(r.vendor_id)!.connectionCount = Number(r.n);
  for (const r of contacts) {
    const a = out.get(r.vendor_id)!;
    a.emergencyContact ??= { name: r.name, phone: r.phone };
  }
  for (const r of contracts) out.get(r.vendor_id)!.contracts.push({ clauses: parseList(r.clauses), endsOn: r.ends_on, autoRenew: Number(r.auto_renew) === 1 });
  for (const r of documents) out.get(r.vendor_id)!.documentCount = Number(r.n);
  return out;
}

/** Connections naming the vendor that are still live (requested, approved, active, expired). */
export async function liveConnectionCount(db: Db, facilityId: string, vendorId: string): Promise<number> {
  const r = await db
    .selectFrom('external_connections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('facility_id', '=', facilityId)
    .where('vendor_id', '=', vendorId)
    .where('status', 'in', [...LIVE_CONNECTION_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The live assets a vendor maintains (id and name), which lose their vendor when it is deleted. */
export async function assetsOfVendor(db: Db, facilityId: string, vendorId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('assets')
    .select(['id', 'name'])
    .where('facility_id', '=', facilityId)
    .where('vendor_id', '=', vendorId)
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function clearAssetVendor(db: Db, facilityId: string, vendorId: string, at: string): Promise<void> {
  await db.updateTable('assets').set({ vendor_id: null, updated_at: at }).where('facility_id', '=', facilityId).where('vendor_id', '=', vendorId).where('deleted_at', 'is', null).execute();
}

// --- contacts -----------------------------------------------------------------------------------

export async function listContacts(db: Db, facilityId: string, vendorId: string): Promise<Contact[]> {
  const rows = await db.selectFrom('vendor_contacts').selectAll().where('facility_id', '=', facilityId).where('vendor_id', '=', vendorId).orderBy('position').orderBy('id').execute();
  return rows.map(toContact);
}

/** Contacts of many vendors (export), by vendor. */
export async function contactsOfVendors(db: Db, facilityId: string): Promise<Contact[]> {
  const rows = await db
    .selectFrom('vendor_contacts')
    .innerJoin('vendors', 'vendors.id', 'vendor_contacts.vendor_id')
    .selectAll('vendor_contacts')
    .where('vendor_contacts.facility_id', '=', facilityId)
    .where('vendors.deleted_at', 'is', null)
    .orderBy('vendor_contacts.vendor_id')
    .orderBy('vendor_contacts.position')
    .orderBy('vendor_contacts.id')
    .execute();
  return rows.map(toContact);
}

export async function findContact(db: Db, facilityId: string, vendorId: string, id: string): Promise<Contact | undefined> {
  const row = await db.selectFrom('vendor_contacts').selectAll().where('facility_id', '=', facilityId).where('vendor_id', '=', vendorId).where('id', '=', id).executeTakeFirst();
  return row ? toContact(row) : undefined;
}

export async function nextContactPosition(db: Db, facilityId: string, vendorId: string): Promise<number> {
  const r = await db
    .selectFrom('vendor_contacts')
    .select((eb) => eb.fn.max<number | null>('position').as('p'))
    .where('facility_id', '=', facilityId)
    .where('vendor_id', '=', vendorId)
    .executeTakeFirst();
  return r?.p === null || r?.p === undefined ? 0 : Number(r.p) + 1;
}

export async function insertContact(db: Db, row: ContactRow): Promise<void> {
  await db.insertInto('vendor_contacts').values(row).execute();
}

export async function updateContact(db: Db, facilityId: string, id: string, patch: Partial<Omit<ContactRow, 'id' | 'facility_id' | 'vendor_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('vendor_contacts').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function deleteContact(db: Db, facilityId: string, id: string): Promise<void> {
  await db.deleteFrom('vendor_contacts').where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

// --- contracts ----------------------------------------------------------------------------------

/** A vendor's contracts, the latest-ending first (no end = open-ended, first). */
export async function listContracts(db: Db, facilityId: string, vendorId: string): Promise<Contract[]> {
  const rows = await db
    .selectFrom('vendor_contracts')
    .selectAll()
    .where('facility_id', '=', facilityId)
    .where('vendor_id', '=', vendorId)
    .orderBy('ends_on', (ob) => ob.desc().nullsFirst())
    .orderBy('id')
    .execute();
  return rows.map(toContract);
}

/** Contracts of every live vendor (export). */
export async function contractsOfVendors(db: Db, facilityId: string): Promise<Contract[]> {
  const rows = await db
    .selectFrom('vendor_contracts')
    .innerJoin('vendors', 'vendors.id', 'vendor_contracts.vendor_id')
    .selectAll('vendor_contracts')
    .where('vendor_contracts.facility_id', '=', facilityId)
    .where('vendors.deleted_at', 'is', null)
    .orderBy('vendor_contracts.vendor_id')
    .orderBy('vendor_contracts.ends_on', (ob) => ob.desc().nullsFirst())
    .orderBy('vendor_contracts.id')
    .execute();
  return rows.map(toContract);
}

export async function findContract(db: Db, facilityId: string, vendorId: string, id: string): Promise<Contract | undefined> {
  const row = await db.selectFrom('vendor_contracts').selectAll().where('facility_id', '=', facilityId).where('vendor_id', '=', vendorId).where('id', '=', id).executeTakeFirst();
  return row ? toContract(row) : undefined;
}

export async function insertContract(db: Db, row: ContractRow): Promise<void> {
  await db.insertInto('vendor_contracts').values(row).execute();
}

export async function updateContract(db: Db, facilityId: string, id: string, patch: Partial<Omit<ContractRow, 'id' | 'facility_id' | 'vendor_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('vendor_contracts').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function deleteContract(db: Db, facilityId: string, id: string): Promise<void> {
  await db.deleteFrom('vendor_contracts').where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

// --- documents (MDS/SDS) and their files --------------------------------------------------------

function documentsQuery(db: Db, facilityId: string) {
  return db
    .selectFrom('vendor_documents')
    .leftJoin('stored_files', 'stored_files.id', 'vendor_documents.file_id')
    .selectAll('vendor_documents')
    .select(['stored_files.file_name', 'stored_files.content_type', 'stored_files.size', 'stored_files.sha256'])
    .where('vendor_documents.facility_id', '=', facilityId);
}

type DocumentQueryRow = DocumentRow & { file_name: string | null; content_type: string | null; size: number | null; sha256: string | null };

function toDocument(r: DocumentQueryRow): VendorDocument {
  return {
    id: r.id,
    vendorId: r.vendor_id,
    kind: r.kind,
    subject: r.subject,
    version: r.version,
    receivedOn: r.received_on,
    notes: r.notes,
    fileId: r.file_id,
    file: r.file_id && r.file_name !== null ? { fileName: r.file_name, contentType: r.content_type ?? '', size: Number(r.size), sha256: r.sha256 ?? '' } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A vendor's MDS/SDS, the latest received first. */
export async function listDocuments(db: Db, facilityId: string, vendorId: string): Promise<VendorDocument[]> {
  const rows = await documentsQuery(db, facilityId)
    .where('vendor_documents.vendor_id', '=', vendorId)
    .orderBy('vendor_documents.received_on', 'desc')
    .orderBy('vendor_documents.id')
    .execute();
  return rows.map(toDocument);
}

export async function findDocument(db: Db, facilityId: string, vendorId: string, id: string): Promise<VendorDocument | undefined> {
  const row = await documentsQuery(db, facilityId).where('vendor_documents.vendor_id', '=', vendorId).where('vendor_documents.id', '=', id).executeTakeFirst();
  return row ? toDocument(row) : undefined;
}

export async function insertDocument(db: Db, row: DocumentRow): Promise<void> {
  await db.insertInto('vendor_documents').values(row).execute();
}

export async function updateDocument(db: Db, facilityId: string, id: string, patch: Partial<Omit<DocumentRow, 'id' | 'facility_id' | 'vendor_id' | 'created_at'>>): Promise<void> {
  await db.updateTable('vendor_documents').set(patch).where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function deleteDocument(db: Db, facilityId: string, id: string): Promise<void> {
  await db.deleteFrom('vendor_documents').where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

export async function deleteFile(db: Db, facilityId: string, id: string): Promise<void> {
  await db.deleteFrom('stored_files').where('facility_id', '=', facilityId).where('id', '=', id).execute();
}

// --- vendor users -------------------------------------------------------------------------------

export async function linkedUserIds(db: Db, facilityId: string, vendorId: string): Promise<string[]> {
  const rows = await db.selectFrom('vendor_users').select('user_id').where('facility_id', '=', facilityId).where('vendor_id', '=', vendorId).orderBy('user_id').execute();
  return rows.map((r) => r.user_id);
}

export async function setLinkedUsers(db: Db, facilityId: string, vendorId: string, userIds: readonly string[], at: string): Promise<void> {
  await db.deleteFrom('vendor_users').where('facility_id', '=', facilityId).where('vendor_id', '=', vendorId).execute();
  if (userIds.length === 0) return;
  await db
    .insertInto('vendor_users')
    .values(userIds.map((user_id) => ({ vendor_id: vendorId, user_id, facility_id: facilityId, created_at: at })))
    .execute();
}
