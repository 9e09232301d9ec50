import { frameworkItems, type FrameworkDefinition } from '../../../../shared/assessments/framework.ts';
import type { Suggestion } from '../../../../shared/assessments/types.ts';
import { fiscalYearOf } from '../../../../shared/dates.ts';
import type { Deps } from '../../../context.ts';
import { findRule, type RuleContext } from './registry.ts';
// The built-in rules register themselves on import.
import './ledger.rules.ts';
import './connections.rules.ts';
import './vendors.rules.ts';
import './vulns.rules.ts';
import './users.rules.ts';
import './resilience.rules.ts';

export { findRule, registeredRuleIds, registerRule, type AssessmentRule, type RuleContext, type RuleResult } from './registry.ts';
export { assetTypesOfScope } from './vulns.rules.ts';
export { LEDGER_REVIEW_MONTHS, NETWORK_ASSET_TYPES } from './ledger.rules.ts';
// Registers incidents.contact_chart; the contact chart's page shows the same verdict.
export { contactChartVerdict, MIN_INTERNAL_PHONES, type ContactChartVerdict } from './incidents.rules.ts';
export { backupsVerdict, bcpVerdict, RESILIENCE_RULE_MONTHS } from './resilience.rules.ts';

/** The rule ids the built-in rules implement (the frameworks' YAML names them). */
export const BUILTIN_RULE_IDS = [
  'ledger.inventory',
  'ledger.segments',
  'connections.vendor_confirmed',
  'connections.mfa',
  'connections.credentials',
  'vendors.mds_sds',
  'vulns.patches',
  'users.mfa',
  'incidents.contact_chart',
  'resilience.backups',
  'resilience.bcp',
] as const;

/**
 * Suggestions for every item of a framework whose rule is registered, from the facility's live data at `now`.
 * Items without a rule, or whose rule is not (yet) registered, are absent. Facts are shared between the rules of one
 * evaluation (each query runs once). A rule that fails is logged and leaves its item without a suggestion: the
 * assessment stays usable. Suggestions never write answers.
 */
export async function evaluateFramework(deps: Deps, facilityId: string, definition: FrameworkDefinition, now: Date): Promise<Map<string, Suggestion>> {
  const ctx: RuleContext = { deps, facilityId, now, fiscalYear: definition.fiscalYear ?? fiscalYearOf(now), memo: new Map() };
  const evaluatedAt = now.toISOString();
  const out = new Map<string, Suggestion>();
  for (const item of frameworkItems(definition)) {
    if (!item.rule) continue;
    const rule = findRule(item.rule);
    if (!rule) continue;
    try {
      const r = await rule.evaluate(ctx, item);
      out.set(item.id, { itemId: item.id, ruleId: rule.id, value: r.value, reasons: r.reasons, records: r.records, evaluatedAt });
    } catch (err) {
      deps.logger.warn({ err, ruleId: rule.id, itemId: item.id, facilityId }, 'assessment rule failed');
    }
  }
  return out;
}
