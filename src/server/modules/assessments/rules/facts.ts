import { jstDateKey } from '../../../../shared/dates.ts';
import { liveConnectionFacts, vendorLineAssetsWithoutConnection, type ConnectionFact } from '../../connections/index.ts';
import { ledgerInventoryFacts, ledgerSegmentFacts, type LedgerInventoryFacts, type LedgerSegmentFacts } from '../../ledger/index.ts';
import { privilegedAccountFacts, type PrivilegedAccountFact } from '../../users/index.ts';
import { supplyingVendorFacts, type SupplyingVendorFact } from '../../vendors/index.ts';
import { feedCoverageFacts, kevFindingFacts, type FeedCoverageFacts, type KevFindingFacts } from '../../vulns/index.ts';
import type { RuleContext } from './registry.ts';

/**
 * The facts the built-in rules read, each memoised per evaluation (RuleContext.memo): one detail read of an
 * assessment runs each query once, however many items use it. The queries are the other modules' read-only fact
 * functions (their index.ts).
 */

export function memo<T>(ctx: RuleContext, name: string, load: () => Promise<T>): Promise<T> {
  let p = ctx.memo.get(name) as Promise<T> | undefined;
  if (!p) {
    p = load();
    ctx.memo.set(name, p);
  }
  return p;
}

/** The evaluation's day in JST (YYYY-MM-DD). */
export function today(ctx: RuleContext): string {
  return jstDateKey(ctx.now);
}

export const inventory = (ctx: RuleContext): Promise<LedgerInventoryFacts> => memo(ctx, 'ledger.inventory', () => ledgerInventoryFacts(ctx.deps.db, ctx.facilityId));
export const segments = (ctx: RuleContext): Promise<LedgerSegmentFacts> => memo(ctx, 'ledger.segments', () => ledgerSegmentFacts(ctx.deps.db, ctx.facilityId));
export const connections = (ctx: RuleContext): Promise<ConnectionFact[]> => memo(ctx, 'connections.live', () => liveConnectionFacts(ctx.deps.db, ctx.facilityId));
export const unrecordedVendorLines = (ctx: RuleContext): Promise<{ id: string; name: string; assetTag: string | null }[]> =>
  memo(ctx, 'connections.unrecorded_vendor_lines', () => vendorLineAssetsWithoutConnection(ctx.deps.db, ctx.facilityId));
export const supplyingVendors = (ctx: RuleContext): Promise<SupplyingVendorFact[]> => memo(ctx, 'vendors.supplying', () => supplyingVendorFacts(ctx.deps.db, ctx.facilityId));
export const feedCoverage = (ctx: RuleContext): Promise<FeedCoverageFacts> => memo(ctx, 'feeds.coverage', () => feedCoverageFacts(ctx.deps.db));
export const kevFindings = (ctx: RuleContext, assetTypes: readonly string[] | null): Promise<KevFindingFacts> =>
  memo(ctx, `vulns.kev:${assetTypes ? assetTypes.join(',') : '*'}`, () => kevFindingFacts(ctx.deps.db, ctx.facilityId, assetTypes, today(ctx)));
export const privilegedAccounts = (ctx: RuleContext): Promise<PrivilegedAccountFact[]> => memo(ctx, 'users.privileged', () => privilegedAccountFacts(ctx.deps.db, ctx.facilityId));

/** At most this many records go with a suggestion. */
export const MAX_RECORDS = 50;
