import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, isApiError } from '../../../api/client.ts';
import type { StatusTone } from '../../../components/StatusBadge.tsx';
import type { Locale } from '../../../../shared/errors.ts';
import { BCP_CHECKLIST_ITEMS, BCP_SECTIONS, BCP_STEPS, type BcpChecklistItem, type BcpContent, type BcpSection, type BcpStatus, type BcpStep } from '../../../../shared/resilience/bcp.ts';
import { canonicalJson } from '../../../../shared/resilience/binder.ts';
import type { BcpOverviewDto, BcpVersionDto } from '../../../../shared/contracts/resilience-bcp.contract.ts';
import type { TAsset } from '../../../../shared/contracts/ledger.contract.ts';
import type { Page } from '../../../api/types.ts';

/**
 * The BCP screens' API paths, queries and pure helpers (tested in bcp.test.ts): status tones, the editor's section
 * from the URL, list edits (add / remove / move), the sections the server named when it refused a submission, the
 * checklist grouped by step, and the systems not yet given a recovery procedure.
 */

export const BCP_KEY = ['resilience', 'bcp'] as const;

const enc = encodeURIComponent;
export const bcpPath = {
  overview: (facilityId: string) => `/facilities/${enc(facilityId)}/bcp`,
  create: (facilityId: string) => `/facilities/${enc(facilityId)}/bcp`,
  version: (id: string) => `/bcp-versions/${enc(id)}`,
  content: (id: string) => `/bcp-versions/${enc(id)}/content`,
  submit: (id: string) => `/bcp-versions/${enc(id)}/submit`,
  return: (id: string) => `/bcp-versions/${enc(id)}/return`,
  approve: (id: string) => `/bcp-versions/${enc(id)}/approve`,
  export: (id: string, format: 'pdf' | 'html', lang: Locale) => apiUrl(`/bcp-versions/${enc(id)}/export`, { format, lang }),
  assets: (facilityId: string) => `/facilities/${enc(facilityId)}/assets`,
};

const noRetryOn4xx = (count: number, e: unknown) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2;

export function useBcpOverview(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...BCP_KEY, 'overview', facilityId],
    queryFn: ({ signal }) => api.get<BcpOverviewDto>(bcpPath.overview(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
  });
}

export const bcpVersionKey = (id: string) => [...BCP_KEY, 'version', id] as const;

export function useBcpVersion(id: string) {
  return useQuery({
    queryKey: bcpVersionKey(id),
    queryFn: ({ signal }) => api.get<BcpVersionDto>(bcpPath.version(id), undefined, signal),
    enabled: Boolean(id),
    retry: noRetryOn4xx,
  });
}

/** Live systems of the ledger, most critical first (for "add a system" in the recovery procedures). */
export function useLedgerSystems(facilityId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: ['ledger', facilityId, 'assets', { purpose: 'bcp', sort: 'criticality' }],
    queryFn: ({ signal }) => api.get<Page<TAsset>>(bcpPath.assets(facilityId ?? ''), { sort: 'criticality', pageSize: 500 }, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOn4xx,
    staleTime: 60_000,
  });
}

/** After a workflow step: the overview, the version, the binder (its downtime section follows the approved BCP) and the checklist. */
export function useBcpChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: BCP_KEY });
    void qc.invalidateQueries({ queryKey: ['resilience', 'binder'] });
    void qc.invalidateQueries({ queryKey: ['assessments'] });
  };
}

// --- pure helpers -----------------------------------------------------------------------------

/** A version's status shown as a badge tone (always with its word and an icon). */
export function bcpStatusTone(status: BcpStatus): StatusTone {
  return status === 'approved' ? 'ok' : status === 'in_review' ? 'warn' : status === 'draft' ? 'info' : 'neutral';
}

/** The editor's section named in `?section=`; the first section when missing or unknown. */
export function sectionFrom(value: string | null | undefined): BcpSection {
  return (BCP_SECTIONS as readonly string[]).includes(value ?? '') ? (value as BcpSection) : 'basics';
}

/** A copy of `items` with the one at `index` moved by `delta` (unchanged when it would leave the list). */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const out = [...items];
  const [x] = out.splice(index, 1);
  out.splice(to, 0, x as T);
  return out;
}

export function replaceAt<T>(items: readonly T[], index: number, value: T): T[] {
  return items.map((x, i) => (i === index ? value : x));
}

export function removeAt<T>(items: readonly T[], index: number): T[] {
  return items.filter((_, i) => i !== index);
}

/** Two contents are the same plan (key order does not matter). */
export function sameContent(a: BcpContent, b: BcpContent): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * The sections a refused submission named (VALIDATION_FAILED, issues with path `content.<section>` or
 * `body.content.<section>…`), in section order without repeats; [] for any other error.
 */
export function missingSectionsOf(error: unknown): BcpSection[] {
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED') return [];
  const named = new Set<string>();
  for (const issue of error.issues) {
    const m = /(?:^|\.)content\.([a-z_]+)/.exec(issue.path);
    if (m?.[1]) named.add(m[1]);
  }
  return BCP_SECTIONS.filter((s) => named.has(s));
}

/** The checklist items of each of the five steps, in step order. */
export function checklistByStep(): { step: BcpStep; items: BcpChecklistItem[] }[] {
  return BCP_STEPS.map((step) => ({ step, items: BCP_CHECKLIST_ITEMS.filter((i) => i.step === step) }));
}

/** A progress bar's value (0–100, one decimal). */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((Math.min(total, Math.max(0, done)) / total) * 1000) / 10;
}

/** Ledger systems that have no recovery procedure in the plan yet (by asset id), in the order given. */
export function systemsWithoutProcedure<T extends { id: string }>(systems: readonly T[], content: Pick<BcpContent, 'recovery'>): T[] {
  const used = new Set(content.recovery.flatMap((r) => (r.assetId ? [r.assetId] : [])));
  return systems.filter((s) => !used.has(s.id));
}

/** The text of a message template to copy: its title, a blank line, its body (placeholders as written). */
export function messageText(m: { title: string; body: string }): string {
  const title = m.title.trim();
  const body = m.body.trim();
  return title && body ? `${title}\n\n${body}` : title || body;
}
