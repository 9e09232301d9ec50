import { describe, expect, it } from 'vitest';
import i18n from '../../i18n/index.ts';
import { ApiError } from '../../api/client.ts';
import { connectionApiQuery, connectionFieldErrors, connectionFiltersFromParams, expiryState, sortWeekdays } from './connections.ts';

const t = i18n.getFixedT('ja');
const tEn = i18n.getFixedT('en');

describe('connection list filters in the URL', () => {
  it('keeps known values, drops unknown ones, and shows live lines by default', () => {
    const f = connectionFiltersFromParams(new URLSearchParams('q=PACS&status=active&kind=vpn&flag=no_auth&sort=-expiresOn&page=3&vendorId=../x'));
    expect(f).toEqual({ q: 'PACS', status: 'active', kind: '', vendorId: '', flag: 'no_auth', live: true, sort: '-expiresOn', page: 3 });
    expect(connectionApiQuery(f)).toEqual({ q: 'PACS', status: 'active', kind: undefined, vendorId: undefined, flag: 'no_auth', live: 'true', sort: '-expiresOn', page: 3, pageSize: 50 });
  });

  it('all=1, or asking for rejected / retired lines, turns the live-only filter off', () => {
    expect(connectionFiltersFromParams(new URLSearchParams('all=1')).live).toBe(false);
    expect(connectionFiltersFromParams(new URLSearchParams('status=retired')).live).toBe(false);
    expect(connectionApiQuery(connectionFiltersFromParams(new URLSearchParams('status=rejected'))).live).toBeUndefined();
    expect(connectionFiltersFromParams(new URLSearchParams('sort=bogus&page=-4'))).toMatchObject({ sort: 'name', page: 1 });
  });
});

describe('approval expiry', () => {
  const today = '2026-11-24';
  it('marks a past approval, one ending within 30 days (with the days left), and leaves the rest alone', () => {
    expect(expiryState({ status: 'active', expiresOn: '2026-11-23' }, today)).toEqual({ kind: 'past' });
    expect(expiryState({ status: 'expired', expiresOn: '2026-10-01' }, today)).toEqual({ kind: 'past' });
    expect(expiryState({ status: 'active', expiresOn: today }, today)).toEqual({ kind: 'soon', days: 0 });
    expect(expiryState({ status: 'approved', expiresOn: '2026-12-24' }, today)).toEqual({ kind: 'soon', days: 30 });
    expect(expiryState({ status: 'active', expiresOn: '2026-12-25' }, today)).toEqual({ kind: 'ok' });
    expect(expiryState({ status: 'retired', expiresOn: '2026-01-01' }, today)).toEqual({ kind: 'ok' });
    expect(expiryState({ status: 'requested', expiresOn: null }, today)).toEqual({ kind: 'none' });
  });

  it('orders weekdays Monday first', () => {
    expect(sortWeekdays(['sun', 'wed', 'mon'])).toEqual(['mon', 'wed', 'sun']);
  });
});

describe('connection API issues → form fields', () => {
  const values = { name: 'x', vendorId: '', targetAssetIds: ['a', 'b'], allowedFrom: '09:00', allowedTo: '', comment: '' };

  it('translates the service codes onto the fields, one message per field', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', '', [
      { path: 'targetAssetIds.1', message: 'unknown_asset' },
      { path: 'targetAssetIds.0', message: 'unknown_asset' },
      { path: 'allowedTo', message: 'time_range_incomplete' },
      { path: 'body.vendorId', message: 'unknown_vendor' },
      { path: 'nope', message: 'required' },
    ]);
    expect(connectionFieldErrors(e, t, values)).toEqual({
      targetAssetIds: 'この資産は見つかりません。選び直してください。',
      allowedTo: '開始と終了の両方を入力するか、両方とも空欄にしてください。',
      vendorId: 'この委託事業者は見つかりません。選び直してください。',
    });
    expect(connectionFieldErrors(e, tEn, values).vendorId).toBe('This vendor was not found. Choose again.');
  });

  it('maps renamed fields and ignores errors that are not API errors', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', '', [{ path: 'body.expiresOn', message: 'expires_before_today' }]);
    expect(connectionFieldErrors(e, t, { date: '' }, { expiresOn: 'date' })).toEqual({ date: '承認期限には今日以降の日付を入力してください。' });
    expect(connectionFieldErrors(new Error('x'), t, values)).toEqual({});
  });
});
