import { resilienceSummary, withBinderSentence, type ResilienceSummary } from '../../../shared/resilience/summary.ts';
import { binderStatusOf } from './binder.service.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { resilienceFacts } from './resilience-facts.ts';
import { authorizeResilience } from './resilience.access.ts';

/**
 * The facility's resilience summary for the dashboard (stale offline copies first, then coverage gaps, overdue drills,
 * the BCP and this fiscal year's exercise). Read-only: no transaction, no audit (like the other overviews).
 */

export interface ResilienceSummaryResult extends ResilienceSummary {
  facilityId: string;
  evaluatedAt: string;
}

/** Unchecked, for trusted callers (the CLI status line, the binder). */
export async function resilienceSummaryOf(db: Db, facilityId: string, now: Date): Promise<ResilienceSummaryResult> {
  const snap = await resilienceFacts(db, facilityId, now);
  return { facilityId, evaluatedAt: now.toISOString(), ...resilienceSummary(snap, now) };
}

/** The summary for the dashboard, with the emergency binder's state (printed copy outdated, or never printed). */
export async function getResilienceSummary(deps: Deps, caller: Caller, facilityId: string): Promise<ResilienceSummaryResult> {
  const facility = await authorizeResilience(deps, caller, facilityId, 'resilience.read');
  const [summary, binder] = await Promise.all([resilienceSummaryOf(deps.db, facility.id, deps.clock.now()), binderStatusOf(deps, facility.id)]);
  return { ...summary, ...withBinderSentence(summary, binder) };
}
