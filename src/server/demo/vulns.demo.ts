import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Caller, Deps } from '../context.ts';
import { importFeedFiles } from '../modules/feeds/index.ts';
import { changeFindingStatus, rematchFacility } from '../modules/vulns/index.ts';

/**
 * The sample hospital's vulnerability findings: the bundled feeds (CISA KEV snapshot, a few NVD records, an EPSS
 * sample; see fixtures/*\/PROVENANCE.md) are imported through the feeds module, then the facility is re-matched.
 * The catering contractor's FortiGate (FortiOS 6.0.4, internet-facing) then carries CVE-2018-13379 — known-exploited,
 * used by ransomware — at the top; the Windows 7 CT scanner carries CVE-2019-0708. Two findings are put into a
 * workflow state so that the screens show one of each.
 *
 * Runs after the demo transaction has committed: feed imports open their own transactions (one per file).
 */

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures');

export const DEMO_FEED_FILES = [
  'kev/known_exploited_vulnerabilities.json',
  'nvd2/CVE-2017-0144.json',
  'nvd2/CVE-2018-13379.json',
  'nvd2/CVE-2019-0708.json',
  'nvd2/CVE-2019-11510.json',
  'nvd2/CVE-2019-19781.json',
  'epss/epss_scores_sample.csv',
];

async function findingOf(deps: Deps, facilityId: string, assetTag: string, vulnId: string): Promise<string | undefined> {
  const row = await deps.db
    .selectFrom('vuln_findings as f')
    .innerJoin('assets as a', 'a.id', 'f.asset_id')
    .select('f.id')
    .where('f.facility_id', '=', facilityId)
    .where('a.asset_tag', '=', assetTag)
    .where('f.vuln_id', '=', vulnId)
    .where('f.status', '=', 'open')
    .executeTakeFirst();
  return row?.id;
}

export async function seedVulnsDemo(deps: Deps, caller: Caller, facilityId: string): Promise<void> {
  await importFeedFiles(
    deps,
    caller,
    DEMO_FEED_FILES.map((f) => ({ path: path.join(FIXTURES, f) })),
  );
  // The import re-matched what it changed; a full run also covers files imported before (skipped as identical).
  await rematchFacility(deps, caller, facilityId);
  const ct = await findingOf(deps, facilityId, 'MD-001', 'CVE-2019-0708');
  if (ct) await changeFindingStatus(deps, caller, facilityId, ct, { status: 'in_progress', reason: 'メーカーに修正プログラム適用の可否を照会中(薬機法の承認範囲の確認)' });
  const mri = await findingOf(deps, facilityId, 'MD-002', 'CVE-2019-0708');
  if (mri) await changeFindingStatus(deps, caller, facilityId, mri, { status: 'mitigated', reason: 'リモートデスクトップ(3389/tcp)を装置側で無効化し、医療機器系 L2 スイッチで遮断済み' });
}
