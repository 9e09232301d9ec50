import { ACTIVE_FINDING_STATUSES } from '../../../shared/vulns/domain.ts';
import type { Db } from '../../db/database.ts';

/**
 * Read-only facts of a facility's vulnerability findings for the assessments' auto-evaluation (checklist: security
 * patches applied). No authorization: the rule engine runs for a caller already authorized on the assessment.
 */

/** Whether the feeds needed to judge known-exploited findings were ever imported (deployment-wide). */
export interface FeedCoverageFacts {
  /** A CISA KEV import succeeded. */
  kev: boolean;
  /** An NVD or JVN import succeeded (the definitions assets are matched against). */
  definitions: boolean;
}

export async function feedCoverageFacts(db: Db): Promise<FeedCoverageFacts> {
  const rows = await db.selectFrom('feed_imports').select('source').distinct().where('status', '=', 'succeeded').execute();
  const sources = new Set(rows.map((r) => r.source));
  return { kev: sources.has('kev'), definitions: sources.has('nvd') || sources.has('jvn') };
}

export interface KevFindingFact {
  findingId: string;
  assetId: string;
  assetName: string;
  assetTag: string | null;
  vulnId: string;
  dueOn: string;
}

export interface KevFindingFacts {
  /** Live assets of the given types. */
  assets: number;
  /** Active (open / in progress) known-exploited findings on them whose fix deadline has passed, earliest deadline first. */
  overdue: KevFindingFact[];
  overdueCount: number;
  /** Assets carrying an overdue known-exploited finding. */
  overdueAssets: number;
  /** Active known-exploited findings still within their deadline. */
  withinDue: number;
}

/**
 * Known-exploited (CISA KEV) findings of the facility's live assets of `assetTypes` (null = every type) that are still
 * active, split at `today` (YYYY-MM-DD, JST): past their fix deadline or not. `limit` caps the listed overdue ones.
 */
export async function kevFindingFacts(db: Db, facilityId: string, assetTypes: readonly string[] | null, today: string, limit = 50): Promise<KevFindingFacts> {
  let assetCount = db.selectFrom('assets').select((eb) => eb.fn.countAll<number>().as('n')).where('facility_id', '=', facilityId).where('deleted_at', 'is', null);
  if (assetTypes) assetCount = assetCount.where('type', 'in', [...assetTypes]);
  const findings = () => {
    let q = db
      .selectFrom('vuln_findings as f')
      .innerJoin('assets as a', 'a.id', 'f.asset_id')
      .innerJoin('kev_entries as k', 'k.cve_id', 'f.vuln_id')
      .where('f.facility_id', '=', facilityId)
      .where('a.deleted_at', 'is', null)
      .where('f.status', 'in', [...ACTIVE_FINDING_STATUSES]);
    if (assetTypes) q = q.where('a.type', 'in', [...assetTypes]);
    return q;
  };
  // Counted in the database; only the first `limit` overdue findings travel (a large hospital has thousands).
  const [assets, counts, rows] = await Promise.all([
    assetCount.executeTakeFirstOrThrow(),
    findings()
      .select((eb) => [
        eb.fn.countAll<number | string>().as('active'),
        eb.fn.count<number | string>(eb.case().when('f.due_on', '<', today).then(eb.ref('f.id')).end()).as('overdue'),
        eb.fn.count<number | string>(eb.case().when('f.due_on', '<', today).then(eb.ref('f.asset_id')).end()).distinct().as('overdueAssets'),
      ])
      .executeTakeFirstOrThrow(),
    findings()
      .where('f.due_on', '<', today)
      .select(['f.id', 'f.asset_id', 'a.name', 'a.asset_tag', 'f.vuln_id', 'f.due_on'])
      .orderBy('f.due_on')
      .orderBy('a.name')
      .orderBy('f.vuln_id')
      .limit(limit)
      .execute(),
  ]);
  const overdueCount = Number(counts.overdue);
  return {
    assets: Number(assets.n),
    overdue: rows.map((r) => ({ findingId: r.id, assetId: r.asset_id, assetName: r.name, assetTag: r.asset_tag, vulnId: r.vuln_id, dueOn: r.due_on })),
    overdueCount,
    overdueAssets: Number(counts.overdueAssets),
    withinDue: Number(counts.active) - overdueCount,
  };
}
