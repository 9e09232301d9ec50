import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import nvdtoolsJson from '../../../fixtures/cpe_vectors/nvdtools_version_and_wfn_vectors.json';
import { ANY, NA, parseCpe23 } from './cpe.ts';
import type { CpeMatchCriteria } from './types.ts';
import {
  assetVersionFromWfn,
  compareVersions,
  formatRange,
  parseAssetVersion,
  splitVendorVersion,
  versionInCriteria,
  versionVerdict,
  type AssetVersion,
} from './version.ts';

const nvdtools = nvdtoolsJson as unknown as {
  smartVerCmp: { cases: { v1: string; v2: string; expected: number }[] };
};

const exact = (version: string, update: string | null = null): AssetVersion => ({ kind: 'exact', version, update });
const pattern = (prefix: string): AssetVersion => ({ kind: 'pattern', prefix });
const unknown: AssetVersion = { kind: 'unknown' };
/** Check an asset version against a criteria string with bounds. */
const check = (asset: AssetVersion, criteria: string, bounds: Omit<CpeMatchCriteria, 'criteria' | 'vulnerable'> = {}) => {
  const w = parseCpe23(criteria);
  return versionInCriteria(asset, { criteria, vulnerable: true, ...bounds }, w.version, w.update);
};

describe('compareVersions', () => {
  describe('nvdtools smartVerCmp cases (all 20)', () => {
    for (const c of nvdtools.smartVerCmp.cases) {
      // Deliberate deviation (ADR 0005): a word segment after a separator is a patch/hotfix level (10.2.9-h1 >
      // 10.2.9, PAN-OS), so `5-appl_1.16.1` > `5-1.0.1`. nvdtools expects -1 and calls its own answer "wrong, but
      // seems to be impossible to account for".
      const expected = c.v1 === '5-appl_1.16.1' ? 1 : c.expected;
      it(`${c.v1} vs ${c.v2} → ${expected}${expected !== c.expected ? ' (deviation)' : ''}`, () => {
        expect(compareVersions(c.v1, c.v2)).toBe(expected);
        expect(compareVersions(c.v2, c.v1)).toBe(expected === 0 ? 0 : -expected);
      });
    }
  });

  it.each([
    ['6.0.10', '6.0.5', 1],
    ['6.0.4', '6.0.16', -1],
    ['6.0', '6.0.0', 0],
    ['13.1-49.15', '13.1-8.50', 1],
    ['13.1', '13.1-8.50', -1],
    ['14.1-12.35', '14.1-8.50', 1],
    ['12.1-55.300', '12.1-55.18', 1],
    ['4.0', '4.0e', -1],
    ['4.0e', '4.1', -1],
    ['4.2.8p9', '4.2.8p15', -1],
    ['4.2.8', '4.2.8p1', -1],
    ['1.1.1k', '1.1.1w', -1],
    ['1.0.2u', '1.1.0', -1],
    ['9.8p10', '9.8p9', 1],
    ['2.12.2', '2.12.2', 0],
    ['2.15.0', '2.12.2', 1],
    ['1.0-rc1', '1.0', -1],
    ['2.0rc1', '2.0', -1],
    ['2.0-beta9', '2.0-rc1', -1],
    ['2.0-rc2', '2.0', -1],
    ['2.0', '2.0.1', -1],
    ['10.2.9', '10.2.9-h1', -1],
    ['10.2.9-h1', '10.2.9-h3', -1],
    ['10.2.9-h3', '10.2.10', -1],
    ['9.0r3.3', '9.0r3.4', -1],
    ['9.0r3.4', '9.1r1', -1],
    ['va10', 'vb10', -1],
    ['FortiOS 6.0.4'.slice(8), '6.0.4', 0],
    ['', '0', 0],
  ] as const)('%s vs %s → %i', (a, b, expected) => {
    expect(compareVersions(a, b)).toBe(expected);
    expect(compareVersions(b, a)).toBe(expected === 0 ? 0 : -expected);
  });

  const versionText = fc.oneof(
    fc.stringMatching(/^[0-9a-z][0-9a-z._\- ]{0,12}$/),
    fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 5 }).map((a) => a.join('.')),
    fc.tuple(fc.nat(20), fc.nat(20), fc.constantFrom('', 'a', 'e', 'p1', 'p15', '-8.50', '-49.15', 'r3.4', '-rc1', 'rc2', '-beta', '-h1', '-h10', '.0', '.0.0', '_appl')).map(([a, b, s]) => `${a}.${b}${s}`),
  );

  it('is reflexive', () => {
    fc.assert(fc.property(versionText, (a) => compareVersions(a, a) === 0));
  });

  it('is antisymmetric: sign(a, b) = -sign(b, a)', () => {
    fc.assert(fc.property(versionText, versionText, (a, b) => compareVersions(a, b) === -compareVersions(b, a) || (compareVersions(a, b) === 0 && compareVersions(b, a) === 0)));
  });

  it('is transitive (for every ordering of three versions)', () => {
    fc.assert(
      fc.property(versionText, versionText, versionText, (a, b, c) => {
        for (const [x, y, z] of [[a, b, c], [a, c, b], [b, a, c], [b, c, a], [c, a, b], [c, b, a]] as const) {
          if (compareVersions(x, y) <= 0 && compareVersions(y, z) <= 0) expect(compareVersions(x, z)).toBeLessThanOrEqual(0);
          if (compareVersions(x, y) === 0 && compareVersions(y, z) === 0) expect(compareVersions(x, z)).toBe(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('splitVendorVersion / parseAssetVersion', () => {
  it('splits Pulse/Ivanti and Juniper style fix levels into update', () => {
    expect(splitVendorVersion('9.0R3.4')).toEqual({ version: '9.0', update: 'r3.4' });
    expect(splitVendorVersion('18.4R3-S9')).toEqual({ version: '18.4', update: 'r3-s9' });
    expect(splitVendorVersion('6.0.4')).toEqual({ version: '6.0.4', update: null });
  });

  it.each([
    ['FortiOS 6.0.4', exact('6.0.4')],
    ['Version 4.50', exact('4.50')],
    ['v6.2.9', exact('6.2.9')],
    ['V4.2', exact('4.2')],
    ['PAN-OS 10.2.9', exact('10.2.9')],
    ['IOS XE 17.9.4', exact('17.9.4')],
    ['DSM 7.2.1', exact('7.2.1')],
    ['ONTAP 9.8P10', exact('9.8p10')],
    ['Rev.14.01.20', exact('14.01.20')],
    ['fw 1.14.1', exact('1.14.1')],
    ['iLO 5 2.78', exact('2.78')],
    ['6.0.4 build0231 (GA)', exact('6.0.4')],
    ['6.0.4 build 0231', exact('6.0.4')],
    ['ＦｏｒｔｉＯＳ　６．０．４', exact('6.0.4')],
    ['9.0R3.4', exact('9.0', 'r3.4')],
    ['Pulse Connect Secure 9.0R3.3', exact('9.0', 'r3.3')],
    ['13.1-49.15', exact('13.1-49.15')],
    ['2.12.2', exact('2.12.2')],
    ['6.0.x', pattern('6.0')],
    ['6.0.X', pattern('6.0')],
    ['6.0.*', pattern('6.0')],
    ['FortiOS 6.x', pattern('6')],
    ['6.0系', pattern('6.0')],
    ['unknown', unknown],
    ['Unknown', unknown],
    ['不明', unknown],
    ['', unknown],
    ['  ', unknown],
    ['?', unknown],
    ['最新', unknown],
  ] as const)('%s', (text, expected) => {
    expect(parseAssetVersion(text)).toEqual(expected);
  });

  it('treats null as unknown', () => {
    expect(parseAssetVersion(null)).toEqual(unknown);
  });

  it('reads an identity WFN back into an asset version', () => {
    expect(assetVersionFromWfn(ANY, ANY)).toEqual(unknown);
    expect(assetVersionFromWfn('6\\.0\\.*', ANY)).toEqual(pattern('6.0'));
    expect(assetVersionFromWfn('9\\.0', 'r3\\.4')).toEqual(exact('9.0', 'r3.4'));
    expect(assetVersionFromWfn(NA, 'sp1')).toEqual(exact('-', 'sp1'));
    expect(assetVersionFromWfn('r2', NA)).toEqual(exact('r2', '-'));
  });
});

describe('versionInCriteria — the reference table (§2.3)', () => {
  const fortios = 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*';
  it('FortiOS 6.0.10 is not affected by CVE-2018-13379 (6.0.0 ≤ v < 6.0.5)', () => {
    expect(check(exact('6.0.10'), fortios, { startIncl: '6.0.0', endExcl: '6.0.5' })).toBe('out');
    expect(check(exact('6.0.11'), fortios, { startIncl: '6.0.0', endExcl: '6.0.5' })).toBe('out');
  });
  it('FortiOS 6.0.4 is affected by CVE-2018-13379 and CVE-2023-27997 (6.0.0 – 6.0.16)', () => {
    expect(check(exact('6.0.4'), fortios, { startIncl: '6.0.0', endExcl: '6.0.5' })).toBe('in');
    expect(check(exact('6.0.4'), fortios, { startIncl: '6.0.0', endIncl: '6.0.16' })).toBe('in');
    expect(check(exact('6.0.11'), fortios, { startIncl: '6.0.0', endIncl: '6.0.16' })).toBe('in');
  });
  it('NetScaler 14.1-12.35 is not affected by < 14.1-8.50; 13.1-8.50 is in [13.1, 13.1-49.15)', () => {
    const ns = 'cpe:2.3:a:citrix:netscaler_gateway:*:*:*:*:*:*:*:*';
    expect(check(exact('14.1-12.35'), ns, { startIncl: '14.1', endExcl: '14.1-8.50' })).toBe('out');
    expect(check(exact('13.1-8.50'), ns, { startIncl: '13.1', endExcl: '13.1-49.15' })).toBe('in');
    expect(check(exact('13.1-49.15'), ns, { startIncl: '13.1', endExcl: '13.1-49.15' })).toBe('out');
    expect(check(exact('13.0-92.19'), ns, { startIncl: '13.1', endExcl: '13.1-49.15' })).toBe('out');
  });
  it('log4j 2.12.2 is not in [2.4.0, 2.12.2); 2.14.1 is in [2.13.0, 2.15.0)', () => {
    const l = 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*';
    expect(check(exact('2.12.2'), l, { startIncl: '2.4.0', endExcl: '2.12.2' })).toBe('out');
    expect(check(exact('2.14.1'), l, { startIncl: '2.13.0', endExcl: '2.15.0' })).toBe('in');
    expect(check(exact('2.3.1'), l, { startIncl: '2.0.1', endExcl: '2.3.1' })).toBe('out');
  });
  it('Siemens 4.0 ≤ v < 4.0e and ntp 4.2.8p15', () => {
    const s = 'cpe:2.3:o:siemens:acuson_sc2000_firmware:*:*:*:*:*:*:*:*';
    expect(check(exact('4.0'), s, { startIncl: '4.0', endExcl: '4.0e' })).toBe('in');
    expect(check(exact('4.0d'), s, { startIncl: '4.0', endExcl: '4.0e' })).toBe('in');
    expect(check(exact('4.0e'), s, { startIncl: '4.0', endExcl: '4.0e' })).toBe('out');
    const ntp = 'cpe:2.3:a:ntp:ntp:*:*:*:*:*:*:*:*';
    expect(check(exact('4.2.8p15'), ntp, { endExcl: '4.2.8p15' })).toBe('out');
    expect(check(exact('4.2.8p9'), ntp, { endExcl: '4.2.8p15' })).toBe('in');
  });
  it('a missing start bound is −∞, any combination of bounds works', () => {
    const p = 'cpe:2.3:a:fortinet:fortiproxy:*:*:*:*:*:*:*:*';
    expect(check(exact('1.0.0'), p, { endExcl: '1.2.9' })).toBe('in');
    expect(check(exact('1.2.9'), p, { endExcl: '1.2.9' })).toBe('out');
    expect(check(exact('1.2.9'), p, { endIncl: '1.2.9' })).toBe('in');
    expect(check(exact('1.2.9'), p, { startExcl: '1.2.9' })).toBe('out');
    expect(check(exact('1.2.10'), p, { startExcl: '1.2.9' })).toBe('in');
    expect(check(exact('7.0'), p, { startIncl: '7.0' })).toBe('in');
    expect(check(exact('6.9'), p, { startIncl: '7.0', endExcl: '7.2' })).toBe('out');
  });
});

describe('versionInCriteria — patterns, single versions, updates', () => {
  const fortios = 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*';
  it('a "6.0.x" pattern is maybe when its series overlaps the range, never read as 6.0.0', () => {
    expect(check(pattern('6.0'), fortios, { startIncl: '6.0.0', endExcl: '6.0.5' })).toBe('maybe');
    expect(check(pattern('6.0'), fortios, { startIncl: '5.6.3', endExcl: '5.6.8' })).toBe('out');
    expect(check(pattern('6.0'), fortios, { startIncl: '6.2.0', endExcl: '6.2.15' })).toBe('out');
    expect(check(pattern('6.0'), fortios, { endExcl: '6.0.0' })).toBe('out');
    expect(check(pattern('6.0'), fortios, { endIncl: '6.0.0' })).toBe('maybe');
    expect(check(pattern('6'), fortios, { startIncl: '6.0.0', endExcl: '6.0.5' })).toBe('maybe');
  });
  it('a pattern whose whole series lies inside the range is in', () => {
    expect(check(pattern('6.0'), fortios, { startIncl: '6.0', endExcl: '6.2.0' })).toBe('in');
    expect(check(pattern('6.0'), fortios, { startIncl: '5.0', endIncl: '6.1' })).toBe('in');
    expect(check(pattern('6.0'), fortios, { startIncl: '6.0.1', endExcl: '7.0' })).toBe('maybe');
  });
  it('a criteria with a concrete version compares equal, and its update with the asset update', () => {
    const adc = 'cpe:2.3:o:citrix:application_delivery_controller_firmware:12.1:*:*:*:*:*:*:*';
    expect(check(exact('12.1'), adc)).toBe('in');
    expect(check(exact('12.0'), adc)).toBe('out');
    expect(check(exact('13.0'), adc)).toBe('out');
    expect(check(pattern('12'), adc)).toBe('maybe');
    expect(check(pattern('13'), adc)).toBe('out');
    // a build of the named release train: maybe
    expect(versionVerdict(exact('12.1-55.18'), { criteria: adc, vulnerable: true }, '12\\.1', ANY)).toMatchObject({ result: 'maybe', basis: 'train' });
    const pcs = 'cpe:2.3:a:ivanti:connect_secure:9.0:r3.3:*:*:*:*:*:*';
    expect(check(exact('9.0', 'r3.3'), pcs)).toBe('in');
    expect(check(exact('9.0', 'r3.4'), pcs)).toBe('out'); // an unlisted update is out
    expect(check(exact('9.0', null), pcs)).toBe('maybe'); // update not recorded
    expect(check(exact('9.0', '-'), pcs)).toBe('out');
    expect(check(exact('8.3', 'r1'), 'cpe:2.3:a:ivanti:connect_secure:8.3:r1:*:*:*:*:*:*')).toBe('in');
    expect(check(exact('8.2', 'r1'), 'cpe:2.3:a:ivanti:connect_secure:8.2:r1.0:*:*:*:*:*:*')).toBe('in');
  });
  it('bounds that write version and update together are compared with the asset update joined the same way', () => {
    const panos = 'cpe:2.3:o:paloaltonetworks:pan-os:*:*:*:*:*:*:*:*';
    expect(check(exact('10.2.9', 'h1'), panos, { startIncl: '10.2.0', endExcl: '10.2.9-h1' })).toBe('out');
    expect(check(exact('10.2.9', null), panos, { startIncl: '10.2.0', endExcl: '10.2.9-h1' })).toBe('in');
    expect(check(exact('10.2.8', 'h3'), panos, { startIncl: '10.2.0', endExcl: '10.2.9-h1' })).toBe('in');
    const ics = 'cpe:2.3:a:ivanti:connect_secure:*:*:*:*:*:*:*:*';
    expect(check(exact('9.1', 'r17'), ics, { startIncl: '9.0', endExcl: '9.1r18' })).toBe('in');
    expect(check(exact('9.1', 'r18.1'), ics, { startIncl: '9.0', endExcl: '9.1r18' })).toBe('out');
    expect(check(exact('9.0', 'r3.4'), ics, { startIncl: '9.0r1', endExcl: '9.1r18' })).toBe('in');
  });
  it('NA versions (Windows names) compare as values', () => {
    const w7 = 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*';
    expect(check(exact('-', 'sp1'), w7)).toBe('in');
    expect(check(exact('-', null), w7)).toBe('maybe');
    expect(check(exact('-', 'sp2'), w7)).toBe('out');
    expect(check(exact('r2', 'sp1'), 'cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*')).toBe('in');
    expect(check(exact('-', 'sp1'), 'cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*')).toBe('out');
    expect(check(exact('r2', null), 'cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*')).toBe('in');
    expect(check(exact('-', null), 'cpe:2.3:o:microsoft:windows_10_22h2:*:*:*:*:*:*:*:*', { endExcl: '10.0.19045.3570' })).toBe('maybe');
    expect(check(exact('-', null), 'cpe:2.3:h:citrix:application_delivery_controller:-:*:*:*:*:*:*:*')).toBe('in');
  });
  it('criteria version ANY without bounds takes every version; unknown asset versions stay maybe otherwise', () => {
    const all = 'cpe:2.3:o:siemens:tissue_preparation_system_firmware:*:*:*:*:*:*:*:*';
    expect(check(unknown, all)).toBe('in');
    expect(check(exact('1.0'), all)).toBe('in');
    expect(check(pattern('1'), all)).toBe('in');
    expect(check(unknown, fortios, { startIncl: '6.0.0', endExcl: '6.0.5' })).toBe('maybe');
    expect(check(unknown, 'cpe:2.3:o:citrix:application_delivery_controller_firmware:12.1:*:*:*:*:*:*:*')).toBe('maybe');
  });
  it('wildcard criteria versions match by pattern', () => {
    expect(check(exact('8.0.6001'), 'cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*')).toBe('in');
    expect(check(exact('9.0'), 'cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*')).toBe('out');
  });
});

describe('formatRange', () => {
  it.each([
    [{ startIncl: '6.0.0', endExcl: '6.0.5' }, '6.0.0 ≤ v < 6.0.5'],
    [{ endIncl: '1.2.8' }, 'v ≤ 1.2.8'],
    [{ endExcl: '1.2.9' }, 'v < 1.2.9'],
    [{ startExcl: '2.0', endIncl: '2.5' }, '2.0 < v ≤ 2.5'],
    [{ startIncl: '7.0' }, 'v ≥ 7.0'],
    [{ startExcl: '7.0' }, 'v > 7.0'],
    [{}, null],
  ] as const)('%j → %s', (bounds, expected) => {
    expect(formatRange({ criteria: 'cpe:2.3:a:x:y:*:*:*:*:*:*:*:*', vulnerable: true, ...bounds })).toBe(expected);
  });
});
