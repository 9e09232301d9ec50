import type { Locale } from '../../../shared/errors.ts';
import { CONTRACT_CLAUSE_LABELS_JA, CONTRACT_CLAUSES, missingClauses, type ContractClause } from '../../../shared/vendors.ts';
import { LIST_SEPARATOR } from '../../../shared/ledger-import.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAuditAlone } from '../../audit/audit.service.ts';
import { authorizeLedger, sheetsToFile, type ExportFile, type ExportOptions, type SheetOut } from '../ledger/index.ts';
import { VENDOR_COLUMNS, type VendorColumnKey } from './vendor-columns.ts';
import * as repo from './vendor.repository.ts';

/**
 * Vendor export (委託事業者の書き出し) and the import template. The 委託事業者 sheet has exactly the columns the import
 * reads (exporting and importing the export changes nothing); 連絡先 and 契約 are for reading only. CSV = the
 * 委託事業者 sheet.
 */

interface Line {
  v: repo.Vendor;
  emergency: repo.Contact | undefined;
}

function vendorCell(l: Line, key: VendorColumnKey): string {
  const v = l.v;
  switch (key) {
    case 'name':
      return v.name;
    case 'name_kana':
      return v.nameKana ?? '';
    case 'corporate_number':
      return v.corporateNumber ?? '';
    case 'address':
      return v.address ?? '';
    case 'phone':
      return v.phone ?? '';
    case 'email':
      return v.email ?? '';
    case 'website':
      return v.website ?? '';
    case 'emergency_contact':
      return l.emergency?.name ?? '';
    case 'emergency_phone':
      return l.emergency?.phone ?? '';
    case 'notes':
      return v.notes ?? '';
  }
}

const yesNo = (b: boolean, lang: Locale) => (lang === 'ja' ? (b ? 'はい' : 'いいえ') : b ? 'yes' : 'no');
const clauseText = (clauses: readonly ContractClause[], lang: Locale) =>
  clauses.map((c) => (lang === 'ja' ? CONTRACT_CLAUSE_LABELS_JA[c] : c)).join(LIST_SEPARATOR);

function vendorSheet(lines: Line[], lang: Locale): SheetOut {
  return {
    name: lang === 'ja' ? '委託事業者' : 'vendors',
    headers: VENDOR_COLUMNS.map((c) => (lang === 'ja' ? c.ja : c.key)),
    rows: lines.map((l) => VENDOR_COLUMNS.map((c) => vendorCell(l, c.key))),
  };
}

function contactSheet(vendors: Map<string, repo.Vendor>, contacts: repo.Contact[], lang: Locale): SheetOut {
  return {
    name: lang === 'ja' ? '連絡先' : 'contacts',
    headers: lang === 'ja' ? ['事業者名', '氏名', '役割・部署', '電話番号', 'メールアドレス', '24時間緊急連絡先', '備考'] : ['vendor', 'name', 'role', 'phone', 'email', 'emergency_24h', 'notes'],
    rows: contacts
      .filter((c) => vendors.has(c.vendorId))
      .map((c) => [vendors.get(c.vendorId)!.name, c.name, c.role ?? '', c.phone ?? '', c.email ?? '', yesNo(c.emergency24h, lang), c.notes ?? '']),
  };
}

function contractSheet(vendors: Map<string, repo.Vendor>, contracts: repo.Contract[], lang: Locale): SheetOut {
  return {
    name: lang === 'ja' ? '契約' : 'contracts',
    headers:
      lang === 'ja'
        ? ['事業者名', '契約名', '契約番号', '開始日', '終了日', '自動更新', '委託範囲', 'セキュリティ条項', '不足している条項', '備考']
        : ['vendor', 'title', 'contract_number', 'starts_on', 'ends_on', 'auto_renew', 'scope', 'clauses', 'missing_clauses', 'notes'],
    rows: contracts
      .filter((c) => vendors.has(c.vendorId))
      .map((c) => {
        const clauses = CONTRACT_CLAUSES.filter((k) => c.clauses.includes(k));
        return [
          vendors.get(c.vendorId)!.name,
          c.title,
          c.contractNumber ?? '',
          c.startsOn ?? '',
          c.endsOn ?? '',
          yesNo(c.autoRenew, lang),
          c.scope ?? '',
          clauseText(clauses, lang),
          clauseText(missingClauses(clauses), lang),
          c.notes ?? '',
        ];
      }),
  };
}

async function sheetsOf(deps: Deps, db: Db, facilityId: string, lang: Locale): Promise<SheetOut[]> {
  const [vendors, contacts, contracts] = await Promise.all([
    repo.allVendors(deps.dialect, db, facilityId),
    repo.contactsOfVendors(db, facilityId),
    repo.contractsOfVendors(db, facilityId),
  ]);
  const byId = new Map(vendors.map((v) => [v.id, v]));
  // The first 24-hour contact of each vendor (contacts come in position order).
  const emergency = new Map<string, repo.Contact>();
  for (const c of contacts) if (c.emergency24h && !emergency.has(c.vendorId)) emergency.set(c.vendorId, c);
  // Contacts and contracts in the vendors' reading order.
  const order = new Map(vendors.map((v, i) => [v.id, i]));
  const byVendor = <T extends { vendorId: string }>(list: T[]) => [...list].sort((a, b) => (order.get(a.vendorId) ?? 0) - (order.get(b.vendorId) ?? 0));
  return [
    vendorSheet(vendors.map((v) => ({ v, emergency: emergency.get(v.id) })), lang),
    contactSheet(byId, byVendor(contacts), lang),
    contractSheet(byId, byVendor(contracts), lang),
  ];
}

/** The vendor sheets (委託事業者, 連絡先, 契約) of a facility, for the whole-ledger export. No authorization: the caller checks. */
export async function vendorSheets(deps: Deps, facilityId: string, lang: Locale): Promise<SheetOut[]> {
  return sheetsOf(deps, deps.db, facilityId, lang);
}

/** The facility's live vendors as CSV (委託事業者 only) or .xlsx (with 連絡先 and 契約). Audited as an export. */
export async function exportVendors(deps: Deps, caller: Caller, facilityId: string, options: ExportOptions): Promise<ExportFile> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  const sheets = await sheetsOf(deps, deps.db, facilityId, options.lang);
  const file = await sheetsToFile(sheets, options, 'mamori-vendors', deps.clock.now().toISOString().slice(0, 10));
  await recordAuditAlone(deps, caller, { facilityId, entityType: 'vendor', entityId: null, action: 'export', after: { format: options.format, lang: options.lang, encoding: options.encoding, rows: file.rows } });
  return file;
}

/** Headers and one example row. */
export async function vendorTemplate(deps: Deps, caller: Caller, facilityId: string, options: ExportOptions): Promise<ExportFile> {
  await authorizeLedger(deps, caller, facilityId, 'read');
  const ja = options.lang === 'ja';
  const example: Line = {
    v: {
      id: '',
      facilityId,
      name: ja ? '〇〇メディカルシステム株式会社' : 'Example Medical Systems Ltd.',
      nameKana: ja ? 'マルマルメディカルシステム' : null,
      corporateNumber: null,
      address: ja ? '東京都港区〇〇1-2-3' : '1-2-3 Minato, Tokyo',
      phone: '03-1234-5678',
      email: 'support@example.jp',
      website: 'https://www.example.jp',
      notes: null,
      checklistAssessmentId: null,
      createdAt: '',
      updatedAt: '',
    },
    emergency: {
      id: '',
      vendorId: '',
      name: ja ? '保守センター(24時間)' : 'Support centre (24h)',
      role: null,
      phone: '0120-000-000',
      email: null,
      emergency24h: true,
      notes: null,
      position: 0,
    },
  };
  return sheetsToFile([vendorSheet([example], options.lang)], options, 'mamori-vendors-template', deps.clock.now().toISOString().slice(0, 10));
}
