import { describe, expect, it } from 'vitest';
import {
  CONNECTION_ACTIONS,
  CONNECTION_STATUSES,
  CONNECTION_TRANSITIONS,
  canTransition,
  connectionFlags,
  defaultExpiry,
  isInternetFacing,
  isTimeOfDay,
  LIVE_CONNECTION_STATUSES,
  type ConnectionAction,
  type ConnectionFlagSubject,
  type ConnectionStatus,
} from './connections.ts';
import { addMonths } from './ledger.ts';

const TODAY = '2026-04-01';

/** A connection with nothing wrong: named accounts, MFA, credentials rotated last month, approval running. */
const base: ConnectionFlagSubject = {
  status: 'active',
  auth: 'mfa',
  accountMode: 'named',
  internetFacing: true,
  credentialsRotatedOn: '2026-03-01',
  expiresOn: '2027-03-31',
  entryDevice: { exposure: 'internet', endOfSupport: '2030-01-01' },
};

describe('connectionFlags', () => {
  it('raises nothing for a well-kept line', () => {
    expect(connectionFlags(base, TODAY)).toEqual([]);
  });

  it('raises each flag for its own reason', () => {
    const cases: [string, Partial<ConnectionFlagSubject>, string[]][] = [
      ['no authentication (nothing to rotate, no MFA from the internet)', { auth: 'none', credentialsRotatedOn: null }, ['no_auth', 'no_mfa_internet']],
      ['password from the internet', { auth: 'password' }, ['no_mfa_internet']],
      ['certificate only, internet-facing by the entry device', { auth: 'certificate', internetFacing: false }, ['no_mfa_internet']],
      ['password on an internal line', { auth: 'password', internetFacing: false, entryDevice: { exposure: 'vendor_line', endOfSupport: null } }, []],
      ['shared account', { accountMode: 'shared' }, ['shared_account']],
      ['credentials never rotated', { credentialsRotatedOn: null }, ['credentials_not_rotated']],
      ['credentials rotated 12 months and a day ago', { credentialsRotatedOn: '2025-03-31' }, ['credentials_not_rotated']],
      ['credentials rotated exactly 12 months ago', { credentialsRotatedOn: '2025-04-01' }, []],
      ['approval ran out yesterday, still active', { expiresOn: '2026-03-31' }, ['approval_expired_in_use']],
      ['approval runs out today', { expiresOn: TODAY }, []],
      ['expired status, not retired', { status: 'expired', expiresOn: '2026-01-31' }, ['approval_expired_in_use']],
      ['approved but not opened, approval ran out', { status: 'approved', expiresOn: '2026-03-31' }, []],
      ['entry device past end of support', { entryDevice: { exposure: 'internal', endOfSupport: '2026-03-31' } }, ['entry_device_eos']],
      ['entry device support ends today', { entryDevice: { exposure: 'internal', endOfSupport: TODAY } }, []],
      ['no entry device in the ledger', { entryDevice: null, internetFacing: false }, []],
      ['known-exploited vulnerability on the entry device', { entryDeviceKev: true }, ['entry_device_kev']],
    ];
    for (const [what, patch, flags] of cases) expect(connectionFlags({ ...base, ...patch }, TODAY), what).toEqual(flags);
  });

  it('lists every flag in a fixed order when everything is wrong', () => {
    const worst: ConnectionFlagSubject = {
      status: 'expired',
      auth: 'none',
      accountMode: 'shared',
      internetFacing: true,
      credentialsRotatedOn: null,
      expiresOn: '2025-12-31',
      entryDevice: { exposure: 'internet', endOfSupport: '2024-09-29' },
      entryDeviceKev: true,
    };
    expect(connectionFlags(worst, TODAY)).toEqual(['no_auth', 'no_mfa_internet', 'shared_account', 'approval_expired_in_use', 'entry_device_eos', 'entry_device_kev']);
    expect(connectionFlags({ ...worst, auth: 'password' }, TODAY)).toContain('credentials_not_rotated');
  });

  it('raises nothing on rejected and retired lines', () => {
    const worst: ConnectionFlagSubject = { ...base, auth: 'none', accountMode: 'shared', entryDeviceKev: true };
    for (const status of CONNECTION_STATUSES) {
      const flags = connectionFlags({ ...worst, status }, TODAY);
      if (LIVE_CONNECTION_STATUSES.includes(status)) expect(flags.length, status).toBeGreaterThan(0);
      else expect(flags, status).toEqual([]);
    }
  });

  it('treats a line as internet-facing when marked so or when its entry device is', () => {
    expect(isInternetFacing({ internetFacing: true, entryDevice: null })).toBe(true);
    expect(isInternetFacing({ internetFacing: false, entryDevice: { exposure: 'internet', endOfSupport: null } })).toBe(true);
    expect(isInternetFacing({ internetFacing: false, entryDevice: { exposure: 'vendor_line', endOfSupport: null } })).toBe(false);
    expect(isInternetFacing({ internetFacing: false, entryDevice: null })).toBe(false);
  });
});

describe('lifecycle transitions', () => {
  /** The whole table, spelled out: status → the actions allowed from it. */
  const ALLOWED: Record<ConnectionStatus, ConnectionAction[]> = {
    requested: ['approve', 'reject', 'retire'],
    approved: ['activate', 'retire'],
    rejected: ['retire', 'resubmit'],
    active: ['retire'],
    expired: ['retire', 'resubmit'],
    retired: [],
  };

  it('allows exactly the documented actions from each status', () => {
    for (const status of CONNECTION_STATUSES) {
      expect(CONNECTION_ACTIONS.filter((a) => canTransition(status, a)), status).toEqual(ALLOWED[status]);
    }
  });

  it('leads each action to its status', () => {
    expect(Object.fromEntries(CONNECTION_ACTIONS.map((a) => [a, CONNECTION_TRANSITIONS[a].to]))).toEqual({
      approve: 'approved',
      reject: 'rejected',
      activate: 'active',
      retire: 'retired',
      resubmit: 'requested',
    });
  });

  it('makes retired final', () => {
    for (const a of CONNECTION_ACTIONS) expect(canTransition('retired', a), a).toBe(false);
  });
});

describe('addMonths and defaultExpiry', () => {
  it('adds calendar months, clamping to the end of shorter months', () => {
    const cases: [string, number, string][] = [
      ['2026-04-01', 12, '2027-04-01'],
      ['2026-01-31', 1, '2026-02-28'],
      ['2028-01-31', 1, '2028-02-29'],
      ['2024-02-29', 12, '2025-02-28'],
      ['2024-02-29', 48, '2028-02-29'],
      ['2026-03-31', 1, '2026-04-30'],
      ['2026-12-15', 1, '2027-01-15'],
      ['2026-11-30', 3, '2027-02-28'],
      ['2026-05-31', -3, '2026-02-28'],
      ['2026-01-15', -1, '2025-12-15'],
      ['2026-04-01', 0, '2026-04-01'],
      ['2026-04-01', 60, '2031-04-01'],
    ];
    for (const [date, months, expected] of cases) expect(addMonths(date, months), `${date} + ${months}`).toBe(expected);
  });

  it('runs an approval for the review interval', () => {
    expect(defaultExpiry('2026-04-01', 12)).toBe('2027-04-01');
    expect(defaultExpiry('2026-08-31', 6)).toBe('2027-02-28');
  });
});

describe('isTimeOfDay', () => {
  it('accepts HH:MM from 00:00 to 23:59 only', () => {
    for (const ok of ['00:00', '09:00', '18:30', '23:59']) expect(isTimeOfDay(ok), ok).toBe(true);
    for (const bad of ['24:00', '9:00', '09:60', '0900', '09:00:00', ' 09:00', '', '１０:００', 'ab:cd']) expect(isTimeOfDay(bad), bad).toBe(false);
  });
});
