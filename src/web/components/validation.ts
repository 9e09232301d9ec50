import { useTranslation } from 'react-i18next';
import { ZEmail } from '../../shared/contracts/users.contract.ts';
import { ZFacilityCode, ZMedicalInstitutionCode } from '../../shared/contracts/facilities.contract.ts';
import { checkPassword } from '../../shared/password.ts';

/** Form validators with translated messages, built on the shared contracts. Each returns null when valid. */
export function useValidators() {
  const { t } = useTranslation();
  return {
    required: (v: unknown) => (v === null || v === undefined || (typeof v === 'string' && v.trim() === '') ? t('validation.required') : null),
    email: (v: string) => (!v.trim() ? t('validation.required') : ZEmail.safeParse(v).success ? null : t('validation.email')),
    facilityCode: (v: string) => (!v.trim() ? t('validation.required') : ZFacilityCode.safeParse(v).success ? null : t('validation.facilityCode')),
    medicalInstitutionCode: (v: string) => (!v.trim() || ZMedicalInstitutionCode.safeParse(v).success ? null : t('validation.medicalInstitutionCode')),
    maxLength: (max: number) => (v: string) => (v.trim().length > max ? t('validation.maxLength', { max }) : null),
    name: (max: number) => (v: string) => (!v.trim() ? t('validation.required') : v.trim().length > max ? t('validation.maxLength', { max }) : null),
    beds: (v: number | string) => {
      if (v === '' || v === null || v === undefined) return null;
      const n = typeof v === 'number' ? v : Number(v);
      return Number.isInteger(n) && n >= 0 && n <= 100_000 ? null : t('validation.beds');
    },
    password: (v: string, email?: string) => (!v ? t('validation.required') : checkPassword(v, email).length > 0 ? t('validation.passwordRules') : null),
    confirm: (v: string, original: string) => (!v ? t('validation.required') : v !== original ? t('validation.passwordMismatch') : null),
    totp: (v: string) => (/^\d{6}$/.test(v.replace(/\s/g, '')) ? null : t('validation.totp')),
  };
}

/** '' or a number from a NumberInput → number | null. */
export function toNullableInt(v: number | string): number | null {
  if (v === '' || v === null || v === undefined) return null;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? Math.trunc(n) : null;
}
