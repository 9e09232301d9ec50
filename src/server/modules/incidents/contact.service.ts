import type { ReasonText } from '../../../shared/assessments/types.ts';
import { AppError, type FieldIssue } from '../../../shared/errors.ts';
import { EXTERNAL_CONTACT_KINDS, INTERNAL_CONTACT_KINDS, type ContactSide } from '../../../shared/incidents/contacts.ts';
import { can, PERMISSIONS, reachesFacility, type FacilityPermission } from '../../../shared/policy.ts';
import type { z } from 'zod';
import type { ContactEntryInput, ZContactEntryUpdate, ZContactOrder } from '../../../shared/contracts/contacts.contract.ts';
import type { Caller, Deps } from '../../context.ts';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../../audit/audit.service.ts';
import { newId, sha256Hex } from '../../lib/ids.ts';
import { failValidation as invalid } from '../../lib/validation.ts';
import { contactChartVerdict } from '../assessments/rules/index.ts';
import { findFacilityById } from '../facilities/index.ts';
import { supplyingVendorFacts } from '../vendors/index.ts';
import * as repo from './contact.repository.ts';

export type { ContactEntry } from './contact.repository.ts';
export type ContactEntryUpdate = z.infer<typeof ZContactEntryUpdate>;
export type ContactOrder = z.infer<typeof ZContactOrder>;

/**
 * 連絡体制図 (the contact chart, checklist 3(1)): who is called, in which order. Reads need contacts.read (every
 * facility role but vendor), writes contacts.write (the security manager). Every write is validated, done and audited
 * (entity `contact_entry`) in one transaction; positions stay dense (1..n) per side.
 */

export interface VendorSuggestion {
  vendorId: string;
  vendorName: string;
  contact: { id: string; name: string; phone: string | null; email: string | null } | null;
}

export interface ContactChartView {
  facilityId: string;
  facilityName: string;
  facilityCode: string;
  internal: repo.ContactEntry[];
  external: repo.ContactEntry[];
  version: string;
  updatedAt: string | null;
  vendorSuggestions: VendorSuggestion[];
  completeness: { complete: boolean; reasons: ReasonText[] };
}

// --- authorization ------------------------------------------------------------------------------

/**
 * A facility the caller does not reach → NOT_FOUND; reached without the permission → FORBIDDEN (TOKEN_SCOPE when a
 * token lacks the scope). Returns the facility.
 */
async function authorize(deps: Deps, caller: Caller, facilityId: string, permission: FacilityPermission): Promise<{ id: string; name: string; code: string }> {
  const actor = caller.actor;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!reachesFacility(actor, facilityId)) throw new AppError('NOT_FOUND');
  if (!can(actor, permission, facilityId)) {
    const lacksScope = actor.token !== undefined && !actor.token.scopes.includes(PERMISSIONS[permission].scope);
    throw new AppError(lacksScope ? 'TOKEN_SCOPE' : 'FORBIDDEN');
  }
  const facility = await findFacilityById(deps.db, facilityId);
  if (!facility) throw new AppError('NOT_FOUND');
  return { id: facility.id, name: facility.name, code: facility.code };
}

/** An entry by id: NOT_FOUND unless the caller reaches its facility; then the permission there. */
async function authorizedEntry(deps: Deps, caller: Caller, id: string, permission: FacilityPermission): Promise<repo.ContactEntry> {
  if (!caller.actor) throw new AppError('UNAUTHENTICATED');
  const found = await repo.findEntryById(deps.db, id);
  if (!found || !reachesFacility(caller.actor, found.facilityId)) throw new AppError('NOT_FOUND');
  await authorize(deps, caller, found.facilityId, permission);
  return found;
}

// --- the chart ----------------------------------------------------------------------------------

/** What the version hashes: every printed field of every entry, in call order, without timestamps. */
function canonical(e: repo.ContactEntry) {
  return [
    e.id,
    e.side,
    e.kind,
    e.position,
    e.roleLabel,
    e.name,
    e.organization,
    e.userId,
    e.userName,
    e.vendorId,
    e.vendorName,
    e.vendorContactId,
    e.phone,
    e.phoneAlt,
    e.email,
    e.availability,
    e.deputyForId,
    e.notes,
  ];
}

/** First 12 hex digits of the SHA-256 of the chart's content: tells whether a paper copy is current. */
export function chartVersion(internal: readonly repo.ContactEntry[], external: readonly repo.ContactEntry[]): string {
  return sha256Hex(JSON.stringify({ internal: internal.map(canonical), external: external.map(canonical) })).slice(0, 12);
}

async function chartOf(db: Db, facility: { id: string; name: string; code: string }): Promise<ContactChartView> {
  const [entries, suppliers] = await Promise.all([repo.listEntries(db, facility.id), supplyingVendorFacts(db, facility.id)]);
  const internal = entries.filter((e) => e.side === 'internal');
  const external = entries.filter((e) => e.side === 'external');
  const verdict = contactChartVerdict(entries, suppliers);
  const emergency = await repo.firstEmergencyContacts(
    db,
    facility.id,
    verdict.missingVendors.map((v) => v.id),
  );
  const updatedAt = entries.reduce<string | null>((max, e) => (max === null || e.updatedAt > max ? e.updatedAt : max), null);
  return {
    facilityId: facility.id,
    facilityName: facility.name,
    facilityCode: facility.code,
    internal,
    external,
    version: chartVersion(internal, external),
    updatedAt,
    vendorSuggestions: verdict.missingVendors.map((v) => {
      const c = emergency.get(v.id);
      return { vendorId: v.id, vendorName: v.name, contact: c ? { id: c.id, name: c.name, phone: c.phone, email: c.email } : null };
    }),
    completeness: { complete: verdict.complete, reasons: verdict.reasons },
  };
}

export async function getContactChart(deps: Deps, caller: Caller, facilityId: string): Promise<ContactChartView> {
  const facility = await authorize(deps, caller, facilityId, 'contacts.read');
  return chartOf(deps.db, facility);
}

/** The chart without permission checks (export after authorization, the demo, tests). `db` may be a transaction. */
export async function contactChartOf(db: Db, facilityId: string): Promise<ContactChartView> {
  const facility = await findFacilityById(db, facilityId);
  if (!facility) throw new AppError('NOT_FOUND');
  return chartOf(db, { id: facility.id, name: facility.name, code: facility.code });
}

// --- validation ---------------------------------------------------------------------------------

const KINDS_OF: Record<ContactSide, readonly string[]> = { internal: INTERNAL_CONTACT_KINDS, external: EXTERNAL_CONTACT_KINDS };

const clean = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

/** An entry's stored fields as they would be after a write. */
interface Draft {
  side: ContactSide;
  kind: string;
  roleLabel: string;
  name: string | null;
  organization: string | null;
  userId: string | null;
  vendorId: string | null;
  vendorContactId: string | null;
  phone: string | null;
  phoneAlt: string | null;
  email: string | null;
  availability: string | null;
  deputyForId: string | null;
  notes: string | null;
}

/**
 * Checks a draft against the facility (stable message keys): the kind belongs to the side; a user holds a role in the
 * facility (internal side only); a vendor is a live vendor of the facility (external side only) and a vendor contact
 * one of that vendor's; a deputy is another internal entry of the facility without making a cycle; a phone or an email
 * (an outside party: or a note on where to confirm its number).
 */
async function validate(trx: Db, facilityId: string, d: Draft, selfId: string | null, changed: (field: keyof Draft) => boolean): Promise<void> {
  const issues: FieldIssue[] = [];
  if (!KINDS_OF[d.side].includes(d.kind)) issues.push({ path: 'kind', message: 'kind_not_of_side' });
  if (!d.roleLabel.trim()) issues.push({ path: 'roleLabel', message: 'required' });
  if (d.userId !== null && changed('userId')) {
    if (d.side !== 'internal') issues.push({ path: 'userId', message: 'internal_only' });
    else if (!(await repo.isFacilityMember(trx, facilityId, d.userId))) issues.push({ path: 'userId', message: 'unknown_user' });
  }
  if (d.vendorId !== null && changed('vendorId')) {
    if (d.side !== 'external') issues.push({ path: 'vendorId', message: 'external_only' });
    else if (!(await repo.findLiveVendor(trx, facilityId, d.vendorId))) issues.push({ path: 'vendorId', message: 'unknown_vendor' });
  }
  if (d.vendorContactId !== null && (changed('vendorContactId') || changed('vendorId'))) {
    const contact = await repo.findVendorContact(trx, facilityId, d.vendorContactId);
    if (!contact) issues.push({ path: 'vendorContactId', message: 'unknown_vendor_contact' });
    else if (d.vendorId === null) issues.push({ path: 'vendorId', message: 'required' });
    else if (contact.vendorId !== d.vendorId) issues.push({ path: 'vendorContactId', message: 'contact_of_other_vendor' });
  }
  if (d.deputyForId !== null && changed('deputyForId')) {
    if (d.side !== 'internal') issues.push({ path: 'deputyForId', message: 'internal_only' });
    else if (d.deputyForId === selfId) issues.push({ path: 'deputyForId', message: 'self' });
    else {
      const target = await repo.findEntry(trx, facilityId, d.deputyForId);
      if (!target || target.side !== 'internal') issues.push({ path: 'deputyForId', message: 'unknown_entry' });
      else if (selfId !== null && (await reachesSelf(trx, facilityId, target, selfId))) issues.push({ path: 'deputyForId', message: 'cycle' });
    }
  }
  // An outside party whose number is not known yet may instead carry a note on where to confirm it (厚労省の窓口 …).
  if (d.phone === null && d.email === null && !(d.side === 'external' && d.notes !== null)) issues.push({ path: 'phone', message: 'phone_or_email_required' });
  if (issues.length > 0) invalid(issues);
}

/** Whether following deputy links from `start` comes back to `selfId` (a cycle once self stands in for start). */
async function reachesSelf(trx: Db, facilityId: string, start: repo.ContactEntry, selfId: string): Promise<boolean> {
  const seen = new Set<string>();
  let at: repo.ContactEntry | undefined = start;
  while (at && at.deputyForId !== null && !seen.has(at.id)) {
    if (at.deputyForId === selfId) return true;
    seen.add(at.id);
    at = await repo.findEntry(trx, facilityId, at.deputyForId);
  }
  return false;
}

/** What the audit log keeps of an entry (its stored fields). */
function auditView(e: repo.ContactEntry) {
  return {
    id: e.id,
    side: e.side,
    kind: e.kind,
    position: e.position,
    roleLabel: e.roleLabel,
    name: e.name,
    organization: e.organization,
    userId: e.userId,
    vendorId: e.vendorId,
    vendorContactId: e.vendorContactId,
    phone: e.phone,
    phoneAlt: e.phoneAlt,
    email: e.email,
    availability: e.availability,
    deputyForId: e.deputyForId,
    notes: e.notes,
  };
}

/** Positions 1..n in the given order; writes only those that change. `touch` also moves updated_at of moved entries. */
async function renumber(trx: Db, facilityId: string, ordered: readonly repo.ContactEntry[], touch: string | null): Promise<void> {
  for (const [i, e] of ordered.entries()) {
    if (e.position === i + 1) continue;
    if (touch) await repo.updateEntry(trx, facilityId, e.id, { position: i + 1, updated_at: touch });
    else await repo.setPosition(trx, facilityId, e.id, i + 1);
  }
}

// --- writes -------------------------------------------------------------------------------------

/**
 * Validates and inserts an entry inside the caller's transaction, without permission checks (service, demo). With a
 * vendor contact and neither phone nor email given, the contact's phone, email (and name) are taken over.
 */
export async function insertContactEntryTx(deps: Deps, trx: Db, caller: Caller, facilityId: string, input: ContactEntryInput): Promise<repo.ContactEntry> {
  await repo.lockChart(trx, facilityId);
  const draft: Draft = {
    side: input.side,
    kind: input.kind,
    roleLabel: input.roleLabel.trim(),
    name: clean(input.name),
    organization: clean(input.organization),
    userId: input.userId ?? null,
    vendorId: input.vendorId ?? null,
    vendorContactId: input.vendorContactId ?? null,
    phone: clean(input.phone),
    phoneAlt: clean(input.phoneAlt),
    email: clean(input.email),
    availability: clean(input.availability),
    deputyForId: input.deputyForId ?? null,
    notes: clean(input.notes),
  };
  if (draft.vendorContactId !== null && draft.phone === null && draft.email === null) {
    const contact = await repo.findVendorContact(trx, facilityId, draft.vendorContactId);
    if (contact && contact.vendorId === draft.vendorId) {
      draft.phone = contact.phone;
      draft.email = contact.email;
      draft.name ??= contact.name;
    }
  }
  await validate(trx, facilityId, draft, null, () => true);
  const side = await repo.listSide(trx, facilityId, draft.side);
  const position = Math.min(input.position ?? side.length + 1, side.length + 1);
  // Make room: everyone from `position` on moves one down.
  for (const e of [...side].reverse()) if (e.position >= position) await repo.setPosition(trx, facilityId, e.id, e.position + 1);
  const now = deps.clock.now().toISOString();
  const id = newId();
  await repo.insertEntry(trx, {
    id,
    facility_id: facilityId,
    side: draft.side,
    kind: draft.kind,
    position,
    role_label: draft.roleLabel,
    name: draft.name,
    organization: draft.organization,
    user_id: draft.userId,
    vendor_id: draft.vendorId,
    vendor_contact_id: draft.vendorContactId,
    phone: draft.phone,
    phone_alt: draft.phoneAlt,
    email: draft.email,
    availability: draft.availability,
    deputy_for_id: draft.deputyForId,
    notes: draft.notes,
    created_at: now,
    updated_at: now,
  });
  const created = (await repo.findEntry(trx, facilityId, id))!;
  await recordAudit(deps, trx, caller, { facilityId, entityType: 'contact_entry', entityId: id, action: 'create', after: auditView(created) });
  return created;
}

export async function addContactEntry(deps: Deps, caller: Caller, facilityId: string, input: ContactEntryInput): Promise<repo.ContactEntry> {
  await authorize(deps, caller, facilityId, 'contacts.write');
  return deps.db.transaction().execute((trx) => insertContactEntryTx(deps, trx, caller, facilityId, input));
}

/** Changes an entry's fields (not its side or position). A stale expectedUpdatedAt → CONFLICT. */
export async function updateContactEntry(deps: Deps, caller: Caller, id: string, input: ContactEntryUpdate): Promise<repo.ContactEntry> {
  const found = await authorizedEntry(deps, caller, id, 'contacts.write');
  const facilityId = found.facilityId;
  return deps.db.transaction().execute(async (trx) => {
    await repo.lockChart(trx, facilityId);
    const before = await repo.findEntry(trx, facilityId, id);
    if (!before) throw new AppError('NOT_FOUND');
    if (input.expectedUpdatedAt !== undefined && input.expectedUpdatedAt !== before.updatedAt) {
      throw new AppError('CONFLICT', 'the contact entry was changed by someone else', { detail: { updatedAt: before.updatedAt } });
    }
    const pick = <T>(value: T | undefined, current: T): T => (value === undefined ? current : value);
    const text = (value: string | null | undefined, current: string | null): string | null => (value === undefined ? current : clean(value));
    const draft: Draft = {
      side: before.side,
      kind: pick(input.kind, before.kind),
      roleLabel: input.roleLabel === undefined ? before.roleLabel : input.roleLabel.trim(),
      name: text(input.name, before.name),
      organization: text(input.organization, before.organization),
      userId: pick(input.userId, before.userId),
      vendorId: pick(input.vendorId, before.vendorId),
      vendorContactId: pick(input.vendorContactId, before.vendorContactId),
      phone: text(input.phone, before.phone),
      phoneAlt: text(input.phoneAlt, before.phoneAlt),
      email: text(input.email, before.email),
      availability: text(input.availability, before.availability),
      deputyForId: pick(input.deputyForId, before.deputyForId),
      notes: text(input.notes, before.notes),
    };
    const current: Draft = { ...before };
    const changed = (f: keyof Draft) => draft[f] !== current[f];
    await validate(trx, facilityId, draft, id, changed);
    const columns: [keyof Draft, keyof repo.ContactEntryChanges][] = [
      ['kind', 'kind'],
      ['roleLabel', 'role_label'],
      ['name', 'name'],
      ['organization', 'organization'],
      ['userId', 'user_id'],
      ['vendorId', 'vendor_id'],
      ['vendorContactId', 'vendor_contact_id'],
      ['phone', 'phone'],
      ['phoneAlt', 'phone_alt'],
      ['email', 'email'],
      ['availability', 'availability'],
      ['deputyForId', 'deputy_for_id'],
      ['notes', 'notes'],
    ];
    const changes: Record<string, unknown> = {};
    for (const [field, column] of columns) if (changed(field)) changes[column] = draft[field];
    if (Object.keys(changes).length === 0) return before;
    await repo.updateEntry(trx, facilityId, id, { ...(changes as repo.ContactEntryChanges), updated_at: deps.clock.now().toISOString() });
    const after = (await repo.findEntry(trx, facilityId, id))!;
    await recordAudit(deps, trx, caller, { facilityId, entityType: 'contact_entry', entityId: id, action: 'update', before: auditView(before), after: auditView(after) });
    return after;
  });
}

/** Deletes an entry; entries that stood in for it lose their deputy link; the side's positions close up. */
export async function deleteContactEntry(deps: Deps, caller: Caller, id: string): Promise<void> {
  const found = await authorizedEntry(deps, caller, id, 'contacts.write');
  const facilityId = found.facilityId;
  await deps.db.transaction().execute(async (trx) => {
    await repo.lockChart(trx, facilityId);
    const before = await repo.findEntry(trx, facilityId, id);
    if (!before) throw new AppError('NOT_FOUND');
    const now = deps.clock.now().toISOString();
    const cleared = await repo.clearDeputyLinks(trx, facilityId, id, now);
    await repo.deleteEntry(trx, facilityId, id);
    await renumber(trx, facilityId, await repo.listSide(trx, facilityId, before.side), null);
    await recordAudit(deps, trx, caller, {
      facilityId,
      entityType: 'contact_entry',
      entityId: id,
      action: 'delete',
      before: auditView(before),
      ...(cleared.length > 0 && { after: { deputyLinksCleared: cleared } }),
    });
  });
}

/** A new call order of one side: `ids` must list exactly the side's entries, each once. */
export async function reorderContacts(deps: Deps, caller: Caller, facilityId: string, order: ContactOrder): Promise<ContactChartView> {
  const facility = await authorize(deps, caller, facilityId, 'contacts.write');
  return deps.db.transaction().execute(async (trx) => {
    await repo.lockChart(trx, facilityId);
    const side = await repo.listSide(trx, facilityId, order.side);
    const byId = new Map(side.map((e) => [e.id, e]));
    const exact = order.ids.length === side.length && new Set(order.ids).size === order.ids.length && order.ids.every((i) => byId.has(i));
    if (!exact) invalid([{ path: 'ids', message: 'must_list_side_exactly' }]);
    const before = side.map((e) => e.id);
    if (before.some((id, i) => order.ids[i] !== id)) {
      await renumber(
        trx,
        facilityId,
        order.ids.map((i) => byId.get(i)!),
        deps.clock.now().toISOString(),
      );
      await recordAudit(deps, trx, caller, { facilityId, entityType: 'contact_entry', entityId: null, action: 'reorder', before: { side: order.side, ids: before }, after: { side: order.side, ids: order.ids } });
    }
    return chartOf(trx, facility);
  });
}
