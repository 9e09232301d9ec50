import type { DraftUpdate } from '../../../shared/contracts/incident-clocks.contract.ts';
import { AppError, type FieldIssue, type Locale } from '../../../shared/errors.ts';
import { caseNumberLabel, SUMMARY_KEYS, type DraftKind, type SummaryKey } from '../../../shared/incidents/cases.ts';
import { DRAFT_DEFS, mergeDraft, prefillDraft, type DraftFieldView, type DraftSource } from '../../../shared/incidents/drafts.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { callerUserId, type Caller, type Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { newId } from '../../lib/ids.ts';
import { failValidation } from '../../lib/validation.ts';
import { findFacilityById } from '../facilities/index.ts';
import type { CaseRow } from './case.repository.ts';
import * as caseRepo from './case.repository.ts';
import { caseClocksOf, parseCaseFacts } from './clock.service.ts';
import { contactChartOf } from './contact.service.ts';
import * as repo from './draft.repository.ts';
import { authorizedCase } from './incident.access.ts';
import { listTimelineRows } from './timeline.repository.ts';

/**
 * 報告書の下書き (report drafts) of a case: the Commission's report (ppc), the first report to MHLW (mhlw_first) and the
 * report to the executive (internal). Every field is pre-filled from the case as it stands (src/shared/incidents/drafts.ts);
 * saved edits override it field by field. Reading needs incident.read, saving incident.write (audited as `incident_draft`,
 * CONFLICT when expectedUpdatedAt is stale, INVALID_STATE on a closed case).
 */

type Text = { ja: string; en: string };

export interface DraftView {
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  facility: { id: string; name: string; code: string };
  kind: DraftKind;
  title: Text;
  lang: Locale;
  verified: boolean;
  note: Text | null;
  fields: DraftFieldView[];
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
}

function parseSummary(json: string): Partial<Record<SummaryKey, string>> {
  try {
    const raw = JSON.parse(json) as unknown;
    if (typeof raw !== 'object' || raw === null) return {};
    const out: Partial<Record<SummaryKey, string>> = {};
    for (const k of SUMMARY_KEYS) {
      const v = (raw as Record<string, unknown>)[k];
      if (typeof v === 'string') out[k] = v;
    }
    return out;
  } catch {
    return {};
  }
}

function parseFields(json: string): Record<string, string> {
  try {
    const raw = JSON.parse(json) as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    return Object.fromEntries(Object.entries(raw as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

/** What the drafts read of a case, without permission checks. `db` may be a transaction. */
export async function draftSourceOf(db: Db, c: CaseRow, now: Date): Promise<{ source: DraftSource; facility: { id: string; name: string; code: string } }> {
  const facility = await findFacilityById(db, c.facility_id);
  if (!facility) throw new AppError('NOT_FOUND');
  const [clocks, timeline, chart] = [await caseClocksOf(db, c, now), await listTimelineRows(db, c.id), await contactChartOf(db, c.facility_id)];
  const head = chart.internal.find((e) => e.deputyForId === null) ?? null;
  return {
    facility: { id: facility.id, name: facility.name, code: facility.code },
    source: {
      facility: { name: facility.name, medicalInstitutionCode: facility.medicalInstitutionCode },
      contact: head ? { role: head.roleLabel, name: head.name ?? head.userName, phone: head.phone, email: head.email } : null,
      case: {
        number: caseNumberLabel(c.seq, c.discovered_at),
        title: c.title,
        category: c.category,
        severity: c.severity,
        phase: c.phase,
        discoveredAt: c.discovered_at,
        description: c.description,
        summary: parseSummary(c.summary),
        facts: parseCaseFacts(c.facts),
      },
      timeline: timeline.map((t) => ({ occurredAt: t.occurred_at, kind: t.kind, text: t.text })),
      clocks: clocks.clocks.map((k) => ({
        ruleId: k.ruleId,
        authority: k.authority,
        kind: k.kind,
        labels: k.labels,
        dueAt: k.dueAt,
        soft: k.soft,
        state: k.status.state,
        filedAt: k.filing?.filedAt ?? null,
        reference: k.filing?.reference ?? null,
      })),
    },
  };
}

/** A draft of a case, pre-filled and merged with the saved edits, without permission checks. */
export async function draftOf(db: Db, c: CaseRow, kind: DraftKind, lang: Locale, now: Date): Promise<DraftView> {
  const { source, facility } = await draftSourceOf(db, c, now);
  const saved = await repo.findDraft(db, c.id, kind);
  const def = DRAFT_DEFS[kind];
  return {
    caseId: c.id,
    caseNumber: source.case.number,
    caseTitle: c.title,
    facility,
    kind,
    title: def.title,
    lang,
    verified: def.verified,
    note: def.note,
    fields: mergeDraft(kind, prefillDraft(kind, source, lang), saved ? parseFields(saved.fields) : {}),
    updatedAt: saved?.updatedAt ?? null,
    updatedBy: saved?.updatedBy ? { id: saved.updatedBy, name: saved.updatedByName ?? '' } : null,
  };
}

export async function getDraft(deps: Deps, caller: Caller, caseId: string, kind: DraftKind, lang: Locale = 'ja'): Promise<DraftView> {
  const c = await authorizedCase(deps, caller, caseId, 'incident.read');
  return draftOf(deps.db, c, kind, lang, deps.clock.now());
}

/**
 * Saves the edited fields of a draft: `fields` replaces the saved edits (null or left out → the field shows its
 * pre-filled value again). Unknown field keys → VALIDATION_FAILED. expectedUpdatedAt (the updatedAt read, null for a
 * draft never saved) → CONFLICT when someone saved in between.
 */
export async function saveDraft(deps: Deps, caller: Caller, caseId: string, kind: DraftKind, input: DraftUpdate, lang: Locale = 'ja'): Promise<DraftView> {
  await authorizedCase(deps, caller, caseId, 'incident.write');
  const def = DRAFT_DEFS[kind];
  const known = new Set(def.fields.map((x) => x.key));
  const issues: FieldIssue[] = Object.keys(input.fields)
    .filter((k) => !known.has(k))
    .map((k) => ({ path: `fields.${k}`, message: 'unknown_field' }));
  if (issues.length > 0) failValidation(issues);
  // In the kind's field order, so that the stored JSON (and the audit) reads like the form.
  const edited: Record<string, string> = {};
  for (const x of def.fields) {
    const v = input.fields[x.key];
    if (typeof v === 'string') edited[x.key] = v;
  }
  return deps.db.transaction().execute(async (trx) => {
    const c = await caseRepo.findCaseRow(trx, caseId);
    if (!c) throw new AppError('NOT_FOUND');
    if (c.status !== 'open') throw new AppError('INVALID_STATE', 'the case is closed (reopen it first)');
    const before = await repo.findDraft(trx, caseId, kind);
    const conflict = () => new AppError('CONFLICT', 'the draft was saved by someone else', { detail: { updatedAt: before?.updatedAt ?? null } });
    if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== (before?.updatedAt ?? null)) throw conflict();
    const now = deps.clock.now();
    const stamp = { fields: JSON.stringify(edited), updatedBy: callerUserId(caller), updatedAt: now.toISOString() };
    let id: string;
    if (before) {
      if (!(await repo.updateDraft(trx, before.id, before.updatedAt, stamp))) throw conflict();
      id = before.id;
    } else {
      id = newId();
      if (!(await repo.insertDraft(trx, { id, caseId, kind, ...stamp }))) throw conflict();
    }
    await recordAudit(deps, trx, caller, {
      facilityId: c.facility_id,
      entityType: 'incident_draft',
      entityId: id,
      action: before ? 'update' : 'create',
      ...(before && { before: { caseId, kind, fields: parseFields(before.fields) } }),
      after: { caseId, kind, fields: edited },
    });
    return draftOf(trx, c, kind, lang, now);
  });
}
