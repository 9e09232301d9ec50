import { reason } from '../../../../shared/assessments/reasons.ts';
import type { ReasonText } from '../../../../shared/assessments/types.ts';
import { REQUIRED_EXTERNAL_KINDS, type ExternalContactKind } from '../../../../shared/incidents/contacts.ts';
import { contactChartFacts, type ContactChartFact } from '../../incidents/index.ts';
import { MAX_RECORDS, memo, supplyingVendors } from './facts.ts';
import { registerRule, type AssessmentRule, type RuleResult } from './registry.ts';

/**
 * 3(1) インシデント発生時の連絡体制図: the facility's contact chart names at least two people inside the hospital with a
 * phone, the executive and the security manager, and outside the hospital every party of REQUIRED_EXTERNAL_KINDS
 * (vendor, MHLW, police) and every vendor that supplies a system (ledger). Else いいえ, one reason per gap.
 * The contact chart's own page shows the same verdict (`contactChartVerdict`).
 */

/** At least this many people inside the hospital with a phone. */
export const MIN_INTERNAL_PHONES = 2;

const MISSING_PARTY: Partial<Record<ExternalContactKind, ReasonText>> = {
  vendor: reason('contacts_no_vendor'),
  mhlw: reason('contacts_no_mhlw'),
  police: reason('contacts_no_police'),
};

export interface ContactChartVerdict {
  complete: boolean;
  reasons: ReasonText[];
  /** Supplying vendors not in the chart. */
  missingVendors: { id: string; name: string }[];
}

/** The verdict on a chart's entries and the facility's supplying vendors (pure). */
export function contactChartVerdict(entries: readonly ContactChartFact[], suppliers: readonly { id: string; name: string }[]): ContactChartVerdict {
  const inChart = new Set(entries.filter((e) => e.side === 'external' && e.vendorId !== null).map((e) => e.vendorId));
  const missingVendors = suppliers.filter((v) => !inChart.has(v.id)).map((v) => ({ id: v.id, name: v.name }));
  if (entries.length === 0) return { complete: false, reasons: [reason('contacts_empty')], missingVendors };
  const internal = entries.filter((e) => e.side === 'internal');
  const external = entries.filter((e) => e.side === 'external');
  const reasons: ReasonText[] = [];
  const withPhone = internal.filter((e) => e.phone !== null && e.phone.trim() !== '').length;
  if (withPhone < MIN_INTERNAL_PHONES) reasons.push(reason('contacts_internal_phones', { count: withPhone }));
  if (!internal.some((e) => e.kind === 'executive')) reasons.push(reason('contacts_no_executive'));
  if (!internal.some((e) => e.kind === 'security_manager')) reasons.push(reason('contacts_no_security_manager'));
  for (const kind of REQUIRED_EXTERNAL_KINDS) {
    if (external.some((e) => e.kind === kind)) continue;
    // Supplying vendors missing from the chart say it more precisely than "no vendor".
    if (kind === 'vendor' && missingVendors.length > 0) continue;
    const words = MISSING_PARTY[kind];
    if (words) reasons.push(words);
  }
  if (missingVendors.length > 0) reasons.push(reason('contacts_suppliers_missing', { count: missingVendors.length }));
  if (reasons.length > 0) return { complete: false, reasons, missingVendors };
  return { complete: true, reasons: [reason('contacts_complete', { internal: internal.length, external: external.length })], missingVendors };
}

export const incidentsContactChartRule: AssessmentRule = {
  id: 'incidents.contact_chart',
  describeKey: 'incidents_contact_chart',
  async evaluate(ctx): Promise<RuleResult> {
    const [entries, suppliers] = await Promise.all([memo(ctx, 'incidents.contact_chart', () => contactChartFacts(ctx.deps.db, ctx.facilityId)), supplyingVendors(ctx)]);
    const v = contactChartVerdict(entries, suppliers);
    return {
      value: v.complete ? 'yes' : 'no',
      reasons: v.reasons,
      records: v.missingVendors.slice(0, MAX_RECORDS).map((m) => ({ type: 'vendor' as const, id: m.id, label: m.name })),
    };
  },
};

registerRule(incidentsContactChartRule);
