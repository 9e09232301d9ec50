import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ZContactEntryInput, ZContactEntryUpdate, type ContactEntryDto } from '../../../shared/contracts/contacts.contract.ts';
import {
  callChain,
  chainIds,
  contactDraftErrors,
  draftFromEntry,
  draftToInput,
  emptyDraft,
  entryName,
  externalGroups,
  externalOrderAfterMove,
  issueDraftField,
  kindsForSide,
  move,
  telHref,
  withOrder,
} from './contacts.ts';

let seq = 0;
function entry(over: Partial<ContactEntryDto> = {}): ContactEntryDto {
  seq += 1;
  return {
    id: `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    side: 'internal',
    kind: 'executive',
    position: seq,
    roleLabel: 'Role',
    name: null,
    organization: null,
    user: null,
    vendor: null,
    vendorContactId: null,
    phone: null,
    phoneAlt: null,
    email: null,
    availability: null,
    deputyForId: null,
    notes: null,
    updatedAt: '2026-11-28T00:00:00.000Z',
    ...over,
  };
}

describe('contact chart helpers', () => {
  it('tel: links keep digits, + and dial tones; nothing for a number without digits', () => {
    expect(telHref('03-1234-5678')).toBe('tel:0312345678');
    expect(telHref('+81 (3) 1234 5678')).toBe('tel:+81312345678');
    expect(telHref('0120-00-1111 #2')).toBe('tel:0120001111%232');
    expect(telHref('  ')).toBeNull();
    expect(telHref(null)).toBeNull();
  });

  it('names an entry by person, else organisation, else role', () => {
    expect(entryName({ name: 'Hanako', organization: 'X', roleLabel: 'R' })).toBe('Hanako');
    expect(entryName({ name: null, organization: 'X', roleLabel: 'R' })).toBe('X');
    expect(entryName({ name: ' ', organization: null, roleLabel: 'R' })).toBe('R');
  });

  it('the call chain nests deputies under their principal, in call order; a dangling deputy stays a link', () => {
    const a = entry({ position: 1 });
    const b = entry({ position: 2 });
    const aDep = entry({ position: 3, deputyForId: a.id });
    const dangling = entry({ position: 4, deputyForId: '00000000-0000-7000-8000-999999999999' });
    const chain = callChain([dangling, aDep, b, a]);
    expect(chain.map((l) => l.entry.id)).toEqual([a.id, b.id, dangling.id]);
    expect(chain[0]!.deputies.map((d) => d.id)).toEqual([aDep.id]);
    expect(chainIds(chain)).toEqual([a.id, aDep.id, b.id, dangling.id]);
    // Moving a principal down takes its deputy along.
    expect(chainIds(move(chain, 0, 1))).toEqual([b.id, a.id, aDep.id, dangling.id]);
  });

  it('chainIds always lists every entry exactly once (whatever the deputy links)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 8 }), { minLength: 1, maxLength: 9 }), fc.array(fc.option(fc.nat({ max: 8 })), { minLength: 9, maxLength: 9 }), (positions, links) => {
        const es = positions.map((p) => entry({ position: p }));
        const withLinks = es.map((e, i) => ({ ...e, deputyForId: typeof links[i] === 'number' ? (es[links[i]!]?.id ?? null) : null }));
        const ids = chainIds(callChain(withLinks));
        expect([...ids].sort()).toEqual(withLinks.map((e) => e.id).sort());
      }),
    );
  });

  it('external parties are grouped in the chart kind order and reordered within their group', () => {
    const police = entry({ side: 'external', kind: 'police', position: 1 });
    const v1 = entry({ side: 'external', kind: 'vendor', position: 2 });
    const mhlw = entry({ side: 'external', kind: 'mhlw', position: 3 });
    const v2 = entry({ side: 'external', kind: 'vendor', position: 4 });
    const groups = externalGroups([police, v1, mhlw, v2]);
    expect(groups.map((g) => g.kind)).toEqual(['vendor', 'mhlw', 'police']);
    expect(groups[0]!.entries.map((e) => e.id)).toEqual([v1.id, v2.id]);
    expect(externalOrderAfterMove(groups, 'vendor', 1, -1)).toEqual([v2.id, v1.id, mhlw.id, police.id]);
  });

  it('move does nothing past either end', () => {
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
    expect(move([1, 2, 3], 1, 1)).toEqual([1, 3, 2]);
  });

  it('withOrder puts one side in the given order (optimistic update)', () => {
    const a = entry({ position: 1 });
    const b = entry({ position: 2 });
    const chart = { facilityId: 'f', facilityName: 'F', internal: [a, b], external: [], version: 'v', updatedAt: null, vendorSuggestions: [], completeness: { complete: false, reasons: [] } };
    expect(withOrder(chart, 'internal', [b.id, a.id]).internal.map((e) => e.id)).toEqual([b.id, a.id]);
  });
});

describe('the contact form draft', () => {
  it('checks role, kind of the side, phones and email before sending', () => {
    const d = { ...emptyDraft('internal'), roleLabel: ' ', phone: '03-1234-5678', phoneAlt: 'call me', email: 'nope', kind: 'police' as const };
    expect(contactDraftErrors(d)).toEqual({ roleLabel: 'roleLabel', kind: 'kind', phoneAlt: 'phone', email: 'email' });
    expect(contactDraftErrors({ ...emptyDraft('external'), roleLabel: 'Police', kind: 'police' })).toEqual({ phone: 'phone_or_email_required' });
    expect(contactDraftErrors({ ...emptyDraft('external'), roleLabel: 'Police', kind: 'police', phone: '110' })).toEqual({});
    expect(kindsForSide('internal')).toContain('security_manager');
    expect(kindsForSide('external')).toContain('mhlw');
  });

  it('sends what the contract accepts: empty text as null, user and deputy inside only, a vendor only for kind vendor', () => {
    const inside = { ...emptyDraft('internal'), roleLabel: ' Director ', name: 'Taro', userId: '00000000-0000-7000-8000-000000000001', vendorId: '00000000-0000-7000-8000-000000000002' };
    const body = draftToInput(inside);
    expect(body).toMatchObject({ roleLabel: 'Director', name: 'Taro', organization: null, userId: inside.userId, vendorId: null });
    expect(ZContactEntryInput.safeParse({ ...body, side: 'internal' }).success).toBe(true);
    const outside = { ...emptyDraft('external'), kind: 'mhlw' as const, roleLabel: 'MHLW', userId: inside.userId, deputyForId: inside.userId, vendorId: inside.vendorId };
    const out = draftToInput(outside);
    expect(out).toMatchObject({ userId: null, deputyForId: null, vendorId: null, vendorContactId: null });
    expect(ZContactEntryUpdate.safeParse({ ...out, expectedUpdatedAt: '2026-11-28T00:00:00.000Z' }).success).toBe(true);
  });

  it('an entry becomes a draft and back without loss', () => {
    const e = entry({ side: 'external', kind: 'vendor', roleLabel: 'EHR desk', name: 'Sato', vendor: { id: '00000000-0000-7000-8000-00000000000a', name: 'V' }, vendorContactId: '00000000-0000-7000-8000-00000000000b', phone: '0120-000-111', email: 's@v.example.jp', availability: '24h' });
    const body = draftToInput(draftFromEntry(e));
    expect(body).toMatchObject({ kind: 'vendor', roleLabel: 'EHR desk', name: 'Sato', vendorId: e.vendor!.id, vendorContactId: e.vendorContactId, phone: e.phone, email: e.email, availability: '24h' });
  });

  it('maps server issue paths to form fields', () => {
    expect(issueDraftField('body.phone')).toBe('phone');
    expect(issueDraftField('deputyForId')).toBe('deputyForId');
    expect(issueDraftField('body.ids.0')).toBeNull();
  });
});
