import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../../api/client.ts';
import type { z } from 'zod';
import type {
  ZAlertSettings,
  ZIncidentAlertList,
  ZIncidentWebhookList,
  ZWebhookTestResult,
  IncidentWebhookDto,
} from '../../../../shared/contracts/incident-alerts.contract.ts';
import type { PlaybookDetailDto, PlaybookListDto } from '../../../../shared/contracts/incident-playbooks.contract.ts';
import type { FieldIssue } from '../../../../shared/errors.ts';
import { CASE_PHASES, type AlertState, type CaseCategory, type CasePhase, type TeamRole } from '../../../../shared/incidents/cases.ts';
import { PLAYBOOK_LIMITS, itemsInPhaseOrder, type PlaybookDefinition, type PlaybookItem } from '../../../../shared/incidents/playbook.ts';
import type { StatusTone } from '../../../components/StatusBadge.tsx';

/**
 * Incident settings: the facility's on-call alert settings and webhooks, the alert log of a report or case, and the
 * playbooks. Queries, paths and the pure helpers of the screens (tested in settings.test.ts).
 */

export type AlertSettingsDto = z.infer<typeof ZAlertSettings>;
export type AlertListDto = z.infer<typeof ZIncidentAlertList>;
export type WebhookListDto = z.infer<typeof ZIncidentWebhookList>;
export type WebhookTestResult = z.infer<typeof ZWebhookTestResult>;
export type { IncidentWebhookDto };

export const INCIDENT_SETTINGS_KEY = ['incident-settings'] as const;
export const INCIDENT_ALERTS_KEY = ['incident-alerts'] as const;
export const PLAYBOOKS_KEY = ['incident-playbooks'] as const;

const enc = encodeURIComponent;
export const settingsPath = {
  alertSettings: (facilityId: string) => `/facilities/${enc(facilityId)}/alert-settings`,
  webhooks: (facilityId: string) => `/facilities/${enc(facilityId)}/webhooks`,
  webhook: (facilityId: string, id: string) => `/facilities/${enc(facilityId)}/webhooks/${enc(id)}`,
  webhookTest: (facilityId: string, id: string) => `/facilities/${enc(facilityId)}/webhooks/${enc(id)}/test`,
  alerts: (facilityId: string) => `/facilities/${enc(facilityId)}/incident-alerts`,
  ack: (alertId: string) => `/incident-alerts/${enc(alertId)}/ack`,
  playbooks: (facilityId: string) => `/facilities/${enc(facilityId)}/playbooks`,
  playbook: (facilityId: string, category: CaseCategory) => `/facilities/${enc(facilityId)}/playbooks/${enc(category)}`,
};

const noRetryOnDenied = (count: number, e: unknown) => !(isApiError(e) && (e.status === 404 || e.status === 403)) && count < 2;

// --- queries ------------------------------------------------------------------------------------

export function useAlertSettings(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...INCIDENT_SETTINGS_KEY, facilityId, 'alerts'],
    queryFn: ({ signal }) => api.get<AlertSettingsDto>(settingsPath.alertSettings(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOnDenied,
  });
}

export function useWebhooks(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...INCIDENT_SETTINGS_KEY, facilityId, 'webhooks'],
    queryFn: ({ signal }) => api.get<WebhookListDto>(settingsPath.webhooks(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOnDenied,
  });
}

export function useSettingsChanged() {
  const qc = useQueryClient();
  return () => void qc.invalidateQueries({ queryKey: INCIDENT_SETTINGS_KEY });
}

/** The alerts of one report or case (polled while the page is open: acknowledgements and escalations come in). */
export function useIncidentAlerts(facilityId: string | null, filter: { reportId?: string | null; caseId?: string | null }, enabled = true) {
  const query = { reportId: filter.reportId ?? undefined, caseId: filter.caseId ?? undefined };
  return useQuery({
    queryKey: [...INCIDENT_ALERTS_KEY, facilityId, query.reportId ?? null, query.caseId ?? null],
    queryFn: ({ signal }) => api.get<AlertListDto>(settingsPath.alerts(facilityId ?? ''), query, signal),
    enabled: enabled && Boolean(facilityId) && Boolean(query.reportId || query.caseId),
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
    retry: noRetryOnDenied,
  });
}

export function usePlaybooks(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...PLAYBOOKS_KEY, facilityId],
    queryFn: ({ signal }) => api.get<PlaybookListDto>(settingsPath.playbooks(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: noRetryOnDenied,
  });
}

export function usePlaybook(facilityId: string | null, category: CaseCategory | null, enabled = true) {
  return useQuery({
    queryKey: [...PLAYBOOKS_KEY, facilityId, category],
    queryFn: ({ signal }) => api.get<PlaybookDetailDto>(settingsPath.playbook(facilityId ?? '', category ?? 'other'), undefined, signal),
    enabled: enabled && Boolean(facilityId) && Boolean(category),
    retry: noRetryOnDenied,
  });
}

// --- alert settings -----------------------------------------------------------------------------

export const ESCALATE_LIMITS = { min: 1, max: 240 } as const;

/** Whether a typed escalation delay is a whole number of minutes within the server's bounds. */
export function validEscalation(v: number | string): boolean {
  if (v === '' || v === null || v === undefined) return false;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isInteger(n) && n >= ESCALATE_LIMITS.min && n <= ESCALATE_LIMITS.max;
}

// --- alert log ----------------------------------------------------------------------------------

/** Alert states as a badge: never colour alone (the badge carries the state's word and an icon). */
export function alertStateTone(state: AlertState): StatusTone {
  switch (state) {
    case 'acknowledged':
      return 'ok';
    case 'escalated':
      return 'warn';
    case 'failed':
      return 'danger';
    case 'sent':
      return 'info';
    case 'pending':
      return 'neutral';
  }
}

export function deliveryTone(status: 'pending' | 'sent' | 'failed'): StatusTone {
  return status === 'sent' ? 'ok' : status === 'failed' ? 'danger' : 'neutral';
}

/** A delivery or test failure (`smtp_not_configured`, `timeout`, `http_500`, `network:ECONNREFUSED` …) as a message key and its values. */
export type ReasonKey = 'smtp_not_configured' | 'timeout' | 'network' | 'networkCode' | 'http' | 'other';
export function failureReason(error: string): { key: ReasonKey; values: { status?: string; code?: string; reason?: string } } {
  if (error === 'smtp_not_configured' || error === 'timeout' || error === 'network') return { key: error, values: {} };
  const http = /^http_(\d{3})$/.exec(error);
  if (http) return { key: 'http', values: { status: http[1] } };
  const net = /^network:(.+)$/.exec(error);
  if (net) return { key: 'networkCode', values: { code: net[1] } };
  return { key: 'other', values: { reason: error } };
}

/** The alert the signed-in user may acknowledge themselves: addressed to them, not answered, and nobody answered yet. */
export function ownOpenAlert<T extends { recipientUserId: string | null; state: AlertState; acknowledgedAt: string | null }>(items: readonly T[], userId: string, anyAcknowledged: boolean): T | null {
  if (anyAcknowledged) return null;
  return items.find((a) => a.recipientUserId === userId && a.acknowledgedAt === null && a.state !== 'acknowledged') ?? null;
}

/** Alerts in call order (position), then by creation. */
export function alertsInOrder<T extends { position: number; createdAt: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position || a.createdAt.localeCompare(b.createdAt));
}

// --- webhooks -----------------------------------------------------------------------------------

export interface WebhookDraft {
  name: string;
  format: IncidentWebhookDto['format'];
  url: string;
  enabled: boolean;
}

export function webhookDraft(w?: IncidentWebhookDto): WebhookDraft {
  return { name: w?.name ?? '', format: w?.format ?? 'json', url: '', enabled: w?.enabled ?? true };
}

/** The PATCH body of an edit: only what changed; the URL only when a new one was typed (it is never shown back). */
export function webhookPatch(before: IncidentWebhookDto, d: WebhookDraft): Partial<WebhookDraft> {
  const out: Partial<WebhookDraft> = {};
  if (d.name.trim() !== before.name) out.name = d.name.trim();
  if (d.format !== before.format) out.format = d.format;
  if (d.enabled !== before.enabled) out.enabled = d.enabled;
  if (d.url.trim()) out.url = d.url.trim();
  return out;
}

/** What the browser can tell about a typed address before the server checks it (the same message keys). */
export function webhookUrlProblem(raw: string): 'invalid_url' | 'credentials_in_url' | null {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return 'invalid_url';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'invalid_url';
  if (u.username || u.password) return 'credentials_in_url';
  return null;
}

// --- playbook editor ----------------------------------------------------------------------------

/** An item being edited: the playbook item plus a key that survives edits of the id-less new items. */
export interface DraftItem {
  key: string;
  id: string;
  phase: CasePhase;
  titleJa: string;
  titleEn: string;
  ownerRole: TeamRole | null;
  verified: boolean;
  help: PlaybookItem['help'];
  /** Added in this facility (not in the definition it started from). */
  isNew: boolean;
}

export function draftItems(def: Pick<PlaybookDefinition, 'items'>): DraftItem[] {
  return itemsInPhaseOrder(def.items).map((i) => ({
    key: i.id,
    id: i.id,
    phase: i.phase,
    titleJa: i.title.ja,
    titleEn: i.title.en,
    ownerRole: i.ownerRole ?? null,
    verified: i.verified ?? false,
    help: i.help,
    isNew: false,
  }));
}

/** A fresh item id for a category: `<prefix>-local-N`, unused in the list (item ids must stay unique). */
export function newItemId(items: readonly { id: string }[], category: CaseCategory): string {
  const used = new Set(items.map((i) => i.id));
  const prefix = category.replace(/_/g, '-');
  for (let n = 1; ; n += 1) {
    const id = `${prefix}-local-${n}`;
    if (!used.has(id)) return id;
  }
}

/** A new empty item at the end of `phase`. */
export function addItem(items: readonly DraftItem[], phase: CasePhase, category: CaseCategory): { items: DraftItem[]; item: DraftItem } {
  const id = newItemId(items, category);
  const item: DraftItem = { key: `new:${id}`, id, phase, titleJa: '', titleEn: '', ownerRole: null, verified: false, help: undefined, isNew: true };
  const lastOfPhase = items.reduce((at, it, i) => (CASE_PHASES.indexOf(it.phase) <= CASE_PHASES.indexOf(phase) ? i : at), -1);
  const next = [...items];
  next.splice(lastOfPhase + 1, 0, item);
  return { items: next, item };
}

/** The items of each phase in phase order, with their place in the whole list (1-based numbers for the screen). */
export function byPhase(items: readonly DraftItem[]): { phase: CasePhase; items: { item: DraftItem; index: number; number: number }[] }[] {
  const ordered = itemsInPhaseOrder(items);
  const numberOf = new Map(ordered.map((it, i) => [it.key, i + 1]));
  return CASE_PHASES.map((phase) => ({
    phase,
    items: items.flatMap((item, index) => (item.phase === phase ? [{ item, index, number: numberOf.get(item.key) ?? index + 1 }] : [])),
  }));
}

/** Moves an item before the previous (-1) or after the next (+1) item of the same phase; null when it cannot move. */
export function moveInPhase(items: readonly DraftItem[], index: number, delta: -1 | 1): DraftItem[] | null {
  const item = items[index];
  if (!item) return null;
  let j = index + delta;
  while (j >= 0 && j < items.length && items[j]!.phase !== item.phase) j += delta;
  if (j < 0 || j >= items.length) return null;
  const next = [...items];
  next[index] = items[j]!;
  next[j] = item;
  return next;
}

/** Puts an item into another phase, as the last of that phase. */
export function changePhase(items: readonly DraftItem[], index: number, phase: CasePhase): DraftItem[] {
  const item = items[index];
  if (!item || item.phase === phase) return [...items];
  const rest = items.filter((_, i) => i !== index);
  return addAt(rest, { ...item, phase });
}

function addAt(items: readonly DraftItem[], item: DraftItem): DraftItem[] {
  const lastOfPhase = items.reduce((at, it, i) => (CASE_PHASES.indexOf(it.phase) <= CASE_PHASES.indexOf(item.phase) ? i : at), -1);
  const next = [...items];
  next.splice(lastOfPhase + 1, 0, item);
  return next;
}

export type ItemErrorKey = 'required' | 'tooLong';
export type ItemErrors = Partial<Record<'titleJa' | 'titleEn', ItemErrorKey>>;

/** Field errors of the items by key: a title in at least one language, none over the limit. */
export function itemErrors(items: readonly DraftItem[]): Record<string, ItemErrors> {
  const out: Record<string, ItemErrors> = {};
  for (const it of items) {
    const e: ItemErrors = {};
    if (!it.titleJa.trim() && !it.titleEn.trim()) e.titleJa = 'required';
    if (it.titleJa.trim().length > PLAYBOOK_LIMITS.titleChars) e.titleJa = 'tooLong';
    if (it.titleEn.trim().length > PLAYBOOK_LIMITS.titleChars) e.titleEn = 'tooLong';
    if (Object.keys(e).length > 0) out[it.key] = e;
  }
  return out;
}

/** The definition to save: the one it started from with the edited items (a missing language takes the other's text). */
export function definitionWith(base: PlaybookDefinition, items: readonly DraftItem[]): PlaybookDefinition {
  return {
    ...base,
    items: itemsInPhaseOrder(items).map((it) => {
      const ja = it.titleJa.trim() || it.titleEn.trim();
      const en = it.titleEn.trim() || ja;
      return {
        id: it.id,
        phase: it.phase,
        title: { ja, en },
        ...(it.help ? { help: it.help } : {}),
        ownerRole: it.ownerRole,
        verified: it.verified,
      };
    }),
  };
}

/** Whether the edited items differ from the saved definition. */
export function itemsChanged(base: Pick<PlaybookDefinition, 'items'>, items: readonly DraftItem[]): boolean {
  const a = draftItems(base);
  const b = itemsInPhaseOrder(items);
  if (a.length !== b.length) return true;
  return a.some((x, i) => {
    const y = b[i]!;
    return x.id !== y.id || x.phase !== y.phase || x.titleJa !== y.titleJa.trim() || x.titleEn !== (y.titleEn.trim() || y.titleJa.trim()) || x.ownerRole !== y.ownerRole;
  });
}

/**
 * Server issues of a save (`definition.items.3.title.ja` …) placed at the items that were sent (`sent` = the items in
 * the order of the saved definition): per item key the field and the message code; what names no item is general.
 */
export function issuesByItem(issues: readonly FieldIssue[], sent: readonly DraftItem[]): { items: Record<string, { field: 'titleJa' | 'titleEn' | 'item'; code: string }[]>; general: string[] } {
  const items: Record<string, { field: 'titleJa' | 'titleEn' | 'item'; code: string }[]> = {};
  const general: string[] = [];
  for (const issue of issues) {
    const path = issue.path.replace(/^(body)\.?/, '');
    const m = /^definition\.items\.(\d+)(?:\.(.*))?$/.exec(path);
    const item = m ? sent[Number(m[1])] : undefined;
    if (!m || !item) {
      general.push(issue.message);
      continue;
    }
    const rest = m[2] ?? '';
    const field = rest === 'title.ja' ? 'titleJa' : rest === 'title.en' ? 'titleEn' : 'item';
    (items[item.key] ??= []).push({ field, code: issue.message });
  }
  return { items, general };
}
