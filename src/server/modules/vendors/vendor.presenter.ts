import { CONTRACT_CLAUSES } from '../../../shared/vendors.ts';
import type { TContract, TVendor, TVendorContact, TVendorDetail, TVendorDocument } from '../../../shared/contracts/vendors.contract.ts';
import type { Contact, ContractView, VendorDetailView, VendorDocument, VendorView } from './vendor.service.ts';

export function presentVendor(v: VendorView): TVendor {
  return {
    id: v.id,
    facilityId: v.facilityId,
    name: v.name,
    nameKana: v.nameKana,
    corporateNumber: v.corporateNumber,
    address: v.address,
    phone: v.phone,
    email: v.email,
    website: v.website,
    notes: v.notes,
    assetCount: v.assetCount,
    connectionCount: v.connectionCount,
    emergencyContact: v.emergencyContact,
    contractEndsOn: v.contractEndsOn,
    flags: v.flags,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}

export function presentContact(c: Contact): TVendorContact {
  return { id: c.id, vendorId: c.vendorId, name: c.name, role: c.role, phone: c.phone, email: c.email, emergency24h: c.emergency24h, notes: c.notes };
}

export function presentContract(c: ContractView): TContract {
  return {
    id: c.id,
    vendorId: c.vendorId,
    title: c.title,
    contractNumber: c.contractNumber,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    autoRenew: c.autoRenew,
    scope: c.scope,
    clauses: CONTRACT_CLAUSES.filter((k) => c.clauses.includes(k)),
    missingClauses: c.missingClauses,
    flags: c.flags,
    notes: c.notes,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function presentDocument(d: VendorDocument): TVendorDocument {
  return {
    id: d.id,
    vendorId: d.vendorId,
    kind: d.kind as TVendorDocument['kind'],
    subject: d.subject,
    version: d.version,
    receivedOn: d.receivedOn,
    notes: d.notes,
    file: d.file,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export function presentVendorDetail(v: VendorDetailView): TVendorDetail {
  return {
    ...presentVendor(v),
    contacts: v.contacts.map(presentContact),
    contracts: v.contracts.map(presentContract),
    documents: v.documents.map(presentDocument),
    users: v.users,
    checklist: v.checklist,
  };
}
