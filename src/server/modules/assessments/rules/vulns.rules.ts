import type { ItemScope } from '../../../../shared/assessments/framework.ts';
import { reason } from '../../../../shared/assessments/reasons.ts';
import type { ReasonText } from '../../../../shared/assessments/types.ts';
import { feedCoverage, kevFindings, MAX_RECORDS } from './facts.ts';
import { NETWORK_ASSET_TYPES } from './ledger.rules.ts';
import { registerRule, type AssessmentRule, type RuleResult } from './registry.ts';

/** The asset types an item's scope (対象) covers; null = every type (医療情報システム全般). */
export function assetTypesOfScope(scope: ItemScope): readonly string[] | null {
  switch (scope) {
    case 'network':
      return NETWORK_ASSET_TYPES;
    case 'server':
      return ['server'];
    case 'pc':
      return ['client_pc'];
    case 'general':
      return null;
  }
}

/**
 * セキュリティパッチを適用している, for the item's scope (network → network devices incl. VPN gateways and firewalls;
 * server; pc = client PCs; general = all equipment): no active known-exploited (KEV) finding past its fix deadline.
 * Vulnerability feeds never imported → unknown; no equipment of the scope → unknown.
 */
export const vulnsPatchesRule: AssessmentRule = {
  id: 'vulns.patches',
  describeKey: 'vulns_patches',
  async evaluate(ctx, item): Promise<RuleResult> {
    const feeds = await feedCoverage(ctx);
    if (!feeds.kev || !feeds.definitions) return { value: 'unknown', reasons: [reason('patches_no_feeds')], records: [] };
    const f = await kevFindings(ctx, assetTypesOfScope(item.scope));
    if (f.assets === 0) return { value: 'unknown', reasons: [reason('patches_no_assets')], records: [] };
    const context: ReasonText[] = f.withinDue > 0 ? [reason('patches_kev_within_due', { count: f.withinDue })] : [];
    const oldest = f.overdue[0];
    if (!oldest) return { value: 'yes', reasons: [reason('patches_ok', { assets: f.assets }), ...context], records: [] };
    return {
      value: 'no',
      reasons: [reason('patches_kev_overdue', { count: f.overdueCount, assets: f.overdueAssets, asset: oldest.assetName, cve: oldest.vulnId, dueOn: oldest.dueOn }), ...context],
      records: f.overdue.slice(0, MAX_RECORDS).map((x) => ({ type: 'finding' as const, id: x.findingId, label: `${x.assetName} ${x.vulnId}` })),
    };
  },
};

registerRule(vulnsPatchesRule);
