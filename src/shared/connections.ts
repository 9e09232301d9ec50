import { addMonths } from './ledger.ts';

/**
 * 外部接続・リモート保守台帳: closed sets, the lifecycle and the risk flags of external connections
 * (every line into the hospital: vendor VPNs, remote-maintenance lines, cloud links). Pure; used by the
 * server (validation, flags, transitions), the UI (labels, badges, buttons) and the import.
 */

export const CONNECTION_KINDS = ['ssl_vpn', 'ipsec_vpn', 'rdp', 'dedicated_line', 'closed_network', 'cloud_link', 'other'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const CONNECTION_KIND_LABELS_JA: Record<ConnectionKind, string> = {
  ssl_vpn: 'SSL-VPN',
  ipsec_vpn: 'IPsec',
  rdp: 'RDP',
  dedicated_line: 'リモート保守専用回線',
  closed_network: '閉域網/IP-VPN',
  cloud_link: 'クラウド連携',
  other: 'その他',
};

/** How a person connecting proves who they are. `mfa` = a second factor on top of a password or certificate. */
export const CONNECTION_AUTHS = ['none', 'password', 'certificate', 'mfa'] as const;
export type ConnectionAuth = (typeof CONNECTION_AUTHS)[number];

export const CONNECTION_AUTH_LABELS_JA: Record<ConnectionAuth, string> = {
  none: '認証なし',
  password: 'パスワード',
  certificate: '証明書',
  mfa: '多要素認証',
};

/** Accounts named per engineer, or one account shared by several people. */
export const ACCOUNT_MODES = ['named', 'shared'] as const;
export type AccountMode = (typeof ACCOUNT_MODES)[number];

export const ACCOUNT_MODE_LABELS_JA: Record<AccountMode, string> = { named: '個人別', shared: '共有' };

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS_JA: Record<Weekday, string> = { mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土', sun: '日' };

/**
 * 申請 → 承認/却下 (security manager) → 有効 → 期限切れ (automatic when the approval runs out) / 廃止.
 * `approved` is approved but not yet opened; a rejected or expired connection can be requested again.
 */
export const CONNECTION_STATUSES = ['requested', 'approved', 'rejected', 'active', 'expired', 'retired'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

export const CONNECTION_STATUS_LABELS_JA: Record<ConnectionStatus, string> = {
  requested: '申請中',
  approved: '承認済',
  rejected: '却下',
  active: '有効',
  expired: '期限切れ',
  retired: '廃止',
};

/** Lifecycle actions a person takes (`expire` is the scheduler's; `update` records a change of fields). */
export const CONNECTION_ACTIONS = ['approve', 'reject', 'activate', 'retire', 'resubmit'] as const;
export type ConnectionAction = (typeof CONNECTION_ACTIONS)[number];
export const CONNECTION_EVENT_ACTIONS = ['request', ...CONNECTION_ACTIONS, 'expire', 'update'] as const;
export type ConnectionEventAction = (typeof CONNECTION_EVENT_ACTIONS)[number];

/** From which statuses each action may be taken, and where it leads. */
export const CONNECTION_TRANSITIONS: Record<ConnectionAction, { from: readonly ConnectionStatus[]; to: ConnectionStatus }> = {
  approve: { from: ['requested'], to: 'approved' },
  reject: { from: ['requested'], to: 'rejected' },
  activate: { from: ['approved'], to: 'active' },
  retire: { from: ['requested', 'approved', 'rejected', 'active', 'expired'], to: 'retired' },
  resubmit: { from: ['rejected', 'expired'], to: 'requested' },
};

export function canTransition(status: ConnectionStatus, action: ConnectionAction): boolean {
  return CONNECTION_TRANSITIONS[action].from.includes(status);
}

/** Statuses in which the line exists or is about to (flags are computed for these only). */
export const LIVE_CONNECTION_STATUSES: readonly ConnectionStatus[] = ['requested', 'approved', 'active', 'expired'];

export const DEFAULT_REVIEW_INTERVAL_MONTHS = 12;
/** Credentials older than this are flagged. */
export const CREDENTIAL_ROTATION_MONTHS = 12;

/** The day an approval given on `approvedOn` runs out: approval date + review interval. */
export function defaultExpiry(approvedOn: string, reviewIntervalMonths: number): string {
  return addMonths(approvedOn, reviewIntervalMonths);
}

/**
 * Risk flags. `entry_device_kev` is not computed here: the vulnerabilities module supplies the entry
 * devices that carry a known-exploited vulnerability (see the connections module's EntryDeviceSignals).
 */
export const CONNECTION_FLAGS = [
  'no_auth',
  'no_mfa_internet',
  'shared_account',
  'credentials_not_rotated',
  'approval_expired_in_use',
  'entry_device_eos',
  'entry_device_kev',
] as const;
export type ConnectionFlag = (typeof CONNECTION_FLAGS)[number];

export interface ConnectionFlagSubject {
  status: ConnectionStatus;
  auth: ConnectionAuth;
  accountMode: AccountMode;
  /** The connection is marked internet-facing. */
  internetFacing: boolean;
  credentialsRotatedOn: string | null;
  expiresOn: string | null;
  /** The entry device from the ledger, when there is one. */
  entryDevice: { exposure: string; endOfSupport: string | null } | null;
  /** The entry device carries a known-exploited vulnerability (from the vulnerabilities module). */
  entryDeviceKev?: boolean;
}

/** Whether people reach the line from the internet: marked so, or the entry device is internet-facing. */
export function isInternetFacing(c: Pick<ConnectionFlagSubject, 'internetFacing' | 'entryDevice'>): boolean {
  return c.internetFacing || c.entryDevice?.exposure === 'internet';
}

/**
 * The risk flags of a connection on a day (`today` = YYYY-MM-DD, JST). Rejected and retired lines have none.
 * - no_auth: anyone who reaches the line gets in;
 * - no_mfa_internet: reached from the internet without a second factor (the FortiGate / VPN cases);
 * - shared_account: one account for several engineers, so nobody can tell who did what;
 * - credentials_not_rotated: never rotated, or not within 12 months (auth `none` has nothing to rotate);
 * - approval_expired_in_use: the approval ran out but the line has not been retired;
 * - entry_device_eos: the entry device is past its end of support;
 * - entry_device_kev: the entry device has a known-exploited vulnerability.
 */
export function connectionFlags(c: ConnectionFlagSubject, today: string): ConnectionFlag[] {
  if (!LIVE_CONNECTION_STATUSES.includes(c.status)) return [];
  const flags: ConnectionFlag[] = [];
  if (c.auth === 'none') flags.push('no_auth');
  if (isInternetFacing(c) && c.auth !== 'mfa') flags.push('no_mfa_internet');
  if (c.accountMode === 'shared') flags.push('shared_account');
  if (c.auth !== 'none' && (!c.credentialsRotatedOn || addMonths(c.credentialsRotatedOn, CREDENTIAL_ROTATION_MONTHS) < today)) {
    flags.push('credentials_not_rotated');
  }
  if ((c.status === 'active' || c.status === 'expired') && c.expiresOn && c.expiresOn < today) flags.push('approval_expired_in_use');
  if (c.entryDevice?.endOfSupport && c.entryDevice.endOfSupport < today) flags.push('entry_device_eos');
  if (c.entryDeviceKev) flags.push('entry_device_kev');
  return flags;
}

/** HH:MM, 00:00–23:59. */
export function isTimeOfDay(value: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
}
