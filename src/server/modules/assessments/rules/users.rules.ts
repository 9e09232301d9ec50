import { reason } from '../../../../shared/assessments/reasons.ts';
import { privilegedAccounts } from './facts.ts';
import { registerRule, type AssessmentRule, type RuleResult } from './registry.ts';

/**
 * 二要素認証 (supporting fact only): mamori's own accounts with administrative rights over the facility use TOTP.
 * mamori is one of the hospital's systems, so an account without 2FA is a real いいえ; all of them with 2FA says
 * nothing about the medical information systems, so the suggestion stays unknown with that fact as the reason.
 */
export const usersMfaRule: AssessmentRule = {
  id: 'users.mfa',
  describeKey: 'users_mfa',
  async evaluate(ctx): Promise<RuleResult> {
    const accounts = await privilegedAccounts(ctx);
    if (accounts.length === 0) return { value: 'unknown', reasons: [reason('accounts_none')], records: [] };
    const missing = accounts.filter((a) => !a.mfaEnabled);
    if (missing.length > 0) return { value: 'no', reasons: [reason('accounts_mfa_missing', { count: missing.length })], records: [] };
    return { value: 'unknown', reasons: [reason('accounts_mfa_all', { count: accounts.length })], records: [] };
  },
};

registerRule(usersMfaRule);
