import { CASE_CATEGORY_LABELS, CASE_PHASE_LABELS, TEAM_ROLE_LABELS, type CaseCategory, type CasePhase, type TeamRole } from '../../../../shared/incidents/cases.ts';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../../lib/format.ts';
import { failureReason } from './settings.ts';

/** The shared ja/en labels of the incident vocabulary in the current UI language. */
export function useIncidentLabels() {
  const locale = useLocale();
  return {
    locale,
    category: (c: CaseCategory) => CASE_CATEGORY_LABELS[c][locale],
    phase: (p: CasePhase) => CASE_PHASE_LABELS[p][locale],
    role: (r: TeamRole) => TEAM_ROLE_LABELS[r][locale],
    text: (t: { ja: string; en: string }) => t[locale],
  };
}

/** A delivery or test failure code in words (`http_500` → the receiving server answered with an error (HTTP 500)). */
export function useFailureText() {
  const { t } = useTranslation();
  return (error: string | null | undefined): string => {
    if (!error) return '';
    const { key, values } = failureReason(error);
    return t(`incidentSettings.reasons.${key}`, values);
  };
}
