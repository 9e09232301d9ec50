import type { CaseClockDto, CaseClocksDto, ClockOverviewDto, ClockOverviewItemDto, FilingDto } from '../../../shared/contracts/incident-clocks.contract.ts';
import { CLOCK_AUTHORITY_LABELS, CLOCK_KIND_LABELS } from '../../../shared/incidents/clock-rules.ts';
import type { ClockStatus } from '../../../shared/incidents/clocks.ts';
import type { Filing } from './clock.repository.ts';
import type { CaseClock, CaseClocksView, ClockOverviewItem } from './clock.service.ts';

export function presentFiling(f: Filing): FilingDto {
  return {
    id: f.id,
    caseId: f.caseId,
    ruleId: f.ruleId,
    filedAt: f.filedAt,
    reference: f.reference,
    note: f.note,
    createdBy: f.createdBy ? { id: f.createdBy, name: f.createdByName ?? '' } : null,
    createdAt: f.createdAt,
  };
}

function presentStatus(s: ClockStatus): CaseClockDto['status'] {
  return { state: s.state, fraction: s.fraction, thresholdsCrossed: [...s.thresholdsCrossed], late: s.late, pastOuterBound: s.pastOuterBound };
}

export function presentCaseClock(c: CaseClock): CaseClockDto {
  return {
    ruleId: c.ruleId,
    authority: c.authority,
    authorityLabel: CLOCK_AUTHORITY_LABELS[c.authority],
    kind: c.kind,
    kindLabel: CLOCK_KIND_LABELS[c.kind],
    labels: c.labels,
    basis: c.basis,
    note: c.note,
    verified: c.verified,
    soft: c.soft,
    startsAt: c.startsAt,
    dueAt: c.dueAt,
    dueDateJst: c.dueDateJst,
    outerDueAt: c.outerDueAt,
    outerDueDateJst: c.outerDueDateJst,
    period: c.period,
    status: presentStatus(c.status),
    filing: c.filing ? presentFiling(c.filing) : null,
  };
}

export function presentCaseClocks(v: CaseClocksView): CaseClocksDto {
  return {
    caseId: v.caseId,
    discoveredAt: v.discoveredAt,
    ruleSetVersion: v.ruleSetVersion,
    now: v.now,
    clocks: v.clocks.map(presentCaseClock),
    otherFilings: v.otherFilings.map(presentFiling),
    note: v.note,
  };
}

export function presentClockOverviewItem(i: ClockOverviewItem): ClockOverviewItemDto {
  const c = i.clock;
  return {
    case: i.case,
    ruleId: c.ruleId,
    authority: c.authority,
    authorityLabel: CLOCK_AUTHORITY_LABELS[c.authority],
    kind: c.kind,
    kindLabel: CLOCK_KIND_LABELS[c.kind],
    labels: c.labels,
    soft: c.soft,
    dueAt: c.dueAt,
    dueDateJst: c.dueDateJst,
    outerDueAt: c.outerDueAt,
    status: presentStatus(c.status),
  };
}

export function presentClockOverview(o: { now: string; items: ClockOverviewItem[] }): ClockOverviewDto {
  return { now: o.now, items: o.items.map(presentClockOverviewItem) };
}
