import type { FrameworkItem } from '../../../../shared/assessments/framework.ts';
import type { EvidenceRecordType, ReasonText, SuggestionValue } from '../../../../shared/assessments/types.ts';
import type { Deps } from '../../../context.ts';

/**
 * The auto-evaluation rule registry. A framework item names a rule (`rule: ledger.inventory`); the rule reads live
 * data of the facility and suggests an answer with plain reasons. Modules register their rules as they land
 * (incidents: the contact chart; resilience: backups and BCP), so the registry stays open: an item whose rule is
 * not registered simply has no suggestion.
 */
export interface RuleContext {
  deps: Deps;
  facilityId: string;
  now: Date;
  /** Gregorian start year of the assessment's fiscal year (or of `now` when the framework has none). */
  fiscalYear: number;
  /** Memo for facts shared by several rules within one evaluation (keyed by the fact's name). */
  memo: Map<string, Promise<unknown>>;
}

export interface RuleResult {
  value: SuggestionValue;
  reasons: ReasonText[];
  records: { type: EvidenceRecordType; id: string; label: string }[];
}

export interface AssessmentRule {
  id: string;
  /** One line on what the rule checks, as an i18n key under `assessments.rules.`. */
  describeKey: string;
  evaluate(ctx: RuleContext, item: FrameworkItem): Promise<RuleResult>;
}

const rules = new Map<string, AssessmentRule>();

export function registerRule(rule: AssessmentRule): void {
  rules.set(rule.id, rule);
}

export function findRule(id: string): AssessmentRule | undefined {
  return rules.get(id);
}

export function registeredRuleIds(): string[] {
  return [...rules.keys()].sort();
}
