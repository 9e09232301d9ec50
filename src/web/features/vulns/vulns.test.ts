import { describe, expect, it } from 'vitest';
import i18n from '../../i18n/index.ts';
import { FINDING_STATUSES, DUE_RULES, FEED_FORMATS, FEED_SOURCES, FINDING_EVENT_ACTIONS } from '../../../shared/vulns/domain.ts';
import { CONFIDENCES, IDENTITY_SOURCES, MATCH_REASONS, NO_MATCH_REASONS } from '../../../shared/vulns/types.ts';
import { policyDraftErrors } from './PolicyPage.tsx';
import {
  cpeWithVersion,
  cvssSeverity,
  daysBetween,
  epssPercent,
  findingApiQuery,
  findingFiltersFromParams,
  findingSeverity,
  findingsHref,
  maxAcceptDate,
  vulnExternalUrl,
} from './vulns.ts';

const t = i18n.getFixedT('ja');
const tEn = i18n.getFixedT('en');

describe('findings list filters in the URL', () => {
  it('keeps known values, drops unknown ones, and sorts by priority by default', () => {
    const f = findingFiltersFromParams(new URLSearchParams('q=CVE-2018&status=in_progress&kev=1&ransomware=yes&confidence=possible&overdue=1&assetId=0190a1b2-c3d4&sort=-epss&page=2'));
    expect(f).toEqual({ q: 'CVE-2018', status: 'in_progress', kev: '1', ransomware: '', confidence: 'possible', overdue: '1', assetId: '0190a1b2-c3d4', sort: '-epss', page: 2 });
    expect(findingApiQuery(f)).toEqual({ q: 'CVE-2018', status: 'in_progress', kev: '1', ransomware: undefined, confidence: 'possible', overdue: '1', assetId: '0190a1b2-c3d4', sort: '-epss', page: 2, pageSize: 50 });
  });

  it('falls back on bad values: default statuses (open, in progress) go unsent, sort -priority, page 1', () => {
    const f = findingFiltersFromParams(new URLSearchParams('status=closed&confidence=maybe&sort=name&page=-3&assetId=../../x'));
    expect(f).toMatchObject({ status: '', confidence: '', sort: '-priority', page: 1, assetId: '' });
    expect(findingApiQuery(f).status).toBeUndefined();
    expect(findingFiltersFromParams(new URLSearchParams('status=all')).status).toBe('all');
  });

  it('builds links to a filtered list', () => {
    expect(findingsHref('/vulns/findings', { kev: '1', assetId: 'a1', q: '' })).toBe('/vulns/findings?kev=1&assetId=a1');
    expect(findingsHref('/vulns/findings', {})).toBe('/vulns/findings');
  });
});

describe('scores and dates', () => {
  it('bands CVSS scores and deadline rules (known-exploited is urgent)', () => {
    expect([9.8, 9, 7.5, 4, 3.9, 0, null].map(cvssSeverity)).toEqual(['urgent', 'urgent', 'high', 'medium', 'low', 'none', 'none']);
    expect(DUE_RULES.map(findingSeverity)).toEqual(['urgent', 'urgent', 'urgent', 'high', 'medium', 'low']);
  });

  it('shows EPSS as a percentage, tiny values as <0.1%', () => {
    expect(epssPercent(0.97466)).toBe('97%');
    expect(epssPercent(0.0342)).toBe('3.4%');
    expect(epssPercent(0.00043)).toBe('<0.1%');
    expect(epssPercent(0)).toBe('0.0%');
    expect(epssPercent(null)).toBeNull();
  });

  it('limits a risk acceptance to the policy months, clamping the day of month', () => {
    expect(maxAcceptDate('2026-11-24', 12)).toBe('2027-11-24');
    expect(maxAcceptDate('2026-08-31', 6)).toBe('2027-02-28');
    expect(maxAcceptDate('2027-11-30', 3)).toBe('2028-02-29');
    expect(maxAcceptDate('2026-01-15', 36)).toBe('2029-01-15');
    expect(daysBetween('2026-11-24', '2026-12-01')).toBe(7);
    expect(daysBetween('2026-12-01', '2026-11-24')).toBe(-7);
  });

  it('links CVEs to NVD and JVNDB ids to JVN iPedia', () => {
    expect(vulnExternalUrl('CVE-2018-13379')).toBe('https://nvd.nist.gov/vuln/detail/CVE-2018-13379');
    expect(vulnExternalUrl('JVNDB-2019-004766')).toBe('https://jvndb.jvn.jp/ja/contents/2019/JVNDB-2019-004766.html');
    expect(vulnExternalUrl('GHSA-xxxx')).toBeNull();
  });
});

describe('CPE suggestions completed with the asset version', () => {
  it('fills a wildcard version with the ledger version (quoted as CPE 2.3 needs)', () => {
    expect(cpeWithVersion('cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', '6.0.4')).toBe('cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*');
    expect(cpeWithVersion('cpe:2.3:a:pulsesecure:pulse_connect_secure:*:*:*:*:*:*:*:*', '9.0R3.4')).toBe('cpe:2.3:a:pulsesecure:pulse_connect_secure:9.0r3.4:*:*:*:*:*:*:*');
    expect(cpeWithVersion('cpe:2.3:a:vendor:product:*:*:*:*:*:*:*:*', '1.0 SP2')).toBe('cpe:2.3:a:vendor:product:1.0\\ sp2:*:*:*:*:*:*:*');
  });

  it('leaves the suggestion alone when it names a version, the asset has none, or it does not parse', () => {
    expect(cpeWithVersion('cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*', '7.0')).toBe('cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*');
    expect(cpeWithVersion('cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', null)).toBe('cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*');
    expect(cpeWithVersion('not a cpe', '1.0')).toBe('not a cpe');
  });
});

describe('deadline policy form', () => {
  it('flags values outside the contract bounds and non-integers', () => {
    const ok = { kev_exposed: 7, kev: 14, critical: 30, high: 60, medium: 90, low: 180, untouchedDays: 7, executiveAfterDays: 7, acceptMaxMonths: 12 };
    expect(policyDraftErrors(ok)).toEqual({});
    expect(policyDraftErrors({ ...ok, kev_exposed: 0, high: '', low: 3651, acceptMaxMonths: 37, untouchedDays: 2.5 })).toEqual({
      kev_exposed: 'range',
      high: 'range',
      low: 'range',
      acceptMaxMonths: 'range',
      untouchedDays: 'range',
    });
  });
});

describe('vulnerability labels exist in both languages for every closed set', () => {
  it('statuses, confidences, reasons, rules, sources, formats, history actions', () => {
    const keys = [
      ...FINDING_STATUSES.map((v) => `vulns.status.${v}`),
      ...CONFIDENCES.flatMap((v) => [`vulns.confidence.${v}`, `vulns.confidenceHelp.${v}`]),
      ...MATCH_REASONS.map((v) => `vulns.reason.${v}`),
      ...NO_MATCH_REASONS.map((v) => `vulns.noMatch.${v}`),
      ...DUE_RULES.flatMap((v) => [`vulns.dueRule.${v}`, `vulns.policy.ruleHelp.${v}`]),
      ...FEED_SOURCES.flatMap((v) => [`vulns.feeds.sources.${v}`, `vulns.feeds.sourceHelp.${v}`]),
      ...FEED_FORMATS.map((v) => `vulns.feeds.formats.${v}`),
      ...FINDING_EVENT_ACTIONS.map((v) => `vulns.history.actions.${v}`),
      ...IDENTITY_SOURCES.map((v) => `vulns.identity.source.${v}`),
      'tokenScopes.vulns_read',
      'tokenScopes.vulns_write',
    ];
    for (const k of keys) {
      expect(i18n.exists(k, { lng: 'ja' }), k).toBe(true);
      expect(i18n.exists(k, { lng: 'en' }), k).toBe(true);
    }
    expect(t('vulns.status.accepted')).toBe('リスク受容');
    expect(t('vulns.confidence.vendor-product')).toBe('製品一致のみ');
    expect(tEn('vulns.status.false_positive')).toBe('False positive');
  });
});
