import { z } from 'zod';
import { FACILITY_KINDS, GROUP_KINDS, PREFECTURES } from '../roles.ts';
import { ZId } from './common.contract.ts';

/** 施設コード: letters, digits, '-' and '_' (used in CLI flags and file names). */
export const ZFacilityCode = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'facilityCode');
/** 医療機関コード: 10 digits (都道府県2 + 点数表1 + 郡市区1 + 番号5 + 検証1). Optional. */
export const ZMedicalInstitutionCode = z.string().trim().regex(/^\d{10}$/, 'medicalInstitutionCode');

export const ZFacility = z.object({
  id: ZId,
  code: z.string(),
  name: z.string(),
  kind: z.enum(FACILITY_KINDS),
  beds: z.number().int().nullable(),
  prefecture: z.enum(PREFECTURES).nullable(),
  medicalInstitutionCode: z.string().nullable(),
  groupIds: z.array(ZId),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TFacility = z.infer<typeof ZFacility>;

export const ZFacilityCreate = z.strictObject({
  code: ZFacilityCode,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(FACILITY_KINDS).default('hospital'),
  beds: z.number().int().min(0).max(100_000).nullable().optional(),
  prefecture: z.enum(PREFECTURES).nullable().optional(),
  medicalInstitutionCode: ZMedicalInstitutionCode.nullable().optional(),
});
export type TFacilityCreate = z.infer<typeof ZFacilityCreate>;

export const ZFacilityUpdate = ZFacilityCreate.omit({ code: true }).partial();
export type TFacilityUpdate = z.infer<typeof ZFacilityUpdate>;

export const ZFacilityList = z.object({ items: z.array(ZFacility) });

export const ZGroup = z.object({
  id: ZId,
  code: z.string(),
  name: z.string(),
  kind: z.enum(GROUP_KINDS),
  facilityIds: z.array(ZId),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TGroup = z.infer<typeof ZGroup>;

export const ZGroupCreate = z.strictObject({
  code: ZFacilityCode,
  name: z.string().trim().min(1).max(200),
  kind: z.enum(GROUP_KINDS),
});
export type TGroupCreate = z.infer<typeof ZGroupCreate>;
export const ZGroupUpdate = ZGroupCreate.omit({ code: true }).partial();
export const ZGroupMember = z.strictObject({ facilityId: ZId });
export const ZGroupList = z.object({ items: z.array(ZGroup) });
