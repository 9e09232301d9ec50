import { reason } from '../../../../shared/assessments/reasons.ts';
import type { ReasonText } from '../../../../shared/assessments/types.ts';
import { CREDENTIAL_ROTATION_MONTHS, isInternetFacing } from '../../../../shared/connections.ts';
import { addMonths } from '../../../../shared/ledger.ts';
import type { ConnectionFact } from '../../connections/index.ts';
import { connections, MAX_RECORDS, today, unrecordedVendorLines } from './facts.ts';
import { registerRule, type AssessmentRule, type RuleResult } from './registry.ts';

type RuleRecord = RuleResult['records'][number];

const connectionRecord = (c: ConnectionFact): RuleRecord => ({ type: 'connection', id: c.id, label: c.name });

/** Records of several problem lists, each connection once, at most MAX_RECORDS. */
function recordsOf(...lists: ConnectionFact[][]): RuleRecord[] {
  const seen = new Map<string, RuleRecord>();
  for (const list of lists) for (const c of list) if (!seen.has(c.id)) seen.set(c.id, connectionRecord(c));
  return [...seen.values()].slice(0, MAX_RECORDS);
}

/** The approval has run out: the lifecycle marked it expired, or the expiry date has passed before the job ran. */
export function approvalExpired(c: Pick<ConnectionFact, 'status' | 'expiresOn'>, day: string): boolean {
  return c.status === 'expired' || ((c.status === 'active' || c.status === 'approved') && c.expiresOn !== null && c.expiresOn < day);
}

/**
 * 2(2) リモートメンテナンスを利用している機器の有無を事業者に確認した: every live external connection has its vendor,
 * is approved (not just requested), and its approval has not run out nor was the line used after it ran out; and every
 * device reached over a vendor line has a connection in the ledger. No connections and no vendor-line devices →
 * unknown (nothing recorded to judge by).
 */
export const connectionsVendorConfirmedRule: AssessmentRule = {
  id: 'connections.vendor_confirmed',
  describeKey: 'connections_vendor_confirmed',
  async evaluate(ctx): Promise<RuleResult> {
    const [live, unrecorded] = await Promise.all([connections(ctx), unrecordedVendorLines(ctx)]);
    if (live.length === 0 && unrecorded.length === 0) return { value: 'unknown', reasons: [reason('connections_none')], records: [] };
    const day = today(ctx);
    const noVendor = live.filter((c) => c.vendorId === null);
    const pending = live.filter((c) => c.status === 'requested');
    const expired = live.filter((c) => approvalExpired(c, day));
    const usedAfter = live.filter((c) => c.expiresOn !== null && c.lastUsedOn !== null && c.lastUsedOn > c.expiresOn);
    const reasons: ReasonText[] = [];
    if (expired.length > 0) reasons.push(reason('connections_expired', { count: expired.length }));
    if (usedAfter.length > 0) reasons.push(reason('connections_used_after_expiry', { count: usedAfter.length }));
    if (noVendor.length > 0) reasons.push(reason('connections_no_vendor', { count: noVendor.length }));
    if (pending.length > 0) reasons.push(reason('connections_pending', { count: pending.length }));
    if (unrecorded.length > 0) reasons.push(reason('connections_unrecorded_vendor_line', { count: unrecorded.length }));
    const records = [
      ...recordsOf(expired, usedAfter, noVendor, pending),
      ...unrecorded.map((a): RuleRecord => ({ type: 'asset', id: a.id, label: a.assetTag ? `${a.name} (${a.assetTag})` : a.name })),
    ].slice(0, MAX_RECORDS);
    if (reasons.length > 0) return { value: 'no', reasons, records };
    return { value: 'yes', reasons: [reason('connections_confirmed', { count: live.length })], records: [] };
  },
};

/** Reached from the internet: marked so, or its entry device is internet-facing in the ledger. */
function internetFacing(c: ConnectionFact): boolean {
  return isInternetFacing({ internetFacing: c.internetFacing, entryDevice: c.entryExposure ? { exposure: c.entryExposure, endOfSupport: null } : null });
}

/** 多要素認証: every live connection reached from the internet uses MFA. None reached from the internet → yes. */
export const connectionsMfaRule: AssessmentRule = {
  id: 'connections.mfa',
  describeKey: 'connections_mfa',
  async evaluate(ctx): Promise<RuleResult> {
    const internet = (await connections(ctx)).filter(internetFacing);
    if (internet.length === 0) return { value: 'yes', reasons: [reason('mfa_no_internet')], records: [] };
    const missing = internet.filter((c) => c.auth !== 'mfa');
    if (missing.length > 0) return { value: 'no', reasons: [reason('mfa_missing', { count: missing.length })], records: recordsOf(missing) };
    return { value: 'yes', reasons: [reason('mfa_all', { count: internet.length })], records: [] };
  },
};

/**
 * 認証情報の管理: no live connection can be used without authentication, and every one's credentials were changed
 * within the last 12 months (a change date recorded). No connections → unknown.
 */
export const connectionsCredentialsRule: AssessmentRule = {
  id: 'connections.credentials',
  describeKey: 'connections_credentials',
  async evaluate(ctx): Promise<RuleResult> {
    const live = await connections(ctx);
    if (live.length === 0) return { value: 'unknown', reasons: [reason('connections_none')], records: [] };
    const day = today(ctx);
    const noAuth = live.filter((c) => c.auth === 'none');
    const never = live.filter((c) => c.auth !== 'none' && !c.credentialsRotatedOn);
    const stale = live.filter((c) => c.auth !== 'none' && c.credentialsRotatedOn !== null && addMonths(c.credentialsRotatedOn, CREDENTIAL_ROTATION_MONTHS) < day);
    const reasons: ReasonText[] = [];
    if (noAuth.length > 0) reasons.push(reason('credentials_no_auth', { count: noAuth.length }));
    if (stale.length > 0) reasons.push(reason('credentials_stale', { count: stale.length }));
    if (never.length > 0) reasons.push(reason('credentials_never', { count: never.length }));
    if (reasons.length > 0) return { value: 'no', reasons, records: recordsOf(noAuth, stale, never) };
    return { value: 'yes', reasons: [reason('credentials_ok', { count: live.length })], records: [] };
  },
};

registerRule(connectionsVendorConfirmedRule);
registerRule(connectionsMfaRule);
registerRule(connectionsCredentialsRule);
