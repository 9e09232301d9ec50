import { useTranslation } from 'react-i18next';
import { FACILITY_KINDS, FACILITY_ROLES, GROUP_KINDS, PREFECTURES, type FacilityKind, type GroupKind, type Prefecture } from '../../shared/roles.ts';
import type { TokenScope } from '../../shared/policy.ts';

export type AnyRole = (typeof FACILITY_ROLES)[number] | 'group_admin' | 'admin';

/** Translated labels for the closed sets of the domain (kinds, roles, prefectures, scopes). */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const prefectureIndex = new Map<string, number>(PREFECTURES.map((p, i) => [p, i + 1]));
  const prefecture = (p: Prefecture | string | null | undefined): string => {
    if (!p) return '';
    const n = prefectureIndex.get(p);
    return n ? t(`prefectures.p${String(n).padStart(2, '0')}` as 'prefectures.p01') : p;
  };
  return {
    facilityKind: (k: FacilityKind) => t(`facilityKind.${k}`),
    groupKind: (k: GroupKind) => t(`groupKind.${k}`),
    role: (r: AnyRole) => t(`roles.${r}`),
    prefecture,
    auditAction: (code: string) => (i18n.exists(`audit.actions.${code}`) ? t(`audit.actions.${code}` as 'audit.actions.create') : code),
    entityType: (code: string) => (i18n.exists(`audit.entityTypes.${code}`) ? t(`audit.entityTypes.${code}` as 'audit.entityTypes.user') : code),
    scope: (s: TokenScope) => t(`tokenScopes.${s.replace(':', '_') as 'facilities_read'}`),
    facilityKindOptions: FACILITY_KINDS.map((k) => ({ value: k, label: t(`facilityKind.${k}`) })),
    groupKindOptions: GROUP_KINDS.map((k) => ({ value: k, label: t(`groupKind.${k}`) })),
    roleOptions: FACILITY_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })),
    prefectureOptions: PREFECTURES.map((p) => ({ value: p, label: prefecture(p) })),
  };
}
