import type { TFacility, TGroup } from '../../../shared/contracts/facilities.contract.ts';
import type { Facility, Group } from './facility.repository.ts';

export function presentFacility(f: Facility): TFacility {
  return {
    id: f.id,
    code: f.code,
    name: f.name,
    kind: f.kind as TFacility['kind'],
    beds: f.beds,
    prefecture: f.prefecture as TFacility['prefecture'],
    medicalInstitutionCode: f.medicalInstitutionCode,
    groupIds: f.groupIds,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
  };
}

export function presentGroup(g: Group): TGroup {
  return { id: g.id, code: g.code, name: g.name, kind: g.kind as TGroup['kind'], facilityIds: g.facilityIds, createdAt: g.createdAt, updatedAt: g.updatedAt };
}
