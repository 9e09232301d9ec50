import { reason } from '../../../../shared/assessments/reasons.ts';
import { MAX_RECORDS, supplyingVendors } from './facts.ts';
import { registerRule, type AssessmentRule, type RuleResult } from './registry.ts';

/**
 * 2(3) 事業者から MDS/SDS を提出してもらう: every live vendor that supplies a system (maintains a device of the ledger or
 * has an external connection) has an MDS or SDS recorded. No such vendor → unknown.
 */
export const vendorsMdsSdsRule: AssessmentRule = {
  id: 'vendors.mds_sds',
  describeKey: 'vendors_mds_sds',
  async evaluate(ctx): Promise<RuleResult> {
    const vendors = await supplyingVendors(ctx);
    if (vendors.length === 0) return { value: 'unknown', reasons: [reason('mds_no_suppliers')], records: [] };
    const missing = vendors.filter((v) => v.documents === 0);
    if (missing.length === 0) return { value: 'yes', reasons: [reason('mds_all', { count: vendors.length })], records: [] };
    return {
      value: 'no',
      reasons: [reason('mds_missing', { count: missing.length })],
      records: missing.slice(0, MAX_RECORDS).map((v) => ({ type: 'vendor' as const, id: v.id, label: v.name })),
    };
  },
};

registerRule(vendorsMdsSdsRule);
