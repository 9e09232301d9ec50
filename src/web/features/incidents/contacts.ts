import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, isApiError } from '../../api/client.ts';
import { CONTACT_KIND_LABELS, EXTERNAL_CONTACT_KINDS, INTERNAL_CONTACT_KINDS, type ContactKind, type ContactSide } from '../../../shared/incidents/contacts.ts';
import type { ContactChartDto, ContactEntryDto } from '../../../shared/contracts/contacts.contract.ts';
import type { Locale } from '../../../shared/errors.ts';

export const CONTACTS_KEY = ['contacts'] as const;

const enc = encodeURIComponent;
export const contactPath = {
  chart: (facilityId: string) => `/facilities/${enc(facilityId)}/contact-chart`,
  entries: (facilityId: string) => `/facilities/${enc(facilityId)}/contact-chart/entries`,
  order: (facilityId: string) => `/facilities/${enc(facilityId)}/contact-chart/order`,
  entry: (id: string) => `/contact-entries/${enc(id)}`,
  export: (facilityId: string, format: 'pdf' | 'html', lang: Locale) => apiUrl(`/facilities/${enc(facilityId)}/contact-chart/export`, { format, lang }),
};

// --- queries ------------------------------------------------------------------------------------

export function useContactChart(facilityId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...CONTACTS_KEY, facilityId],
    queryFn: ({ signal }) => api.get<ContactChartDto>(contactPath.chart(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
    retry: (count, e) => !(isApiError(e) && (e.status === 404 || e.status === 403)) && count < 2,
  });
}

/** After any write: the chart (its version, completeness, suggestions) and the checklist's auto-evaluation change. */
export function useContactsChanged() {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: CONTACTS_KEY });
    void qc.invalidateQueries({ queryKey: ['assessments'] });
  };
}

// --- pure helpers (tested in contacts.test.ts) --------------------------------------------------

/** The kinds one side offers, in the chart's order. External `other` and internal `other` are the same value. */
export function kindsForSide(side: ContactSide): readonly ContactKind[] {
  return side === 'internal' ? INTERNAL_CONTACT_KINDS : EXTERNAL_CONTACT_KINDS;
}

export function kindLabel(kind: ContactKind, locale: Locale): string {
  return CONTACT_KIND_LABELS[kind][locale];
}

/** What names an entry in a sentence: the person or organisation, else the role. */
export function entryName(e: Pick<ContactEntryDto, 'name' | 'organization' | 'roleLabel'>): string {
  return e.name?.trim() || e.organization?.trim() || e.roleLabel;
}

/** A `tel:` link for a written number (digits, +, # and * kept; # and * are dial tones, # escaped), or null. */
export function telHref(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^0-9+#*]/g, '');
  if (!/[0-9]/.test(digits)) return null;
  return `tel:${digits.replace(/#/g, '%23')}`;
}

export interface ChainLink {
  entry: ContactEntryDto;
  /** Entries standing in for this one (deputies), in call order. */
  deputies: ContactEntryDto[];
}

/**
 * The internal call chain: entries in call order, each with its deputies under it. A deputy whose principal is not a
 * principal itself (missing, or a deputy of a deputy) stays in the chain as a link of its own.
 */
export function callChain(entries: readonly ContactEntryDto[]): ChainLink[] {
  const sorted = [...entries].sort((a, b) => a.position - b.position);
  const ids = new Set(sorted.map((e) => e.id));
  const byId = new Map(sorted.map((e) => [e.id, e]));
  const isNested = (e: ContactEntryDto) => {
    if (!e.deputyForId || e.deputyForId === e.id || !ids.has(e.deputyForId)) return false;
    const principal = byId.get(e.deputyForId);
    return !principal?.deputyForId || !ids.has(principal.deputyForId);
  };
  const links: ChainLink[] = sorted.filter((e) => !isNested(e)).map((entry) => ({ entry, deputies: [] }));
  const linkOf = new Map(links.map((l) => [l.entry.id, l]));
  for (const e of sorted) if (isNested(e)) linkOf.get(e.deputyForId ?? '')?.deputies.push(e);
  return links;
}

/** Every entry id of a chain, first to last, principals each followed by their deputies (what the order request sends). */
export function chainIds(links: readonly ChainLink[]): string[] {
  return links.flatMap((l) => [l.entry.id, ...l.deputies.map((d) => d.id)]);
}

export interface KindGroup {
  kind: ContactKind;
  entries: ContactEntryDto[];
}

/** External parties grouped by kind in the chart's kind order (vendors, MHLW, prefecture …), call order within. */
export function externalGroups(entries: readonly ContactEntryDto[]): KindGroup[] {
  const sorted = [...entries].sort((a, b) => a.position - b.position);
  const order: readonly string[] = EXTERNAL_CONTACT_KINDS;
  const kinds = [...new Set(sorted.map((e) => e.kind))].sort((a, b) => rank(order, a) - rank(order, b));
  return kinds.map((kind) => ({ kind, entries: sorted.filter((e) => e.kind === kind) }));
}

const rank = (order: readonly string[], k: string) => (order.includes(k) ? order.indexOf(k) : order.length);

/** Moves the item at `index` one place up (-1) or down (+1); the same array when it cannot move. */
export function move<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [it] = next.splice(index, 1);
  next.splice(to, 0, it as T);
  return next;
}

/** The new order of the external side after moving one entry within its kind group. */
export function externalOrderAfterMove(groups: readonly KindGroup[], kind: ContactKind, index: number, delta: -1 | 1): string[] {
  return groups.flatMap((g) => (g.kind === kind ? move(g.entries, index, delta) : g.entries).map((e) => e.id));
}

/** The chart with one side's entries put in the given order (optimistic update while the order is saved). */
export function withOrder(chart: ContactChartDto, side: ContactSide, ids: readonly string[]): ContactChartDto {
  const list = side === 'internal' ? chart.internal : chart.external;
  const pos = new Map(ids.map((id, i) => [id, i + 1]));
  const next = list.map((e) => ({ ...e, position: pos.get(e.id) ?? e.position })).sort((a, b) => a.position - b.position);
  return side === 'internal' ? { ...chart, internal: next } : { ...chart, external: next };
}

// --- the form's draft ---------------------------------------------------------------------------

export interface ContactDraft {
  side: ContactSide;
  kind: ContactKind;
  roleLabel: string;
  name: string;
  organization: string;
  userId: string;
  vendorId: string;
  vendorContactId: string;
  phone: string;
  phoneAlt: string;
  email: string;
  availability: string;
  deputyForId: string;
  notes: string;
}

export type ContactDraftField = keyof ContactDraft;

export function emptyDraft(side: ContactSide = 'internal'): ContactDraft {
  return {
    side,
    kind: side === 'internal' ? 'executive' : 'vendor',
    roleLabel: '',
    name: '',
    organization: '',
    userId: '',
    vendorId: '',
    vendorContactId: '',
    phone: '',
    phoneAlt: '',
    email: '',
    availability: '',
    deputyForId: '',
    notes: '',
  };
}

export function draftFromEntry(e: ContactEntryDto): ContactDraft {
  return {
    side: e.side,
    kind: e.kind,
    roleLabel: e.roleLabel,
    name: e.name ?? '',
    organization: e.organization ?? '',
    userId: e.user?.id ?? '',
    vendorId: e.vendor?.id ?? '',
    vendorContactId: e.vendorContactId ?? '',
    phone: e.phone ?? '',
    phoneAlt: e.phoneAlt ?? '',
    email: e.email ?? '',
    availability: e.availability ?? '',
    deputyForId: e.deputyForId ?? '',
    notes: e.notes ?? '',
  };
}

const PHONE = /^[0-9+()\-\s#*]*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with a draft before it is sent (the server checks again), by field: the key under form.errors. */
export type DraftErrorKey = 'roleLabel' | 'phone' | 'email' | 'kind' | 'tooLong' | 'phone_or_email_required';
export function contactDraftErrors(d: ContactDraft): Partial<Record<ContactDraftField, DraftErrorKey>> {
  const out: Partial<Record<ContactDraftField, DraftErrorKey>> = {};
  if (!d.roleLabel.trim() || d.roleLabel.trim().length > 200) out.roleLabel = 'roleLabel';
  if (!(kindsForSide(d.side) as readonly string[]).includes(d.kind)) out.kind = 'kind';
  for (const f of ['phone', 'phoneAlt'] as const) if (!PHONE.test(d[f].trim()) || d[f].trim().length > 40) out[f] = 'phone';
  if (!d.phone.trim() && !d.email.trim()) out.phone = 'phone_or_email_required';
  if (d.email.trim() && (!EMAIL.test(d.email.trim()) || d.email.trim().length > 254)) out.email = 'email';
  for (const f of ['name', 'organization', 'availability'] as const) if (d[f].trim().length > 200) out[f] = 'tooLong';
  if (d.notes.length > 2000) out.notes = 'tooLong';
  return out;
}

/**
 * The request body of a draft: empty text is null; a user and a deputy only inside the hospital; a ledger vendor only
 * for an external party of kind vendor.
 */
export function draftToInput(d: ContactDraft) {
  const text = (v: string) => v.trim() || null;
  const internal = d.side === 'internal';
  const vendor = !internal && d.kind === 'vendor';
  return {
    kind: d.kind,
    roleLabel: d.roleLabel.trim(),
    name: text(d.name),
    organization: text(d.organization),
    userId: internal ? d.userId || null : null,
    vendorId: vendor ? d.vendorId || null : null,
    vendorContactId: vendor && d.vendorId ? d.vendorContactId || null : null,
    phone: text(d.phone),
    phoneAlt: text(d.phoneAlt),
    email: text(d.email),
    availability: text(d.availability),
    deputyForId: internal ? d.deputyForId || null : null,
    notes: d.notes.trim() ? d.notes : null,
  };
}

/** The form field a server issue path names (`body.phone` → phone; `userId` → userId), or null. */
export function issueDraftField(path: string): ContactDraftField | null {
  const field = path.replace(/^(body|query|params|querystring)\.?/, '').split('.')[0] ?? '';
  const known: readonly string[] = Object.keys(emptyDraft());
  return known.includes(field) ? (field as ContactDraftField) : null;
}
