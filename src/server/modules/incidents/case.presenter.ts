import type { CaseDetailDto, CaseListItemDto, CasePageDto, CaseTaskDto, TeamMemberDto } from '../../../shared/contracts/incident-cases.contract.ts';
import { CASE_PHASES, caseNumberLabel, type CaseCategory, type CasePhase, type CaseSeverity, type CaseStatus, type TeamRole, type TlpLevel } from '../../../shared/incidents/cases.ts';
import type { CaseListRow } from './case.repository.ts';
import type { CaseListView, CaseTask, CaseView, TeamMember } from './case.service.ts';

export function presentCaseTask(t: CaseTask): CaseTaskDto {
  return {
    id: t.id,
    caseId: t.case_id,
    phase: t.phase as CasePhase,
    position: t.position,
    playbookItemId: t.playbook_item_id,
    title: { ja: t.title_ja, en: t.title_en },
    ownerRole: t.owner_role as TeamRole | null,
    owner: t.owner_user_id ? { id: t.owner_user_id, name: t.owner_name ?? '' } : null,
    done: t.done_at !== null,
    doneAt: t.done_at,
    doneBy: t.done_by ? { id: t.done_by, name: t.done_by_name ?? '' } : null,
    notes: t.notes,
    createdAt: t.created_at,
    updatedAt: t.updated_at,
  };
}

export function presentTeamMember(m: TeamMember): TeamMemberDto {
  return {
    id: m.id,
    caseId: m.case_id,
    role: m.role as TeamRole,
    user: m.user_id ? { id: m.user_id, name: m.user_name ?? m.name } : null,
    name: m.name,
    contact: m.contact,
    createdAt: m.created_at,
  };
}

export function presentCaseListItem(r: CaseListRow): CaseListItemDto {
  return {
    id: r.id,
    seq: r.seq,
    number: caseNumberLabel(r.seq, r.discovered_at),
    title: r.title,
    category: r.category as CaseCategory,
    severity: r.severity as CaseSeverity,
    tlp: r.tlp as TlpLevel,
    phase: r.phase as CasePhase,
    status: r.status as CaseStatus,
    discoveredAt: r.discovered_at,
    tasks: { open: r.open_tasks, total: r.total_tasks },
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
  };
}

export function presentCasePage(p: CaseListView): CasePageDto {
  return { items: p.items.map(presentCaseListItem), total: p.total, page: p.page, pageSize: p.pageSize };
}

export function presentCase(v: CaseView): CaseDetailDto {
  const r = v.row;
  const tasks = v.tasks.map(presentCaseTask);
  return {
    id: r.id,
    facilityId: r.facility_id,
    seq: r.seq,
    number: caseNumberLabel(r.seq, r.discovered_at),
    title: r.title,
    category: r.category as CaseCategory,
    severity: r.severity as CaseSeverity,
    tlp: r.tlp as TlpLevel,
    phase: r.phase as CasePhase,
    status: r.status as CaseStatus,
    discoveredAt: r.discovered_at,
    facts: v.facts,
    clockRulesVersion: r.clock_rules_version,
    summary: v.summary,
    description: r.description,
    playbook: r.playbook_id ? { id: r.playbook_id, version: r.playbook_version ?? '' } : null,
    createdBy: v.createdBy,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    tasks: CASE_PHASES.map((phase) => {
      const items = tasks.filter((t) => t.phase === phase).sort((a, b) => a.position - b.position);
      return { phase, open: items.filter((t) => !t.done).length, items };
    }),
    team: v.team.map(presentTeamMember),
    reportIds: v.reportIds,
  };
}
