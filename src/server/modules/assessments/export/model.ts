import { disagreement, itemProblems, notRequiredItems } from '../../../../shared/assessments/domain.ts';
import { allowedAnswers, answerIsGap, itemAnswerType, type FrameworkDefinition, type FrameworkItem, type FrameworkSection } from '../../../../shared/assessments/framework.ts';
import { disagreementSentence } from '../../../../shared/assessments/reasons.ts';
import type { ReasonText, Suggestion } from '../../../../shared/assessments/types.ts';
import type { AnswerDto, EvidenceDto, ProgressDto } from '../../../../shared/contracts/assessments.contract.ts';
import { formatFiscalYear } from '../../../../shared/dates.ts';
import type { Locale } from '../../../../shared/errors.ts';
import type { AssessmentsTable } from '../../../db/schema.ts';
import { EXPORT_WORDS, type ExportWords } from './labels.ts';

/**
 * The inspection export's view of an assessment, shared by the .xlsx and the HTML/PDF writers: items in sheet order
 * (the gate first) with their answer, evidence, suggestion, disagreement and the problems an inspector would see.
 * Pure: built from the assessments core's bundle (`loadAssessmentBundle`), which satisfies `ExportBundle`.
 */

/** What the export reads of an assessment (a structural subset of the core's AssessmentBundle). */
export interface ExportBundle {
  row: Pick<
    AssessmentsTable,
    | 'id'
    | 'framework_id'
    | 'framework_version'
    | 'sheet'
    | 'vendor_id'
    | 'fiscal_year'
    | 'title'
    | 'status'
    | 'manager_signed_at'
    | 'executive_signed_at'
    | 'submitted_at'
    | 'submitted_by_label'
    | 'accepted_at'
    | 'locked_at'
  >;
  facility: { id: string; name: string; code: string };
  vendor: { id: string; name: string } | null;
  entry: { definition: FrameworkDefinition };
  answers: ReadonlyMap<string, AnswerDto>;
  evidence: readonly EvidenceDto[];
  suggestions: ReadonlyMap<string, Suggestion>;
  progress: ProgressDto;
}

export interface ExportItem {
  item: FrameworkItem;
  /** null for the gate question. */
  section: FrameworkSection | null;
  answer: AnswerDto | null;
  /** はい / いいえ / 該当なし, a scale level's label, or '' when unanswered. */
  answerLabel: string;
  evidence: EvidenceDto[];
  suggestion: Suggestion | null;
  disagreement: boolean;
  /** Answered with a gap (いいえ, or a scale level not marked done). */
  gap: boolean;
  problems: ReasonText[];
  /** The gate is closed: no answer needed. */
  notRequired: boolean;
}

export interface ExportSheet {
  bundle: ExportBundle;
  gate: ExportItem | null;
  sections: { section: FrameworkSection; items: ExportItem[] }[];
  /** Every item, the gate first. */
  items: ExportItem[];
}

/** Who signed (display names resolved by the service) and everything the writers need besides the data. */
export interface ExportContext {
  lang: Locale;
  /** ISO timestamp of the export. */
  generatedAt: string;
  /** Today in JST (YYYY-MM-DD). */
  today: string;
  version: string;
  /** Renders a ReasonText (`assessments.reasons.<key>`) in `lang`. */
  reason: (r: ReasonText, lang: Locale) => string;
}

export interface ExportInput {
  ctx: ExportContext;
  main: ExportBundle;
  signers: { manager: string | null; executive: string | null };
  /** 事業者確認用 of the same fiscal year (only for a hospital sheet). */
  vendorSheets: ExportBundle[];
}

export function words(lang: Locale): ExportWords {
  return EXPORT_WORDS[lang];
}

/** The label of an answer value for an item: はい/いいえ/該当なし or the scale level's label. */
export function answerLabel(definition: FrameworkDefinition, item: FrameworkItem, value: string | null | undefined, lang: Locale): string {
  if (value === null || value === undefined) return '';
  const type = itemAnswerType(definition, item);
  if (typeof type === 'object') return type.scale.find((s) => s.value === value)?.label[lang] ?? value;
  return (EXPORT_WORDS[lang].answers as Record<string, string>)[value] ?? value;
}

export function buildSheet(bundle: ExportBundle, ctx: Pick<ExportContext, 'lang' | 'today'>): ExportSheet {
  const def = bundle.entry.definition;
  const skipped = notRequiredItems(def, bundle.answers);
  const evidenceByItem = new Map<string, EvidenceDto[]>();
  for (const e of bundle.evidence) evidenceByItem.set(e.itemId, [...(evidenceByItem.get(e.itemId) ?? []), e]);
  const build = (item: FrameworkItem, section: FrameworkSection | null): ExportItem => {
    const answer = bundle.answers.get(item.id) ?? null;
    const evidence = evidenceByItem.get(item.id) ?? [];
    const suggestion = bundle.suggestions.get(item.id) ?? null;
    const notRequired = skipped.has(item.id);
    const type = itemAnswerType(def, item);
    return {
      item,
      section,
      answer,
      answerLabel: answerLabel(def, item, answer?.answer, ctx.lang),
      evidence,
      suggestion,
      disagreement: disagreement(type, answer?.answer, suggestion?.value),
      gap: !!answer?.answer && allowedAnswers(type).includes(answer.answer) && answerIsGap(type, answer.answer),
      problems: itemProblems(def, item, answer, { fiscalYear: bundle.row.fiscal_year, today: ctx.today, evidence, notRequired }),
      notRequired,
    };
  };
  const gate = def.gate ? build(def.gate, null) : null;
  const sections = def.sections.map((section) => ({ section, items: section.items.map((i) => build(i, section)) }));
  return { bundle, gate, sections, items: [...(gate ? [gate] : []), ...sections.flatMap((s) => s.items)] };
}

/** 「回答は『はい』ですが、台帳に機器が1台も登録されていません」: the answer against the reasons of the data. */
export function disagreementText(x: ExportItem, lang: Locale): string {
  if (!x.disagreement) return '';
  return x.suggestion ? disagreementSentence(x.answerLabel, x.suggestion.reasons, lang) : EXPORT_WORDS[lang].disagreementText;
}

/** 令和7年度 / FY2025 (Reiwa 7), or '' for a framework without a fiscal year. */
export function fiscalYearLabel(bundle: ExportBundle, lang: Locale): string {
  return bundle.row.fiscal_year === null ? '' : formatFiscalYear(bundle.row.fiscal_year, lang);
}

/** 医療機関確認用 / 事業者確認用, or the framework's title for a general framework. */
export function sheetLabel(bundle: ExportBundle, lang: Locale): string {
  const w = EXPORT_WORDS[lang];
  if (bundle.row.sheet === 'hospital') return w.sheetHospital;
  if (bundle.row.sheet === 'vendor') return w.sheetVendor;
  return bundle.entry.definition.title[lang];
}

/** YYYY/MM/DD for a YYYY-MM-DD date (ja), the date as is (en). */
export function displayDate(date: string | null | undefined, lang: Locale): string {
  if (!date) return '';
  return lang === 'ja' ? date.slice(0, 10).replaceAll('-', '/') : date.slice(0, 10);
}

/** The JST calendar date of an ISO timestamp, displayed. */
export function displayDateOfIso(iso: string | null | undefined, lang: Locale): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const jst = new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
  return displayDate(jst, lang);
}

/** One line per evidence item: title, SHA-256 (first 12 hex digits when `short`), validity. */
export function evidenceLine(e: EvidenceDto, lang: Locale, short: boolean): string {
  const w = EXPORT_WORDS[lang];
  const parts = [e.title];
  if (e.kind === 'file') {
    if (e.fileName && e.fileName !== e.title) parts.push(e.fileName);
    if (e.sha256) parts.push(`${w.sha256}: ${short ? e.sha256.slice(0, 12) : e.sha256}`);
    if (e.version > 1) parts.push(`v${e.version}`);
  } else if (e.kind === 'record' && e.record) {
    parts.push(e.record.label ?? e.record.type);
  } else if (e.kind === 'url' && e.url) {
    parts.push(e.url);
  }
  if (e.validUntil) parts.push(`${w.validUntil}: ${displayDate(e.validUntil, lang)}${e.expired ? ` (${w.expired})` : ''}`);
  else if (e.expired) parts.push(w.expired);
  return parts.join(' / ');
}

/** 備考 of the MHLW sheet: the comment, then 担当: the responsible person. */
export function notesCell(answer: AnswerDto | null, lang: Locale): string {
  if (!answer) return '';
  const w = EXPORT_WORDS[lang];
  return [answer.comment?.trim() || null, answer.responsible?.trim() ? `${w.responsible}: ${answer.responsible.trim()}` : null].filter(Boolean).join('\n');
}

/** ASCII file name: mamori-checklist-<facility code>-R7-hospital.xlsx (vendor sheets: …-vendor-<vendor id tail>). */
export function exportFileName(bundle: ExportBundle, ext: 'xlsx' | 'pdf' | 'html'): string {
  const ascii = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
  const row = bundle.row;
  const checklist = row.sheet === 'hospital' || row.sheet === 'vendor';
  const head = checklist ? 'mamori-checklist' : `mamori-${ascii(row.framework_id)}`;
  const year = row.fiscal_year !== null && row.fiscal_year >= 2019 ? `R${row.fiscal_year - 2018}` : ascii(row.framework_version);
  const tail = row.sheet === 'vendor' ? `vendor-${ascii(row.vendor_id?.slice(-8) ?? 'x')}` : row.sheet;
  return `${head}-${ascii(bundle.facility.code)}-${year}-${tail}.${ext}`;
}
