import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, isApiError } from '../../api/client.ts';
import i18n from '../../i18n/index.ts';
import type { AnswerType, FrameworkDefinition, FrameworkItem, FrameworkSection, ItemScope } from '../../../shared/assessments/framework.ts';
import type { FrameworkDetailDto, FrameworkIssueDto, FrameworkSummaryDto } from '../../../shared/contracts/assessments.contract.ts';
import type { Locale } from '../../../shared/errors.ts';

export const FRAMEWORKS_KEY = ['frameworks'] as const;

const enc = encodeURIComponent;
export const frameworkPath = {
  list: '/frameworks',
  detail: (id: string, version: string) => `/frameworks/${enc(id)}/versions/${enc(version)}`,
  validate: '/frameworks/validate',
  template: '/frameworks/template.xlsx',
  facility: (facilityId: string) => `/facilities/${enc(facilityId)}/frameworks`,
  custom: (recordId: string) => `/custom-frameworks/${enc(recordId)}`,
};

// --- queries ------------------------------------------------------------------------------------

/** Built-in frameworks plus the facility's and its groups' own. */
export function useFrameworkList(facilityId: string | null, enabled = true) {
  const query = facilityId ? { facilityId } : undefined;
  return useQuery({
    queryKey: [...FRAMEWORKS_KEY, 'list', facilityId],
    queryFn: ({ signal }) => api.get<{ items: FrameworkSummaryDto[] }>(frameworkPath.list, query, signal),
    enabled,
  });
}

export function useFrameworkDetail(facilityId: string | null, id: string, version: string) {
  return useQuery({
    queryKey: [...FRAMEWORKS_KEY, 'detail', facilityId, id, version],
    queryFn: ({ signal }) => api.get<FrameworkDetailDto>(frameworkPath.detail(id, version), facilityId ? { facilityId } : undefined, signal),
    enabled: Boolean(id && version),
    retry: (count, e) => !(isApiError(e) && (e.status === 404 || e.status === 403)) && count < 2,
  });
}

export function useFrameworksChanged() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: FRAMEWORKS_KEY });
}

// --- files --------------------------------------------------------------------------------------

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const FRAMEWORK_ACCEPT = `.yaml,.yml,.xlsx,${XLSX_TYPE}`;

/** What a chosen file is by its name: YAML, .xlsx, or neither (refused before sending). */
export function frameworkFileKind(name: string): 'yaml' | 'xlsx' | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

/** The content type a framework file is sent with (the server reads YAML or .xlsx from the bytes and the name). */
export function frameworkContentType(name: string): string {
  return frameworkFileKind(name) === 'xlsx' ? XLSX_TYPE : 'application/yaml';
}

/** One issue as "file:line key message". */
export function issueLine(issue: FrameworkIssueDto): string {
  const where = issue.line === null ? issue.file : `${issue.file}:${issue.line}`;
  return [where, issue.key, issue.message].filter(Boolean).join(' ');
}

// --- labels -------------------------------------------------------------------------------------

/** A localized text in the chosen language. */
export function localized(text: { ja: string; en: string } | undefined | null, locale: Locale): string {
  if (!text) return '';
  return locale === 'en' ? text.en : text.ja;
}

export function scopeLabel(t: TFunction, scope: ItemScope): string {
  return t(`frameworks.scope.${scope}`);
}

/** Yes/No, Yes/No/Not applicable, or the scale's level names. */
export function answerTypeLabel(t: TFunction, type: AnswerType, locale: Locale): string {
  if (type === 'yes_no') return t('frameworks.answerType.yes_no');
  if (type === 'yes_no_na') return t('frameworks.answerType.yes_no_na');
  return type.scale.map((s) => localized(s.label, locale)).join(' / ');
}

/** What mamori checks for a rule, in a sentence; an unknown rule shows its id. */
export function ruleDescription(t: TFunction, ruleId: string): string {
  const key = `frameworks.rules.${ruleId}`;
  return i18n.exists(key) ? t(key as 'frameworks.rules.ledger.inventory') : t('frameworks.rules.unknown', { id: ruleId });
}

// --- search -------------------------------------------------------------------------------------

function itemHaystack(item: FrameworkItem): string {
  return [
    item.id,
    item.number,
    item.text.ja,
    item.text.en,
    item.rule ?? '',
    ...item.references,
    item.help?.ja ?? '',
    item.help?.en ?? '',
    ...item.examples.flatMap((e) => [e.ja, e.en]),
  ]
    .join('\n')
    .toLowerCase();
}

/** Whether an item matches every word of the search (number, text in both languages, references, help, examples). */
export function itemMatches(item: FrameworkItem, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = itemHaystack(item);
  return words.every((w) => hay.includes(w));
}

export interface FilteredFramework {
  gate: FrameworkItem | null;
  sections: (FrameworkSection & { total: number })[];
  matches: number;
  total: number;
}

/** The sections with only the items that match (sections without any are left out). */
export function filterFramework(def: FrameworkDefinition, query: string): FilteredFramework {
  const gate = def.gate && itemMatches(def.gate, query) ? def.gate : null;
  let matches = gate ? 1 : 0;
  let total = def.gate ? 1 : 0;
  const sections: FilteredFramework['sections'] = [];
  for (const s of def.sections) {
    total += s.items.length;
    const items = s.items.filter((i) => itemMatches(i, query));
    matches += items.length;
    if (items.length > 0) sections.push({ ...s, items, total: s.items.length });
  }
  return { gate, sections, matches, total };
}

/** Which texts the detail page shows. */
export const TEXT_MODES = ['ja', 'en', 'both'] as const;
export type TextMode = (typeof TEXT_MODES)[number];
export function textModeFromParam(v: string | null): TextMode {
  return v === 'en' || v === 'both' ? v : 'ja';
}
