import { describe, expect, it } from 'vitest';
import cve0144 from '../../../fixtures/nvd2/CVE-2017-0144.json';
import cve13379 from '../../../fixtures/nvd2/CVE-2018-13379.json';
import cve0708 from '../../../fixtures/nvd2/CVE-2019-0708.json';
import cve11510 from '../../../fixtures/nvd2/CVE-2019-11510.json';
import cve19781 from '../../../fixtures/nvd2/CVE-2019-19781.json';
import { criteriaRows, evaluate, evaluateJvn, matchCriteria } from './configurations.ts';
import { parseCpe23 } from './cpe.ts';
import { deriveIdentities } from './identity.ts';
import type { AssetIdentity, AssetProductFields, MatchOutcome, VulnConfiguration } from './types.ts';
import { assetVersionFromWfn } from './version.ts';

/* NVD 2.0 `configurations` → VulnConfiguration (test helper; the importer does the same for real feeds). */
interface NvdMatch {
  vulnerable: boolean;
  criteria: string;
  matchCriteriaId?: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}
interface NvdConfig {
  operator?: 'AND' | 'OR';
  negate?: boolean;
  nodes: { operator: 'AND' | 'OR'; negate?: boolean; cpeMatch: NvdMatch[] }[];
}
function fromNvd(configs: NvdConfig[]): VulnConfiguration[] {
  return configs.map((c) => ({
    operator: c.operator ?? 'OR',
    negate: c.negate ?? false,
    nodes: c.nodes.map((n) => ({
      operator: n.operator,
      negate: n.negate ?? false,
      matches: n.cpeMatch.map((m) => ({
        criteria: m.criteria,
        vulnerable: m.vulnerable,
        ...(m.versionStartIncluding ? { startIncl: m.versionStartIncluding } : {}),
        ...(m.versionStartExcluding ? { startExcl: m.versionStartExcluding } : {}),
        ...(m.versionEndIncluding ? { endIncl: m.versionEndIncluding } : {}),
        ...(m.versionEndExcluding ? { endExcl: m.versionEndExcluding } : {}),
        ...(m.matchCriteriaId ? { id: m.matchCriteriaId } : {}),
      })),
    })),
  }));
}
/** The saved NVD records (fixtures/nvd2/PROVENANCE.md), imported as JSON modules. */
const RECORDS: Record<string, unknown> = {
  'CVE-2017-0144': cve0144,
  'CVE-2018-13379': cve13379,
  'CVE-2019-0708': cve0708,
  'CVE-2019-11510': cve11510,
  'CVE-2019-19781': cve19781,
};
function cve(id: string): VulnConfiguration[] {
  const rec = RECORDS[id] as { cve?: { configurations?: NvdConfig[] }; configurations?: NvdConfig[] };
  return fromNvd((rec.cve ?? rec).configurations ?? []);
}

const asset = (fields: Partial<AssetProductFields>): AssetProductFields => ({
  type: 'server',
  vendor: null,
  product: null,
  version: null,
  cpe: null,
  os: null,
  ...fields,
});
/** An identity straight from a CPE string. */
const id = (cpe: string, source: AssetIdentity['source'] = 'cpe'): AssetIdentity => {
  const wfn = parseCpe23(cpe);
  return { source, cpe, wfn, version: assetVersionFromWfn(wfn.version, wfn.update).kind };
};
const affected = (o: MatchOutcome) => (o.affected ? o.confidence : false);
const reasons = (o: MatchOutcome) => (o.affected ? [] : o.reasons.map((r) => r.reason));

describe('CVE-2018-13379 (FortiOS SSL-VPN path traversal)', () => {
  const configs = cve('CVE-2018-13379');
  it('FortiOS 6.0.4 is affected (exact), with the range as evidence', () => {
    const o = evaluate(configs, deriveIdentities(asset({ vendor: 'Fortinet', product: 'FortiGate 60E', version: 'FortiOS 6.0.4' })));
    expect(affected(o)).toBe('exact');
    expect(o.affected && o.evidence).toEqual([
      {
        configuration: 0,
        criteria: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*',
        range: '6.0.0 ≤ v < 6.0.5',
        identity: 'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*',
        reason: 'version_in_range',
        vulnerable: true,
      },
    ]);
  });
  it('the explicit CPE of the demo FortiGate gives the same result', () => {
    const o = evaluate(configs, deriveIdentities(asset({ cpe: 'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*', version: 'FortiOS 6.0.4' })));
    expect(affected(o)).toBe('exact');
  });
  it('FortiOS 6.0.10 is not affected; the nearest range is named', () => {
    const o = evaluate(configs, deriveIdentities(asset({ vendor: 'Fortinet', product: 'FortiGate 60E', version: 'FortiOS 6.0.10' })));
    expect(o.affected).toBe(false);
    expect(!o.affected && o.reasons[0]).toMatchObject({ reason: 'version_outside_range', criteria: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', detail: '6.0.10; 6.0.0 ≤ v < 6.0.5' });
  });
  it('FortiOS 6.0.x is possibly affected', () => {
    const o = evaluate(configs, deriveIdentities(asset({ vendor: 'Fortinet', product: 'FortiGate', version: '6.0.x' })));
    expect(affected(o)).toBe('possible');
    expect(o.affected && o.evidence[0]?.reason).toBe('version_pattern_overlaps');
    expect(o.affected && o.evidence[0]?.identity).toBe('cpe:2.3:o:fortinet:fortios:6.0.*:*:*:*:*:*:*:*');
  });
  it('FortiOS with no version is a vendor-product match', () => {
    const o = evaluate(configs, deriveIdentities(asset({ vendor: 'Fortinet', product: 'FortiGate 60E', version: '不明' })));
    expect(affected(o)).toBe('vendor-product');
    expect(o.affected && o.evidence.every((e) => e.reason === 'asset_version_unknown')).toBe(true);
  });
  it('FortiProxy 1.2.8 (no start bound) is affected, FortiProxy 2.0.0 by its single version', () => {
    expect(affected(evaluate(configs, [id('cpe:2.3:a:fortinet:fortiproxy:1.2.8:*:*:*:*:*:*:*')]))).toBe('exact');
    const o = evaluate(configs, [id('cpe:2.3:a:fortinet:fortiproxy:2.0.0:*:*:*:*:*:*:*')]);
    expect(o.affected && o.evidence[0]).toMatchObject({ reason: 'version_equal', range: null });
    expect(evaluate(configs, [id('cpe:2.3:a:fortinet:fortiproxy:2.0.1:*:*:*:*:*:*:*')]).affected).toBe(false);
  });
  it('another product is not named', () => {
    expect(reasons(evaluate(configs, [id('cpe:2.3:o:paloaltonetworks:pan-os:10.2.9:*:*:*:*:*:*:*')]))).toEqual(['product_not_named']);
  });
});

describe('CVE-2019-11510 (Pulse Connect Secure): NVD enumerates updates', () => {
  const configs = cve('CVE-2019-11510');
  it('9.0R3.3 is affected under either vendor name; 9.0R3.4 is not', () => {
    const pcs = (v: string) => deriveIdentities(asset({ type: 'vpn_gateway', vendor: 'Pulse Secure', product: 'Pulse Connect Secure', version: v }));
    expect(affected(evaluate(configs, pcs('9.0R3.3')))).toBe('exact');
    const o = evaluate(configs, pcs('9.0R3.4'));
    expect(o.affected).toBe(false);
    expect(!o.affected && o.reasons[0]).toMatchObject({
      reason: 'version_not_listed',
      criteria: 'cpe:2.3:a:ivanti:connect_secure:9.0:r3.3:*:*:*:*:*:*',
      identity: 'cpe:2.3:a:ivanti:connect_secure:9.0:r3.4:*:*:*:*:*:*',
      detail: '9.0 r3.4; criteria update r3.3',
    });
    expect(affected(evaluate(configs, deriveIdentities(asset({ vendor: 'Ivanti', product: 'Ivanti Connect Secure', version: '8.2R12.0' }))))).toBe('exact');
  });
  it('a train without the R level is possible (update not recorded)', () => {
    expect(affected(evaluate(configs, deriveIdentities(asset({ vendor: 'Pulse Secure', product: 'PCS', version: '9.0' }))))).toBe('possible');
  });
});

describe('CVE-2019-19781 (Citrix ADC): running-on hardware', () => {
  const configs = cve('CVE-2019-19781');
  const fw = id('cpe:2.3:o:citrix:application_delivery_controller_firmware:12.1:*:*:*:*:*:*:*');
  const hw = id('cpe:2.3:h:citrix:application_delivery_controller:-:*:*:*:*:*:*:*');
  it('firmware 12.1 with the ADC hardware is affected (exact), both criteria as evidence', () => {
    const o = evaluate(configs, [fw, hw]);
    expect(affected(o)).toBe('exact');
    expect(o.affected && o.evidence.map((e) => [e.reason, e.vulnerable])).toEqual([
      ['version_equal', true],
      ['platform_matched', false],
    ]);
  });
  it('firmware 12.1 without any hardware identity is possible (platform_unconfirmed)', () => {
    const o = evaluate(configs, [fw]);
    expect(affected(o)).toBe('possible');
    expect(o.affected && o.evidence.map((e) => e.reason)).toEqual(['version_equal', 'platform_unconfirmed']);
  });
  it('firmware 12.1 on other known hardware is not affected (platform_mismatch)', () => {
    const o = evaluate(configs, [fw, id('cpe:2.3:h:citrix:sd-wan:-:*:*:*:*:*:*:*')]);
    expect(o.affected).toBe(false);
    expect(reasons(o)).toContain('platform_mismatch');
  });
  it('firmware 13.1 is not affected; the ledger wording reaches the same identities', () => {
    expect(evaluate(configs, [id('cpe:2.3:o:citrix:application_delivery_controller_firmware:13.1:*:*:*:*:*:*:*'), hw]).affected).toBe(false);
    const ids = deriveIdentities(asset({ type: 'vpn_gateway', vendor: 'Citrix', product: 'Citrix ADC MPX 8905', version: '12.1' }));
    expect(affected(evaluate(configs, ids))).toBe('exact');
    const gw = deriveIdentities(asset({ type: 'vpn_gateway', vendor: 'Citrix', product: 'NetScaler Gateway', version: '12.0' }));
    expect(affected(evaluate(configs, gw))).toBe('possible');
  });
});

describe('CVE-2019-0708 (BlueKeep) and CVE-2017-0144 (EternalBlue) on Windows', () => {
  const bluekeep = cve('CVE-2019-0708');
  const eternal = cve('CVE-2017-0144');
  const win = (os: string) => deriveIdentities(asset({ type: 'medical_device', vendor: 'Toshiba', product: 'CT', os }));
  it('Windows 7 SP1 is affected by CVE-2019-0708 (exact)', () => {
    const o = evaluate(bluekeep, win('Windows 7 Professional SP1'));
    expect(affected(o)).toBe('exact');
    expect(o.affected && o.evidence[0]).toMatchObject({ criteria: 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*', reason: 'version_equal' });
  });
  it('Windows 7 SP1 is possibly affected by CVE-2017-0144 (SMBv1 component of the platform)', () => {
    const o = evaluate(eternal, win('Windows 7 Professional SP1'));
    expect(affected(o)).toBe('possible');
    expect(o.affected && o.evidence.map((e) => [e.criteria, e.reason, e.vulnerable])).toEqual([
      ['cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*', 'platform_component', true],
      ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*', 'platform_component', false],
    ]);
  });
  it('an inventoried SMBv1 on Windows Server 2016 is affected exactly', () => {
    const ids = [...win('Windows Server 2016'), id('cpe:2.3:a:microsoft:server_message_block:1.0:*:*:*:*:*:*:*')];
    const o = evaluate(eternal, ids);
    expect(affected(o)).toBe('exact');
    expect(o.affected && o.evidence.map((e) => e.reason)).toEqual(['version_equal', 'platform_matched']);
  });
  it('Windows 10 22H2 is not affected by CVE-2019-0708 or CVE-2017-0144', () => {
    expect(reasons(evaluate(bluekeep, win('Windows 10 Enterprise 22H2')))).toEqual(['product_not_named']);
    expect(reasons(evaluate(eternal, win('Windows 10 Enterprise 22H2')))).toEqual(['product_not_named']);
  });
  it('Windows Server 2008 R2 without a service pack is possible; with SP1 exact; Windows XP not named', () => {
    expect(affected(evaluate(bluekeep, win('Windows Server 2008 R2')))).toBe('possible');
    expect(affected(evaluate(bluekeep, win('Windows Server 2008 R2 SP1')))).toBe('exact');
    expect(affected(evaluate(bluekeep, win('Windows XP Professional SP3')))).toBe(false);
  });
  it('Windows Server 2012 R2 and 2008 SP2 get EternalBlue through the platform list', () => {
    expect(affected(evaluate(eternal, win('Windows Server 2012 R2')))).toBe('possible');
    expect(affected(evaluate(eternal, win('Windows Server 2008 SP2')))).toBe('possible');
  });
  it('Siemens ultrasound firmware in [4.0, 4.0e) on its hardware is affected', () => {
    const ids = [id('cpe:2.3:o:siemens:acuson_sc2000_firmware:4.0d:*:*:*:*:*:*:*'), id('cpe:2.3:h:siemens:acuson_sc2000:-:*:*:*:*:*:*:*')];
    expect(affected(evaluate(eternal, ids))).toBe('exact');
    // hardware known, firmware not inventoried: same vendor → possible
    expect(affected(evaluate(eternal, [id('cpe:2.3:h:siemens:acuson_sc2000:-:*:*:*:*:*:*:*')]))).toBe('possible');
  });
});

describe('evaluate — logic and edge cases', () => {
  const c = (criteria: string, vulnerable = true, bounds: Record<string, string> = {}) => ({ criteria, vulnerable, ...bounds });
  it('no definition, no identity', () => {
    expect(reasons(evaluate(null, [id('cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*')]))).toEqual(['no_definition']);
    expect(reasons(evaluate([], []))).toEqual(['no_definition']);
    expect(reasons(evaluate(cve('CVE-2018-13379'), []))).toEqual(['no_identity']);
  });
  it('an identity whose product is ANY never matches', () => {
    const configs: VulnConfiguration[] = [{ operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, matches: [c('cpe:2.3:a:*:*:*:*:*:*:*:*:*:*')] }] }];
    expect(reasons(evaluate(configs, [id('cpe:2.3:a:apache:*:*:*:*:*:*:*:*:*')]))).toEqual(['no_identity']);
  });
  it('accepts an identity whose part is not recorded', () => {
    expect(affected(evaluate(cve('CVE-2018-13379'), [id('cpe:2.3:*:fortinet:fortios:6.0.4:*:*:*:*:*:*:*')]))).toBe('exact');
  });
  it('rejects ambiguous vendor SUBSET / product SUPERSET matches (DT #3178)', () => {
    const r = matchCriteria(c('cpe:2.3:a:pascom:*:*:*:*:*:*:*:*:*'), id('cpe:2.3:a:*:util-linux-setarch:2.0:*:*:*:*:*:*:*'));
    expect('miss' in r && r.miss.reason).toBe('rejected');
  });
  it('an identity that leaves a descriptive attribute ANY is accepted; a different value is not', () => {
    const crit = c('cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:x64:*');
    expect('hit' in matchCriteria(crit, id('cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:*:*'))).toBe(true);
    const r = matchCriteria(crit, id('cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:x86:*'));
    expect('miss' in r && r.miss.reason).toBe('attribute_differs');
  });
  it('AND nodes need every criteria; negated nodes are satisfied when their criteria fail', () => {
    const and: VulnConfiguration[] = [
      {
        operator: 'OR',
        negate: false,
        nodes: [{ operator: 'AND', negate: false, matches: [c('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', true, { endExcl: '2.15.0' }), c('cpe:2.3:a:apache:tomcat:*:*:*:*:*:*:*:*')] }],
      },
    ];
    expect(evaluate(and, [id('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*')]).affected).toBe(false);
    expect(affected(evaluate(and, [id('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*'), id('cpe:2.3:a:apache:tomcat:9.0:*:*:*:*:*:*:*')]))).toBe('exact');

    const negated: VulnConfiguration[] = [
      {
        operator: 'AND',
        negate: false,
        nodes: [
          { operator: 'OR', negate: false, matches: [c('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', true, { endExcl: '2.15.0' })] },
          { operator: 'OR', negate: true, matches: [c('cpe:2.3:a:apache:log4j:2.12.2:*:*:*:*:*:*:*', true)] },
        ],
      },
    ];
    expect(affected(evaluate(negated, [id('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*')]))).toBe('exact');
    const o = evaluate(negated, [id('cpe:2.3:a:apache:log4j:2.12.2:*:*:*:*:*:*:*')]);
    expect(reasons(o)).toContain('negated');
    // an inner match that is only possible leaves the negation open: possible
    expect(affected(evaluate(negated, [id('cpe:2.3:a:apache:log4j:2.12.*:*:*:*:*:*:*:*')]))).toBe('possible');
  });
  it('the best configuration decides the confidence', () => {
    const configs: VulnConfiguration[] = [
      { operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, matches: [c('cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*')] }] },
      { operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, matches: [c('cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', true, { startIncl: '6.0.0', endExcl: '6.0.5' })] }] },
    ];
    expect(affected(evaluate(configs, [id('cpe:2.3:o:fortinet:fortios:6.0.*:*:*:*:*:*:*:*')]))).toBe('possible');
    expect(affected(evaluate(configs, [id('cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*')]))).toBe('exact');
  });
  it('vulnerable:false criteria alone never make an asset affected', () => {
    const configs: VulnConfiguration[] = [{ operator: 'OR', negate: false, nodes: [{ operator: 'OR', negate: false, matches: [c('cpe:2.3:h:citrix:application_delivery_controller:-:*:*:*:*:*:*:*', false)] }] }];
    expect(evaluate(configs, [id('cpe:2.3:h:citrix:application_delivery_controller:-:*:*:*:*:*:*:*')]).affected).toBe(false);
  });
});

describe('evaluateJvn', () => {
  it('matches part:vendor:product only, always vendor-product', () => {
    const o = evaluateJvn([{ cpe: 'cpe:/h:corega:cg-wgr1200' }, { cpe: null }], [id('cpe:2.3:h:corega:cg-wgr1200:-:*:*:*:*:*:*:*')]);
    expect(o).toEqual({
      affected: true,
      confidence: 'vendor-product',
      evidence: [{ configuration: -1, criteria: 'cpe:/h:corega:cg-wgr1200', range: null, identity: 'cpe:2.3:h:corega:cg-wgr1200:-:*:*:*:*:*:*:*', reason: 'jvn_vendor_product', vulnerable: true }],
    });
    expect(affected(evaluateJvn([{ cpe: 'cpe:/o:fortinet:fortios' }], [id('cpe:2.3:o:fortinet:fortios:7.2.8:*:*:*:*:*:*:*')]))).toBe('vendor-product');
    // the part is not compared: JVN files some devices as h where the ledger identity is o
    expect(affected(evaluateJvn([{ cpe: 'cpe:/h:yamaha:rtx1210' }], [id('cpe:2.3:o:yamaha:rtx1210:14.01.20:*:*:*:*:*:*:*')]))).toBe('vendor-product');
    expect(evaluateJvn([{ cpe: 'cpe:/h:yamaha:rtx1210' }], [id('cpe:2.3:o:yamaha:rtx1210_firmware:14.01.20:*:*:*:*:*:*:*')]).affected).toBe(false);
  });
  it('explains non-matches', () => {
    expect(reasons(evaluateJvn([{ cpe: 'cpe:/h:corega:cg-wgr1200' }], [id('cpe:2.3:h:corega:cg-wgr2000:-:*:*:*:*:*:*:*')]))).toEqual(['product_not_named']);
    expect(reasons(evaluateJvn([{ cpe: null }], [id('cpe:2.3:h:corega:cg-wgr2000:-:*:*:*:*:*:*:*')]))).toEqual(['no_definition']);
    expect(reasons(evaluateJvn([{ cpe: 'cpe:/h:corega:cg-wgr1200' }], []))).toEqual(['no_identity']);
    expect(reasons(evaluateJvn([{ cpe: 'not a cpe' }], [id('cpe:2.3:h:corega:cg-wgr1200:-:*:*:*:*:*:*:*')]))).toEqual(['product_not_named']);
  });
});

describe('criteriaRows', () => {
  it('flattens every criteria with its range', () => {
    const rows = criteriaRows(cve('CVE-2018-13379'));
    expect(rows).toHaveLength(5);
    expect(rows[4]).toEqual({ configuration: 0, criteria: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', range: '6.0.0 ≤ v < 6.0.5', vulnerable: true });
    expect(criteriaRows(null)).toEqual([]);
    expect(criteriaRows(cve('CVE-2019-19781')).filter((r) => !r.vulnerable)).toHaveLength(3);
  });
});
