import type { ContactChartDto, ContactEntryDto } from '../../../shared/contracts/contacts.contract.ts';
import type { ContactEntry } from './contact.repository.ts';
import type { ContactChartView } from './contact.service.ts';

export function presentContactEntry(e: ContactEntry): ContactEntryDto {
  return {
    id: e.id,
    side: e.side,
    kind: e.kind as ContactEntryDto['kind'],
    position: e.position,
    roleLabel: e.roleLabel,
    name: e.name,
    organization: e.organization,
    user: e.userId ? { id: e.userId, name: e.userName ?? '' } : null,
    vendor: e.vendorId ? { id: e.vendorId, name: e.vendorName ?? '' } : null,
    vendorContactId: e.vendorContactId,
    phone: e.phone,
    phoneAlt: e.phoneAlt,
    email: e.email,
    availability: e.availability,
    deputyForId: e.deputyForId,
    notes: e.notes,
    updatedAt: e.updatedAt,
  };
}

export function presentContactChart(c: ContactChartView): ContactChartDto {
  return {
    facilityId: c.facilityId,
    facilityName: c.facilityName,
    internal: c.internal.map(presentContactEntry),
    external: c.external.map(presentContactEntry),
    version: c.version,
    updatedAt: c.updatedAt,
    vendorSuggestions: c.vendorSuggestions,
    completeness: c.completeness,
  };
}
