import { CURRENT_LEGAL_CLOCK_RULES, NO_FACTS, type IncidentClockFacts } from '../../../shared/incidents/clock-rules.ts';
import { newId } from '../../lib/ids.ts';
import type { TestEnv } from '../../testing/harness.ts';
import { insertCaseRow, nextCaseSeq } from './case.repository.ts';

/** For the clock and draft tests: cases written directly, independent of the cases service. */

/** A case written directly (the cases service belongs to another part of the module). */
export async function insertTestCase(
  env: TestEnv,
  facilityId: string,
  options: { facts?: Partial<IncidentClockFacts>; discoveredAt?: string; status?: 'open' | 'closed'; title?: string; summary?: Record<string, string>; category?: string; description?: string } = {},
): Promise<{ id: string; seq: number }> {
  const id = newId();
  const now = env.clock.now().toISOString();
  const seq = await nextCaseSeq(env.deps.db, facilityId);
  await insertCaseRow(env.deps.db, {
    id,
    facility_id: facilityId,
    seq,
    title: options.title ?? `case-${seq}`,
    category: options.category ?? 'ransomware',
    severity: 'high',
    tlp: 'amber',
    phase: 'detection',
    status: options.status ?? 'open',
    discovered_at: new Date(Date.parse(options.discoveredAt ?? now)).toISOString(),
    facts: JSON.stringify({ ...NO_FACTS, ...options.facts }),
    clock_rules_version: CURRENT_LEGAL_CLOCK_RULES.version,
    summary: JSON.stringify({ who: '', what: '', when: '', where: '', why: '', how: '', ...options.summary }),
    description: options.description ?? null,
    playbook_id: null,
    playbook_version: null,
    created_by: null,
    created_at: now,
    updated_at: now,
    closed_at: options.status === 'closed' ? now : null,
  });
  return { id, seq };
}
