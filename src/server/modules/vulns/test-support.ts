import { newId } from '../../lib/ids.ts';
import type { TestEnv } from '../../testing/harness.ts';

/** Test support of the vulnerabilities module (used only by tests). */

/** A finding written straight into the table (tests only): full control over status, dates and priority. */
export async function insertTestFinding(
  env: TestEnv,
  facilityId: string,
  assetId: string,
  vulnId: string,
  over: Partial<{ status: string; priority: number; due_on: string; first_seen_at: string; status_changed_at: string; confidence: string; due_rule: string; escalation_level: number; accepted_until: string | null; accepted_by_user_id: string | null; accepted_by: string | null }> = {},
): Promise<string> {
  const id = newId();
  const now = env.clock.now().toISOString();
  await env.deps.db
    .insertInto('vuln_findings')
    .values({
      id,
      facility_id: facilityId,
      asset_id: assetId,
      vuln_id: vulnId,
      confidence: over.confidence ?? 'exact',
      evidence: JSON.stringify([{ configuration: 0, criteria: 'cpe:2.3:a:test:test:*:*:*:*:*:*:*:*', range: null, identity: 'cpe:2.3:a:test:test:1.0:*:*:*:*:*:*:*', reason: 'version_any', vulnerable: true }]),
      status: over.status ?? 'open',
      priority: over.priority ?? 100,
      priority_factors: JSON.stringify({ kev: false, ransomware: false, internetFacing: false, vendorReachable: false, criticality: 3, holdsPatientData: false, epss: null, cvss: null, confidence: 'exact' }),
      due_rule: over.due_rule ?? 'medium',
      due_on: over.due_on ?? '2026-06-30',
      first_seen_at: over.first_seen_at ?? now,
      last_seen_at: now,
      status_changed_at: over.status_changed_at ?? over.first_seen_at ?? now,
      status_changed_by: 'test',
      status_reason: null,
      accepted_by_user_id: over.accepted_by_user_id ?? null,
      accepted_by: over.accepted_by ?? null,
      accepted_until: over.accepted_until ?? null,
      auto_closed: 0,
      escalation_level: over.escalation_level ?? 0,
      escalated_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}
