import catalogue from '../../../fixtures/kev/known_exploited_vulnerabilities.json';
import { describe, expect, it } from 'vitest';
import { deriveIdentities } from './identity.ts';
import { kevCriteriaLabel, kevEvidence, kevKeyString, kevProductKeys } from './kev.ts';

/** Real KEV rows (fixtures/kev, CISA catalogue) → candidate CPE (vendor, product) keys. */

const KEV: readonly { cveID: string; vendorProject: string; product: string }[] = catalogue.vulnerabilities;

function keysOf(cve: string): string[] {
  const row = KEV.find((r) => r.cveID === cve);
  if (!row) throw new Error(`${cve} not in the fixture`);
  return kevProductKeys(row.vendorProject, row.product).map(kevKeyString).sort();
}

describe('kevProductKeys (real KEV rows)', () => {
  it('maps products the alias table knows to the CPE names NVD uses', () => {
    expect(keysOf('CVE-2024-21762')).toEqual(['fortinet:fortios']); // Fortinet / FortiOS
    expect(keysOf('CVE-2024-3400')).toEqual(['paloaltonetworks:pan-os']); // Palo Alto Networks / PAN-OS
    expect(keysOf('CVE-2023-20198')).toEqual(['cisco:ios_xe']); // Cisco / IOS XE Web UI
    expect(keysOf('CVE-2019-11510')).toEqual(['ivanti:connect_secure', 'pulsesecure:pulse_connect_secure']); // Ivanti / Pulse Connect Secure
    expect(keysOf('CVE-2021-44228')).toEqual(['apache:log4j']); // Apache / Log4j2
  });

  it('splits "A and B" and "A, B, and C" into parts, each through the alias table or as a plain key', () => {
    // Ivanti / Connect Secure and Policy Secure
    expect(keysOf('CVE-2023-46805')).toEqual(['ivanti:connect_secure', 'ivanti:policy_secure', 'pulsesecure:pulse_connect_secure']);
    // Citrix / NetScaler ADC and NetScaler Gateway
    expect(keysOf('CVE-2023-4966')).toEqual(['citrix:application_delivery_controller_firmware', 'citrix:gateway_firmware', 'citrix:netscaler_gateway_firmware']);
    // Citrix / Application Delivery Controller (ADC), Gateway, and SD-WAN WANOP Appliance
    expect(keysOf('CVE-2019-19781')).toEqual(
      expect.arrayContaining(['citrix:application_delivery_controller_firmware', 'citrix:netscaler_gateway_firmware', 'citrix:sd-wan_wanop_appliance']),
    );
    // Cisco / Adaptive Security Appliance (ASA) and Firepower Threat Defense (FTD)
    expect(keysOf('CVE-2024-20353')).toEqual(['cisco:adaptive_security_appliance_software', 'cisco:firepower_threat_defense']);
  });

  it('knows the KEV spellings of Windows, the Linux kernel and Chromium', () => {
    const win = kevProductKeys('Microsoft', 'Windows').map(kevKeyString);
    expect(win).toEqual(expect.arrayContaining(['microsoft:windows_7', 'microsoft:windows_10_22h2', 'microsoft:windows_11_23h2', 'microsoft:windows_server_2019']));
    expect(kevProductKeys('Microsoft', 'Windows CNG Key Isolation Service').map(kevKeyString)).toEqual(win);
    expect(kevProductKeys('Microsoft', 'Win32k').map(kevKeyString)).toEqual(win);
    expect(kevProductKeys('Microsoft', 'Exchange Server').map(kevKeyString)).toEqual(['microsoft:exchange_server']);
    expect(kevProductKeys('Microsoft', 'Windows Defender').map(kevKeyString)).toEqual(['microsoft:windows_defender']);
    expect(kevProductKeys('Linux', 'Kernel').map(kevKeyString)).toEqual(['linux:linux_kernel']);
    expect(keysOf('CVE-2024-7971')).toEqual(['google:chrome']); // Google / Chromium V8
  });

  it('gives plain keys for other products and none for "Multiple Products"', () => {
    expect(kevProductKeys('Oracle', 'WebLogic Server').map(kevKeyString)).toEqual(['oracle:weblogic_server']);
    expect(kevProductKeys('Synacor', 'Zimbra Collaboration Suite (ZCS)').map(kevKeyString)).toEqual(['synacor:zimbra_collaboration_suite']);
    expect(kevProductKeys('Veeam', 'Backup & Replication').map(kevKeyString)).toEqual(['veeam:backup_and_replication']);
    expect(kevProductKeys('Cisco', 'IOS Software').map(kevKeyString)).toEqual(['cisco:ios']);
    expect(keysOf('CVE-2022-40684')).toEqual([]); // Fortinet / Multiple Products
    expect(keysOf('CVE-2020-15505')).toEqual([]); // Ivanti / MobileIron Multiple Products
  });

  it('never throws and yields only index-form keys for every row of the catalogue', () => {
    for (const r of KEV) {
      for (const k of kevProductKeys(r.vendorProject, r.product)) {
        expect(k.vendor).toMatch(/^[a-z0-9._-]+$/);
        expect(k.product).toMatch(/^[a-z0-9._-]+$/);
      }
    }
  });
});

describe('kevEvidence', () => {
  it('names each asset identity whose (vendor, product) is a key', () => {
    const fortigate = deriveIdentities({ type: 'firewall', vendor: 'Fortinet', product: 'FortiGate 60F', version: '7.0.12', cpe: null, os: null });
    const keys = new Set(kevProductKeys('Fortinet', 'FortiOS').map(kevKeyString));
    const label = kevCriteriaLabel('Fortinet', 'FortiOS');
    expect(label).toBe('KEV: Fortinet FortiOS');
    expect(kevEvidence(label, keys, fortigate)).toEqual([
      { configuration: -1, criteria: 'KEV: Fortinet FortiOS', range: null, identity: 'cpe:2.3:o:fortinet:fortios:7.0.12:*:*:*:*:*:*:*', reason: 'kev_vendor_product', vulnerable: true },
    ]);
    const pc = deriveIdentities({ type: 'pc', vendor: 'NEC', product: 'Mate', version: null, cpe: null, os: 'Windows 10 22H2' });
    expect(kevEvidence(label, keys, pc)).toEqual([]);
    expect(kevEvidence('KEV: Microsoft Windows', new Set(kevProductKeys('Microsoft', 'Windows').map(kevKeyString)), pc)).toHaveLength(1);
  });
});
