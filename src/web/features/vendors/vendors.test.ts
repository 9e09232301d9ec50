import { describe, expect, it } from 'vitest';
import i18n from '../../i18n/index.ts';
import { ApiError } from '../../api/client.ts';
import { issueTextsFor, vendorFieldErrors } from './vendors.ts';

const t = i18n.getFixedT('ja');

describe('vendor API issues → form fields', () => {
  const values = { name: '', phone: '', email: '', notes: '' };

  it('words vendor issue codes, too-long values and leaves unknown fields out', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', '', [
      { path: 'body.phone', message: 'invalid_phone' },
      { path: 'body.email', message: 'invalid_email' },
      { path: 'body.notes', message: 'too_big' },
      { path: 'body.nope', message: 'invalid' },
    ]);
    expect(vendorFieldErrors(e, t, values)).toEqual({
      phone: t('vendors.issues.invalid_phone'),
      email: t('vendors.issues.invalid_email'),
      notes: t('ledger.issues.tooLong'),
    });
  });

  it('reads a conflict as the duplicate name; IN_USE and non-API errors map to no field', () => {
    expect(vendorFieldErrors(new ApiError(409, 'CONFLICT', '', [{ path: 'name', message: 'x' }]), t, values)).toEqual({ name: t('vendors.issues.duplicateName') });
    expect(vendorFieldErrors(new ApiError(409, 'IN_USE', '', [{ path: 'name', message: 'x' }]), t, values)).toEqual({});
    expect(vendorFieldErrors(new Error('x'), t, values)).toEqual({});
  });

  it('gives the issues of one field', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', '', [{ path: 'body.userIds.0', message: 'not_vendor_user' }]);
    expect(issueTextsFor(e, t, 'userIds')).toBe(t('vendors.issues.not_vendor_user'));
    expect(issueTextsFor(e, t, 'name')).toBeNull();
  });
});
