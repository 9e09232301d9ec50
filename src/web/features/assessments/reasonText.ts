import { useTranslation } from 'react-i18next';
import type { ReasonText } from '../../../shared/assessments/types.ts';
import { disagreementSentence, renderReason } from '../../../shared/assessments/reasons.ts';
import { renderProblem } from '../../../shared/assessments/domain.ts';
import { useLocale } from '../../lib/format.ts';

/**
 * The server sends reasons as {key, params}; the words live in src/shared/assessments/reasons.ts (rule reasons and
 * the problems of src/shared/assessments/domain.ts), so that the screen, the export and the CLI say the same thing.
 */
export function useReasonText() {
  const locale = useLocale();
  const { t, i18n } = useTranslation();
  return {
    reason: (r: ReasonText) => {
      const text = renderReason(r, locale);
      return text === r.key ? renderProblem(r, locale) : text;
    },
    /** "The answer is 'Yes', but the ledger has 3 external connections past their approval." */
    disagreement: (answerLabel: string, reasons: ReasonText[]) => disagreementSentence(answerLabel, reasons, locale),
    /** A field issue of answer validation or sign-off (`assessments.validation.<key>`), else a reason, else as sent. */
    issue: (message: string) => {
      const key = `assessments.validation.${message}`;
      if (/^[a-z_]+$/.test(message) && i18n.exists(key)) return t(key as 'assessments.validation.target_required');
      const rendered = renderReason({ key: message }, locale);
      return rendered !== message ? rendered : renderProblem({ key: message }, locale);
    },
  };
}
