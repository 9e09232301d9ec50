import { describe, expect, it } from 'vitest';
import i18n from '../../i18n/index.ts';
import { ApiError } from '../../api/client.ts';
import { assetApiQuery, assetFiltersFromParams, ledgerFieldErrors } from './ledger.ts';

const t = i18n.getFixedT('ja');
const tEn = i18n.getFixedT('en');

describe('ledger API issues → form fields', () => {
  const values = { name: 'FW', ips: ['10.0.0.1', '192.168.1.300'], macs: [], cpe: '', assetTag: 'A-1', endOfSupport: '' };

  it('names the offending item of a list and says what is wrong in Japanese', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', '', [{ path: 'body.ips.1', message: 'invalid_ip' }]);
    expect(ledgerFieldErrors(e, t, values)).toEqual({ ips: '「192.168.1.300」: IPアドレスの形式が正しくありません（例: 192.168.1.10）。' });
    expect(ledgerFieldErrors(e, tEn, values).ips).toContain('192.168.1.300');
  });

  it('maps single-field keys, conflicts and leaves unknown fields out', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', '', [
      { path: 'body.cpe', message: 'invalid_cpe' },
      { path: 'body.endOfSupport', message: 'invalid_date' },
      { path: 'body.nope', message: 'invalid' },
    ]);
    const out = ledgerFieldErrors(e, t, values);
    expect(Object.keys(out).sort()).toEqual(['cpe', 'endOfSupport']);
    expect(out.cpe).toContain('CPE 2.3');
    const conflict = new ApiError(409, 'CONFLICT', '', [{ path: 'assetTag', message: 'A-1' }]);
    expect(ledgerFieldErrors(conflict, t, values)).toEqual({ assetTag: 'この資産番号はすでに別の資産で使われています。' });
    expect(ledgerFieldErrors(new Error('x'), t, values)).toEqual({});
  });

  it('joins several problems of one list', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', '', [
      { path: 'cidrs.0', message: 'invalid_cidr' },
      { path: 'cidrs.1', message: 'cidr_host_bits_set' },
    ]);
    const out = ledgerFieldErrors(e, t, { cidrs: ['10.0.0.0/33', '10.1.2.3/16'] });
    expect(out.cidrs).toContain('「10.0.0.0/33」');
    expect(out.cidrs).toContain('「10.1.2.3/16」');
  });
});

describe('asset filters in the URL', () => {
  it('keeps known values and drops the rest', () => {
    const f = assetFiltersFromParams(new URLSearchParams('q=fw&type=firewall&criticality=9&flag=unknown_version&patientData=true&sort=-criticality&page=3&exposure=x'));
    expect(f).toMatchObject({ q: 'fw', type: 'firewall', criticality: '', flag: 'unknown_version', patientData: 'true', sort: '-criticality', page: 3, exposure: '' });
    expect(assetApiQuery(f)).toMatchObject({ q: 'fw', type: 'firewall', holdsPatientData: 'true', sort: '-criticality', page: 3, pageSize: 50, criticality: undefined });
    expect(assetFiltersFromParams(new URLSearchParams('sort=bogus&page=-2'))).toMatchObject({ sort: 'name', page: 1 });
  });
});
