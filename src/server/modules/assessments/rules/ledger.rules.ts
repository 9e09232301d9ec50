import { reason } from '../../../../shared/assessments/reasons.ts';
import type { ReasonText } from '../../../../shared/assessments/types.ts';
import { addMonths } from '../../../../shared/ledger.ts';
import { inventory, MAX_RECORDS, segments, today } from './facts.ts';
import { registerRule, type AssessmentRule, type RuleResult } from './registry.ts';

/** Asset types counted as network devices (ネットワーク機器) by the checklist. */
export const NETWORK_ASSET_TYPES = ['network_device', 'vpn_gateway', 'firewall'] as const;

/** A ledger review counts for this many months (checklist 2(1): reviewed periodically, at least yearly). */
export const LEDGER_REVIEW_MONTHS = 12;

/**
 * 2(1) 台帳管理: servers, client PCs and network devices are each registered, and the ledger was reviewed
 * (台帳の点検) within the last 12 months.
 */
export const ledgerInventoryRule: AssessmentRule = {
  id: 'ledger.inventory',
  describeKey: 'ledger_inventory',
  async evaluate(ctx): Promise<RuleResult> {
    const f = await inventory(ctx);
    if (f.total === 0) return { value: 'no', reasons: [reason('inventory_empty'), ...reviewReasons(f.lastReviewedOn, today(ctx))], records: [] };
    const counts = {
      servers: f.byType.server ?? 0,
      pcs: f.byType.client_pc ?? 0,
      network: NETWORK_ASSET_TYPES.reduce((n, t) => n + (f.byType[t] ?? 0), 0),
    };
    const gaps: ReasonText[] = [];
    if (counts.servers === 0) gaps.push(reason('inventory_no_servers'));
    if (counts.pcs === 0) gaps.push(reason('inventory_no_pcs'));
    if (counts.network === 0) gaps.push(reason('inventory_no_network'));
    const review = reviewReasons(f.lastReviewedOn, today(ctx));
    const reviewOk = review.some((r) => r.key === 'review_recent');
    const value = gaps.length === 0 && reviewOk ? 'yes' : 'no';
    const countReason = gaps.length === 0 ? reason('inventory_counts', counts) : reason('inventory_partial', counts);
    // Gaps first: they are what a disagreement quotes.
    const reasons = [...gaps, ...review.filter((r) => r.key !== 'review_recent'), countReason, ...review.filter((r) => r.key === 'review_recent')];
    return { value, reasons, records: [] };
  },
};

function reviewReasons(lastReviewedOn: string | null, day: string): ReasonText[] {
  if (!lastReviewedOn) return [reason('review_never')];
  const recent = addMonths(lastReviewedOn, LEDGER_REVIEW_MONTHS) >= day;
  return [recent ? reason('review_recent', { date: lastReviewedOn }) : reason('review_old', { date: lastReviewedOn })];
}

/**
 * 接続元制限: the network is divided into segments with the flows allowed between them defined, and no device has an
 * address outside its segment. No segments at all → unknown (the ledger does not describe the network yet).
 */
export const ledgerSegmentsRule: AssessmentRule = {
  id: 'ledger.segments',
  describeKey: 'ledger_segments',
  async evaluate(ctx): Promise<RuleResult> {
    const f = await segments(ctx);
    if (f.segments === 0) return { value: 'unknown', reasons: [reason('segments_none')], records: [] };
    const gaps: ReasonText[] = [];
    if (f.flows === 0) gaps.push(reason('segments_no_flows'));
    if (f.outsideCount > 0) gaps.push(reason('segments_outside', { count: f.outsideCount }));
    return {
      value: gaps.length === 0 ? 'yes' : 'no',
      reasons: [...gaps, ...(f.flows > 0 ? [reason('segments_ok', { segments: f.segments, flows: f.flows })] : [])],
      records: f.outside.slice(0, MAX_RECORDS).map((a) => ({ type: 'asset' as const, id: a.id, label: a.assetTag ? `${a.name} (${a.assetTag})` : a.name })),
    };
  },
};

registerRule(ledgerInventoryRule);
registerRule(ledgerSegmentsRule);
