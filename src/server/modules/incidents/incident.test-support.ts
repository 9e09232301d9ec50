import { CURRENT_LEGAL_CLOCK_RULES, NO_FACTS, type IncidentClockFacts } from '../../../shared/incidents/clock-rules.ts';
import type { CaseCategory, CasePhase, CaseSeverity } from '../../../shared/incidents/cases.ts';
import { appendOnlyTriggers, dropAppendOnlyTriggers } from '../../db/dialect.ts';
import { newId } from '../../lib/ids.ts';
import type { TestEnv } from '../../testing/harness.ts';
import { insertCaseRow, nextCaseSeq } from './case.repository.ts';

/** Test support shared by the incident tests (the generic pieces, users and clients, are in the test harness). */

export interface TestCaseOptions {
  facts?: Partial<IncidentClockFacts>;
  discoveredAt?: string;
  status?: 'open' | 'closed';
  title?: string;
  summary?: Record<string, string>;
  category?: CaseCategory;
  severity?: CaseSeverity;
  phase?: CasePhase;
  description?: string;
}

/**
 * A case written directly into the table, independent of the cases service (for the tests of the other parts of
 * the module): a high-severity ransomware case in detection, open, discovered now, unless told otherwise.
 */
export async function insertTestCase(env: TestEnv, facilityId: string, options: TestCaseOptions = {}): Promise<{ id: string; seq: number }> {
  const id = newId();
  const now = env.clock.now().toISOString();
  const seq = await nextCaseSeq(env.deps.db, facilityId);
  await insertCaseRow(env.deps.db, {
    id,
    facility_id: facilityId,
    seq,
    title: options.title ?? `case-${seq}`,
    category: options.category ?? 'ransomware',
    severity: options.severity ?? 'high',
    tlp: 'amber',
    phase: options.phase ?? 'detection',
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

/**
 * Tampering for the custody tests: evidence and custody are append-only in the database (migration
 * 2026_11_30_0900), so a test that edits them behind mamori's back drops the triggers first, as an attacker with
 * database access would, and puts them back afterwards.
 */
export async function tamperWith(env: TestEnv, edit: () => Promise<unknown>): Promise<void> {
  const tables = ['incident_evidence', 'incident_custody'];
  for (const t of tables) for (const stmt of dropAppendOnlyTriggers(env.deps.dialect, t)) await stmt.execute(env.deps.db);
  try {
    await edit();
  } finally {
    for (const t of tables) for (const stmt of appendOnlyTriggers(env.deps.dialect, t)) await stmt.execute(env.deps.db);
  }
}
