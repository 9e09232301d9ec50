import { describe, expect, it } from 'vitest';
import { parseCpe23 } from './cpe.ts';
import { deriveIdentities, findAlias, normaliseText, OS_RULES, PRODUCT_ALIASES, suggestQuery } from './identity.ts';
import type { AssetProductFields } from './types.ts';

const asset = (fields: Partial<AssetProductFields>): AssetProductFields => ({
  type: 'network_device',
  vendor: null,
  product: null,
  version: null,
  cpe: null,
  os: null,
  ...fields,
});
const cpes = (fields: Partial<AssetProductFields>) => deriveIdentities(asset(fields)).map((i) => i.cpe);

describe('PRODUCT_ALIASES with realistic ledger strings', () => {
  it.each([
    // [vendor, product, version, expected identities]
    ['Fortinet', 'FortiGate 60E', 'FortiOS 6.0.4', ['cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*']],
    ['Fortinet', 'FortiGate 100F', 'v7.2.8', ['cpe:2.3:o:fortinet:fortios:7.2.8:*:*:*:*:*:*:*']],
    ['フォーティネット', 'フォーティゲート 60E', '6.0.4', ['cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*']],
    ['Fortinet', 'FortiGate-60E', '6.0.x', ['cpe:2.3:o:fortinet:fortios:6.0.*:*:*:*:*:*:*:*']],
    ['Fortinet', 'FortiProxy', '2.0.0', ['cpe:2.3:a:fortinet:fortiproxy:2.0.0:*:*:*:*:*:*:*']],
    [
      'Pulse Secure',
      'Pulse Connect Secure',
      '9.0R3.4',
      ['cpe:2.3:a:ivanti:connect_secure:9.0:r3.4:*:*:*:*:*:*', 'cpe:2.3:a:pulsesecure:pulse_connect_secure:9.0:r3.4:*:*:*:*:*:*'],
    ],
    [
      'Ivanti',
      'Ivanti Connect Secure',
      '22.7R2.3',
      ['cpe:2.3:a:ivanti:connect_secure:22.7:r2.3:*:*:*:*:*:*', 'cpe:2.3:a:pulsesecure:pulse_connect_secure:22.7:r2.3:*:*:*:*:*:*'],
    ],
    ['Citrix', 'Citrix ADC VPX', '13.1-49.15', ['cpe:2.3:o:citrix:application_delivery_controller_firmware:13.1-49.15:*:*:*:*:*:*:*']],
    [
      'Citrix',
      'NetScaler ADC MPX 8905',
      '14.1-12.35',
      ['cpe:2.3:o:citrix:application_delivery_controller_firmware:14.1-12.35:*:*:*:*:*:*:*', 'cpe:2.3:h:citrix:application_delivery_controller:-:*:*:*:*:*:*:*'],
    ],
    [
      'Citrix',
      'NetScaler Gateway',
      '13.0-92.19',
      ['cpe:2.3:o:citrix:netscaler_gateway_firmware:13.0-92.19:*:*:*:*:*:*:*', 'cpe:2.3:o:citrix:gateway_firmware:13.0-92.19:*:*:*:*:*:*:*'],
    ],
    [
      'SonicWall',
      'SMA 410',
      '10.2.1.9-57sv',
      [
        'cpe:2.3:o:sonicwall:sma_100_firmware:10.2.1.9-57sv:*:*:*:*:*:*:*',
        'cpe:2.3:o:sonicwall:sma100_firmware:10.2.1.9-57sv:*:*:*:*:*:*:*',
        'cpe:2.3:o:sonicwall:sma_410_firmware:10.2.1.9-57sv:*:*:*:*:*:*:*',
        'cpe:2.3:o:sonicwall:sma410_firmware:10.2.1.9-57sv:*:*:*:*:*:*:*',
        'cpe:2.3:h:sonicwall:sma_410:-:*:*:*:*:*:*:*',
      ],
    ],
    ['Palo Alto Networks', 'PA-3220', 'PAN-OS 10.2.9', ['cpe:2.3:o:paloaltonetworks:pan-os:10.2.9:*:*:*:*:*:*:*']],
    ['Palo Alto Networks', 'PA-440', 'PAN-OS 11.1.2-h3', ['cpe:2.3:o:paloaltonetworks:pan-os:11.1.2:h3:*:*:*:*:*:*']],
    ['Cisco', 'Catalyst 9500', 'IOS XE 17.9.4', ['cpe:2.3:o:cisco:ios_xe:17.9.4:*:*:*:*:*:*:*']],
    ['Cisco', 'Catalyst 9200', 'IOS XE 17.6.5', ['cpe:2.3:o:cisco:ios_xe:17.6.5:*:*:*:*:*:*:*']],
    ['Cisco', 'ASA 5516-X', '9.8(4)', ['cpe:2.3:a:cisco:adaptive_security_appliance_software:9.8\\(4\\):*:*:*:*:*:*:*']],
    ['Cisco', 'Firepower 1010', 'FTD 7.2.5', ['cpe:2.3:a:cisco:firepower_threat_defense:7.2.5:*:*:*:*:*:*:*']],
    ['Cisco', 'ASA 5516-X', 'FTD 6.6.5', ['cpe:2.3:a:cisco:firepower_threat_defense:6.6.5:*:*:*:*:*:*:*']],
    ['Synology', 'RackStation RS3621xs+', 'DSM 7.2.1', ['cpe:2.3:o:synology:diskstation_manager:7.2.1:*:*:*:*:*:*:*']],
    [
      'NetApp',
      'FAS2750',
      'ONTAP 9.8P10',
      ['cpe:2.3:a:netapp:clustered_data_ontap:9.8p10:*:*:*:*:*:*:*', 'cpe:2.3:o:netapp:clustered_data_ontap:9.8p10:*:*:*:*:*:*:*'],
    ],
    ['VMware', 'ESXi', '7.0 Update 3n', ['cpe:2.3:o:vmware:esxi:7.0:*:*:*:*:*:*:*']],
    ['Microsoft', 'Exchange Server', '2019 CU12', ['cpe:2.3:a:microsoft:exchange_server:2019:cumulative_update_12:*:*:*:*:*:*']],
    ['Apache Software Foundation', 'Log4j', '2.14.1', ['cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*']],
    ['OpenSSL Project', 'OpenSSL', '1.1.1k', ['cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*']],
    ['Yamaha', 'RTX1210', 'Rev.14.01.20', ['cpe:2.3:o:yamaha:rtx1210_firmware:14.01.20:*:*:*:*:*:*:*', 'cpe:2.3:h:yamaha:rtx1210:-:*:*:*:*:*:*:*']],
  ] as const)('%s %s %s', (vendor, product, version, expected) => {
    expect(cpes({ vendor, product, version })).toEqual(expected);
    for (const c of expected) expect(() => parseCpe23(c)).not.toThrow();
  });

  it('keeps the rule key and the version kind on each identity', () => {
    const [fg] = deriveIdentities(asset({ vendor: 'Fortinet', product: 'FortiGate 60E', version: 'FortiOS 6.0.4' }));
    expect(fg).toMatchObject({ source: 'alias', alias: 'fortios', version: 'exact' });
    const [x] = deriveIdentities(asset({ vendor: 'Fortinet', product: 'FortiGate 60E', version: '6.0.x' }));
    expect(x?.version).toBe('pattern');
    const [u] = deriveIdentities(asset({ vendor: 'Fortinet', product: 'FortiGate 60E', version: '不明' }));
    expect(u).toMatchObject({ version: 'unknown', cpe: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*' });
  });

  it('does not mistake look-alikes', () => {
    expect(findAlias({ vendor: 'Microsoft', product: 'Exchange Online', version: null })).toBeNull();
    expect(findAlias({ vendor: 'SMA Solar', product: 'Sunny Boy', version: '3.0' })).toBeNull();
    expect(findAlias({ vendor: 'Palo Alto Networks', product: 'Cortex XDR', version: '8.1' })).toBeNull();
    expect(findAlias({ vendor: 'Synology', product: 'RT6600ax', version: 'SRM 1.3' })).toBeNull();
    expect(findAlias({ vendor: 'Citrix', product: 'Workspace app', version: '2203' })).toBeNull();
    expect(findAlias({ vendor: 'Fortinet', product: 'FortiAnalyzer', version: '7.0.1' })).toBeNull();
    expect(findAlias({ vendor: 'RICOH', product: 'IM C4500', version: 'unknown' })).toBeNull();
    expect(findAlias({ vendor: null, product: null, version: null })).toBeNull();
  });

  it('every rule is documented and produces parseable names', () => {
    const keys = new Set<string>();
    for (const rule of PRODUCT_ALIASES) {
      expect(rule.description.length).toBeGreaterThan(5);
      expect(keys.has(rule.key)).toBe(false);
      keys.add(rule.key);
    }
    for (const rule of OS_RULES) expect(rule.description.length).toBeGreaterThan(5);
  });
});

describe('OS identities', () => {
  it.each([
    ['Windows 7 Professional SP1', ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*']],
    ['Windows 7 Enterprise Service Pack 1 (64bit)', ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*']],
    ['Windows 7 Embedded Standard', ['cpe:2.3:o:microsoft:windows_7:-:*:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_embedded_standard_7:-:*:*:*:*:*:*:*']],
    ['Windows XP Professional SP3', ['cpe:2.3:o:microsoft:windows_xp:-:sp3:*:*:*:*:*:*']],
    ['Windows XP Embedded', ['cpe:2.3:o:microsoft:windows_xp:-:*:*:*:*:*:*:*']],
    ['Windows Vista Business SP2', ['cpe:2.3:o:microsoft:windows_vista:-:sp2:*:*:*:*:*:*']],
    ['Windows 8.1 Pro', ['cpe:2.3:o:microsoft:windows_8.1:-:*:*:*:*:*:*:*']],
    ['Windows 10 Enterprise 22H2', ['cpe:2.3:o:microsoft:windows_10_22h2:-:*:*:*:*:*:*:*']],
    ['Windows 10 Pro 22H2 x64', ['cpe:2.3:o:microsoft:windows_10_22h2:-:*:*:*:*:*:x64:*']],
    ['Windows 10 Enterprise 1607', ['cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:*:*']],
    ['Windows 10 IoT Enterprise LTSC 2019', ['cpe:2.3:o:microsoft:windows_10_1809:-:*:*:*:*:*:*:*']],
    ['Windows 10 Enterprise LTSC 2021', ['cpe:2.3:o:microsoft:windows_10_21h2:-:*:*:*:*:*:*:*']],
    ['Windows 10 Enterprise 2016 LTSB', ['cpe:2.3:o:microsoft:windows_10_1607:-:*:*:*:*:*:*:*']],
    ['Windows 7 Professional SP1（64ビット）', ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:x64:*']],
    ['Windows Embedded Standard 7 SP1', ['cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*', 'cpe:2.3:o:microsoft:windows_embedded_standard_7:-:sp1:*:*:*:*:*:*']],
    ['Red Hat Enterprise Linux Server release 7.9 (Maipo)', ['cpe:2.3:o:redhat:enterprise_linux:7.9:*:*:*:*:*:*:*']],
    ['Windows 10 Pro', ['cpe:2.3:o:microsoft:windows_10:*:*:*:*:*:*:*:*']],
    ['Windows 11 Pro 23H2', ['cpe:2.3:o:microsoft:windows_11_23h2:-:*:*:*:*:*:*:*']],
    ['Windows 11 Enterprise 22H2', ['cpe:2.3:o:microsoft:windows_11_22h2:-:*:*:*:*:*:*:*']],
    ['Windows Server 2008 R2', ['cpe:2.3:o:microsoft:windows_server_2008:r2:*:*:*:*:*:*:*']],
    ['Windows Server 2008 R2 SP1', ['cpe:2.3:o:microsoft:windows_server_2008:r2:sp1:*:*:*:*:*:*']],
    ['Windows Server 2008 SP2', ['cpe:2.3:o:microsoft:windows_server_2008:-:sp2:*:*:*:*:*:*']],
    ['Windows Server 2012', ['cpe:2.3:o:microsoft:windows_server_2012:-:*:*:*:*:*:*:*']],
    ['Windows Server 2012 R2', ['cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*']],
    ['Windows Server 2016', ['cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*']],
    ['Windows Server 2019 Standard', ['cpe:2.3:o:microsoft:windows_server_2019:-:*:*:*:*:*:*:*']],
    ['Windows Server 2022 Datacenter', ['cpe:2.3:o:microsoft:windows_server_2022:-:*:*:*:*:*:*:*']],
    ['Ｗｉｎｄｏｗｓ　Ｓｅｒｖｅｒ　２０１６', ['cpe:2.3:o:microsoft:windows_server_2016:-:*:*:*:*:*:*:*']],
    ['Red Hat Enterprise Linux 8.10', ['cpe:2.3:o:redhat:enterprise_linux:8.10:*:*:*:*:*:*:*']],
    ['RHEL 9', ['cpe:2.3:o:redhat:enterprise_linux:9:*:*:*:*:*:*:*']],
    ['Ubuntu 22.04 LTS', ['cpe:2.3:o:canonical:ubuntu_linux:22.04:*:*:*:*:*:*:*']],
    ['Debian GNU/Linux 12', ['cpe:2.3:o:debian:debian_linux:12:*:*:*:*:*:*:*']],
    ['macOS 14', []],
    ['', []],
  ] as const)('%s', (os, expected) => {
    expect(cpes({ type: 'client_pc', os })).toEqual(expected);
  });

  it('reads an OS written as the product when the os field is empty', () => {
    expect(cpes({ type: 'server', vendor: 'Microsoft', product: 'Windows Server 2019 Standard' })).toEqual(['cpe:2.3:o:microsoft:windows_server_2019:-:*:*:*:*:*:*:*']);
    expect(cpes({ type: 'client_pc', product: 'Windows 10 Pro', version: '22H2' })).toEqual(['cpe:2.3:o:microsoft:windows_10_22h2:-:*:*:*:*:*:*:*']);
    // not when another identity exists or the os field says something else
    expect(cpes({ vendor: 'Fortinet', product: 'FortiGate (Windows 7 console)', version: '6.0.4' })).toEqual(['cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*']);
    expect(cpes({ product: 'Windows 10 Pro', os: 'macOS 14' })).toEqual([]);
  });

  it('adds the OS to a product identity', () => {
    const ids = deriveIdentities(asset({ type: 'server', vendor: 'Dell', product: 'PowerEdge R750', version: 'BIOS 1.10.2', os: 'Windows Server 2019' }));
    expect(ids.map((i) => [i.source, i.alias, i.version])).toEqual([['os', 'windows_server', 'exact']]);
  });
});

describe('explicit CPE', () => {
  it('wins over the alias table, takes the ledger version when its own is ANY, and keeps the OS', () => {
    const ids = deriveIdentities(
      asset({ vendor: 'Fortinet', product: 'FortiGate 100F', version: 'FortiOS 7.2.8', cpe: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', os: 'Windows 10 Pro 22H2' }),
    );
    expect(ids.map((i) => [i.source, i.cpe, i.version])).toEqual([
      ['cpe', 'cpe:2.3:o:fortinet:fortios:7.2.8:*:*:*:*:*:*:*', 'exact'],
      ['os', 'cpe:2.3:o:microsoft:windows_10_22h2:-:*:*:*:*:*:*:*', 'exact'],
    ]);
  });
  it('keeps its own version; reads 2.2 URIs; fills Pulse-style updates', () => {
    expect(cpes({ cpe: 'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*', version: 'FortiOS 7.0.0' })).toEqual(['cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*']);
    expect(cpes({ cpe: 'cpe:/h:corega:cg-wgr1200' })).toEqual(['cpe:2.3:h:corega:cg-wgr1200:*:*:*:*:*:*:*:*']);
    expect(cpes({ cpe: 'cpe:2.3:a:ivanti:connect_secure:*:*:*:*:*:*:*:*', version: '9.0R3.3' })).toEqual(['cpe:2.3:a:ivanti:connect_secure:9.0:r3.3:*:*:*:*:*:*']);
    expect(cpes({ cpe: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*', version: '6.0.x' })).toEqual(['cpe:2.3:o:fortinet:fortios:6.0.*:*:*:*:*:*:*:*']);
    expect(deriveIdentities(asset({ cpe: 'cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*' }))[0]?.version).toBe('unknown');
  });
  it('an invalid CPE is ignored (the alias table is used instead)', () => {
    expect(cpes({ cpe: 'fortinet fortios', vendor: 'Fortinet', product: 'FortiGate', version: '6.0.4' })).toEqual(['cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*']);
  });
});

describe('the demo hospital ledger', () => {
  it.each([
    ['Fortinet', 'FortiGate 60E', 'FortiOS 6.0.4', null, 'cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*'],
    ['Palo Alto Networks', 'PA-3220', 'PAN-OS 10.2.9', null, 'cpe:2.3:o:paloaltonetworks:pan-os:10.2.9:*:*:*:*:*:*:*'],
    ['Cisco', 'Catalyst 9800-L', 'IOS XE 17.9.4', null, 'cpe:2.3:o:cisco:ios_xe:17.9.4:*:*:*:*:*:*:*'],
    ['Synology', 'RackStation RS3621xs+', 'DSM 7.2.1', null, 'cpe:2.3:o:synology:diskstation_manager:7.2.1:*:*:*:*:*:*:*'],
    ['NetApp', 'FAS2750', 'ONTAP 9.8P10', null, 'cpe:2.3:a:netapp:clustered_data_ontap:9.8p10:*:*:*:*:*:*:*'],
    ['東芝メディカル', 'TW-CT 64', 'V4.2', 'Windows 7 Professional SP1', 'cpe:2.3:o:microsoft:windows_7:-:sp1:*:*:*:*:*:*'],
    ['東芝メディカル', 'TW-MR 1.5T', 'V2.8', 'Windows XP Professional SP3', 'cpe:2.3:o:microsoft:windows_xp:-:sp3:*:*:*:*:*:*'],
    ['NEC', 'Express5800/T120h', 'BMC 1.12', 'Windows Server 2012 R2', 'cpe:2.3:o:microsoft:windows_server_2012:r2:*:*:*:*:*:*:*'],
    ['HP', 'Z2 Tower G5', '22H2', 'Windows 10 Enterprise 22H2', 'cpe:2.3:o:microsoft:windows_10_22h2:-:*:*:*:*:*:*:*'],
    ['日本バイタル株式会社', 'InfuLink', '不明', 'Windows Server 2008 R2', 'cpe:2.3:o:microsoft:windows_server_2008:r2:*:*:*:*:*:*:*'],
    ['NEC', 'Express5800/R120h-1M', 'BMC 1.12', 'Red Hat Enterprise Linux 8.10', 'cpe:2.3:o:redhat:enterprise_linux:8.10:*:*:*:*:*:*:*'],
  ] as const)('%s %s %s %s', (vendor, product, version, os, expected) => {
    expect(cpes({ vendor, product, version, os })).toContain(expected);
  });
  it('assets the tables do not know get no identity', () => {
    expect(cpes({ vendor: '株式会社ラボシステム', product: 'LabNavi', version: '3.0.5' })).toEqual([]);
    expect(cpes({ vendor: 'RICOH', product: 'IM C4500', version: 'unknown' })).toEqual([]);
  });
});

describe('suggestQuery', () => {
  it('uses the alias target when a rule knows the product', () => {
    expect(suggestQuery({ vendor: 'Fortinet', product: 'FortiGate 60E', version: 'FortiOS 6.0.4' })).toEqual({ vendor: 'fortinet', product: 'fortios', text: 'fortinet fortios' });
    expect(suggestQuery({ vendor: 'Yamaha', product: 'RTX1210', version: 'Rev.14.01.20' })).toEqual({
      vendor: 'yamaha',
      product: 'rtx1210_firmware',
      text: 'yamaha rtx1210_firmware',
    });
  });
  it('otherwise turns vendor and product into CPE-like tokens without corporate suffixes', () => {
    expect(suggestQuery({ vendor: 'RICOH Co., Ltd.', product: 'IM C4500', version: null })).toEqual({ vendor: 'ricoh', product: 'im_c4500', text: 'ricoh im_c4500' });
    expect(suggestQuery({ vendor: '株式会社ラボシステム', product: 'LabNavi', version: '3.0.5' })).toEqual({ vendor: 'ラボシステム', product: 'labnavi', text: 'ラボシステム labnavi' });
    expect(suggestQuery({ vendor: 'Allied Telesis', product: 'x230-28GT', version: null })).toEqual({ vendor: 'allied_telesis', product: 'x230-28gt', text: 'allied_telesis x230-28gt' });
    expect(suggestQuery({ vendor: null, product: null, version: null })).toEqual({ text: '' });
  });
  it('normalises text (NFKC, lower case, spaces)', () => {
    expect(normaliseText('  ＦｏｒｔｉＧａｔｅ　　60E ')).toBe('fortigate 60e');
  });
});
