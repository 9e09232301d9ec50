/**
 * Product identities of an asset (what the matcher compares with NVD/JVN criteria). Pure.
 *
 * 1. the asset's explicit CPE (2.3 or 2.2); a version-less CPE takes the ledger version;
 * 2. without an explicit CPE: vendor / product / version through PRODUCT_ALIASES (documented below);
 * 3. the `os` field through the OS rules (Windows editions with service packs and feature versions, Windows Server,
 *    RHEL, Ubuntu, Debian); with no `os` and no other identity, the product text itself ("Windows Server 2019").
 * Every identity is a CPE 2.3 name; attributes the ledger does not record stay ANY.
 */
import { ANY, bindToFs, isAny, makeWfn, NA, parseCpe, quoteWfn } from './cpe.ts';
import type { AssetIdentity, AssetProductFields, IdentitySource, Wfn, WfnValue } from './types.ts';
import { assetVersionFromWfn, parseAssetVersion, type AssetVersion } from './version.ts';

/** NFKC, lower case, spaces collapsed. */
export function normaliseText(s: string | null | undefined): string {
  return (s ?? '').normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

interface Target {
  part: 'a' | 'o' | 'h';
  vendor: string;
  product: string;
}

export interface ProductAlias {
  /** Rule key, kept on the identity as `alias` (evidence). */
  key: string;
  /** Human description of what the rule recognises. */
  description: string;
  /** Tested against `vendor product version` (normalised). */
  match: RegExp;
  /** The names NVD uses (several when NVD renamed the product). */
  targets: Target[];
  /** Optional: a hardware (or per-model) identity derived from the model text. Version is NA. */
  hardware?: (text: string) => Target[];
  /** Optional: turn the ledger version into version/update (default: parseAssetVersion). */
  version?: (version: string | null) => AssetVersion;
}

const modelOf = (re: RegExp) => (text: string) => re.exec(text)?.[1]?.replace(/[\s-]+/g, '') ?? null;

/** PAN-OS hotfixes are NVD updates: "10.2.9-h1" → 10.2.9 + h1. */
function panosVersion(v: string | null): AssetVersion {
  const p = parseAssetVersion(v);
  if (p.kind === 'exact') {
    const m = /^(.*\d)-?(h\d+)$/.exec(p.version);
    if (m) return { kind: 'exact', version: m[1]!, update: m[2]! };
  }
  return p;
}

/** Exchange "2019 CU12" → version 2019, update cumulative_update_12. */
function exchangeVersion(v: string | null): AssetVersion {
  const t = normaliseText(v);
  const m = /\b(2010|2013|2016|2019)\b(?:.*?\bcu\s*(\d+))?/.exec(t);
  if (m) return { kind: 'exact', version: m[1]!, update: m[2] ? `cumulative_update_${m[2]}` : null };
  return parseAssetVersion(v);
}

/** ESXi "7.0 Update 3n" / "7.0U3n": the train is the version; the update is left unknown (NVD spells it variously). */
function esxiVersion(v: string | null): AssetVersion {
  const t = normaliseText(v);
  const m = /(\d+\.\d+(?:\.\d+)?)\s*(?:u|update)\s*\d/.exec(t);
  if (m) return { kind: 'exact', version: m[1]!, update: null };
  return parseAssetVersion(v);
}

const SMA_100 = new Set(['200', '210', '400', '410', '500v']);

/**
 * Vendor/product aliases: ledger wording → the CPE names NVD uses. Matched against the normalised text
 * `vendor product version`, so a hardware product with the OS in the version ("FAS2750" + "ONTAP 9.8P10") is found.
 * Japanese katakana spellings are accepted where vendors are commonly written that way.
 */
export const PRODUCT_ALIASES: readonly ProductAlias[] = [
  {
    key: 'fortiproxy',
    description: 'Fortinet FortiProxy',
    match: /fortiproxy|フォーティプロキシ/,
    targets: [{ part: 'a', vendor: 'fortinet', product: 'fortiproxy' }],
  },
  {
    key: 'fortios',
    description: 'Fortinet FortiGate / FortiOS (firewall, SSL-VPN)',
    match: /fortigate|fortios|forti gate|フォーティゲート|fortiwifi/,
    targets: [{ part: 'o', vendor: 'fortinet', product: 'fortios' }],
  },
  {
    key: 'connect_secure',
    description: 'Pulse Secure / Pulse Connect Secure / Ivanti Connect Secure (SSL-VPN); "9.0R3.4" → 9.0 + r3.4',
    match: /pulse ?(connect ?)?secure|ivanti ?connect ?secure|パルスセキュア|(pulse|ivanti).*\b(pcs|ics)\b/,
    targets: [
      { part: 'a', vendor: 'ivanti', product: 'connect_secure' },
      { part: 'a', vendor: 'pulsesecure', product: 'pulse_connect_secure' },
    ],
  },
  {
    key: 'netscaler_gateway',
    description: 'Citrix / NetScaler Gateway (firmware; hardware when an MPX/SDX model is named)',
    match: /(netscaler|citrix|シトリックス) ?gateway/,
    targets: [
      { part: 'o', vendor: 'citrix', product: 'netscaler_gateway_firmware' },
      { part: 'o', vendor: 'citrix', product: 'gateway_firmware' },
    ],
    hardware: (t) =>
      /\b(mpx|sdx)\b|\b(mpx|sdx) ?\d/.test(t)
        ? [
            { part: 'h', vendor: 'citrix', product: 'netscaler_gateway' },
            { part: 'h', vendor: 'citrix', product: 'gateway' },
          ]
        : [],
  },
  {
    key: 'citrix_adc',
    description: 'Citrix ADC / NetScaler ADC (firmware; hardware when an MPX/SDX model is named)',
    match: /citrix ?adc|netscaler|application delivery controller|シトリックス ?adc/,
    targets: [{ part: 'o', vendor: 'citrix', product: 'application_delivery_controller_firmware' }],
    hardware: (t) => (/\b(mpx|sdx)\b|\b(mpx|sdx) ?\d/.test(t) ? [{ part: 'h', vendor: 'citrix', product: 'application_delivery_controller' }] : []),
  },
  {
    key: 'sonicwall_sma',
    description: 'SonicWall SMA (Secure Mobile Access); per-model firmware names as NVD writes them',
    match: /sonicwall.*\bsma\b|secure mobile access|ソニックウォール.*\bsma\b/,
    targets: [],
    hardware: (t) => {
      const model = modelOf(/\bsma ?(\d{3,4}v?)\b/)(t);
      const out: Target[] = [];
      if (!model || SMA_100.has(model) || model === '100') {
        out.push({ part: 'o', vendor: 'sonicwall', product: 'sma_100_firmware' }, { part: 'o', vendor: 'sonicwall', product: 'sma100_firmware' });
      }
      if (model && model !== '100') {
        out.push(
          { part: 'o', vendor: 'sonicwall', product: `sma_${model}_firmware` },
          { part: 'o', vendor: 'sonicwall', product: `sma${model}_firmware` },
          { part: 'h', vendor: 'sonicwall', product: `sma_${model}` },
        );
      }
      return out;
    },
  },
  {
    key: 'pan-os',
    description: 'Palo Alto Networks PAN-OS ("PAN-OS 10.2.9-h1" → 10.2.9 + h1)',
    match: /pan-?os|(palo ?alto|パロアルト).*\b(pa|vm)-?\d/,
    targets: [{ part: 'o', vendor: 'paloaltonetworks', product: 'pan-os' }],
    version: panosVersion,
  },
  {
    key: 'ios_xe',
    description: 'Cisco IOS XE ("IOS XE 17.9.4")',
    match: /ios[ -]?xe/,
    targets: [{ part: 'o', vendor: 'cisco', product: 'ios_xe' }],
  },
  {
    key: 'cisco_ftd',
    description: 'Cisco Firepower Threat Defense ("FTD 7.2.5")',
    match: /firepower threat defense|\bftd\b/,
    targets: [{ part: 'a', vendor: 'cisco', product: 'firepower_threat_defense' }],
  },
  {
    key: 'cisco_asa',
    description: 'Cisco ASA (Adaptive Security Appliance software)',
    match: /cisco.*\basa\b|adaptive security appliance|\basa ?\d{4}/,
    targets: [{ part: 'a', vendor: 'cisco', product: 'adaptive_security_appliance_software' }],
  },
  {
    key: 'synology_dsm',
    description: 'Synology DiskStation Manager ("DSM 7.2.1"; any Synology NAS, not its SRM routers)',
    match: /synology(?!.*\bsrm\b)|シノロジー|diskstation|rackstation/,
    targets: [{ part: 'o', vendor: 'synology', product: 'diskstation_manager' }],
  },
  {
    key: 'netapp_ontap',
    description: 'NetApp ONTAP 9 (NVD: clustered_data_ontap, as application and as OS)',
    match: /ontap/,
    targets: [
      { part: 'a', vendor: 'netapp', product: 'clustered_data_ontap' },
      { part: 'o', vendor: 'netapp', product: 'clustered_data_ontap' },
    ],
  },
  {
    key: 'vmware_esxi',
    description: 'VMware ESXi ("7.0 Update 3n" → 7.0, update not compared)',
    match: /esxi/,
    targets: [{ part: 'o', vendor: 'vmware', product: 'esxi' }],
    version: esxiVersion,
  },
  {
    key: 'exchange_server',
    description: 'Microsoft Exchange Server ("2019 CU12" → 2019 + cumulative_update_12)',
    match: /exchange ?server|microsoft exchange(?! online)|exchange (2010|2013|2016|2019)/,
    targets: [{ part: 'a', vendor: 'microsoft', product: 'exchange_server' }],
    version: exchangeVersion,
  },
  {
    key: 'log4j',
    description: 'Apache Log4j 2',
    match: /log4j/,
    targets: [{ part: 'a', vendor: 'apache', product: 'log4j' }],
  },
  {
    key: 'openssl',
    description: 'OpenSSL',
    match: /openssl/,
    targets: [{ part: 'a', vendor: 'openssl', product: 'openssl' }],
  },
  {
    key: 'yamaha_rtx',
    description: 'Yamaha RTX/NVR routers (per-model firmware and hardware, "Rev.14.01.20")',
    match: /(yamaha|ヤマハ).*\b(rtx|nvr) ?\d{3,4}|\brtx ?\d{3,4}\b/,
    targets: [],
    hardware: (t) => {
      const model = modelOf(/\b((?:rtx|nvr) ?\d{3,4}[a-z]*)\b/)(t);
      return model
        ? [
            { part: 'o', vendor: 'yamaha', product: `${model}_firmware` },
            { part: 'h', vendor: 'yamaha', product: model },
          ]
        : [];
    },
  },
];

/* ----------------------------------------------------------------------------------------------------------------
 * Building identities
 * -------------------------------------------------------------------------------------------------------------- */

function versionAttrs(v: AssetVersion): { version: WfnValue; update: WfnValue } {
  if (v.kind === 'unknown') return { version: ANY, update: ANY };
  if (v.kind === 'pattern') return { version: `${quoteWfn(v.prefix)}\\.*`, update: ANY };
  return {
    version: v.version === '-' ? NA : quoteWfn(v.version),
    update: v.update === null ? ANY : v.update === '-' ? NA : quoteWfn(v.update),
  };
}

function kindOf(wfn: Wfn): AssetIdentity['version'] {
  const v = assetVersionFromWfn(wfn.version, wfn.update);
  return v.kind;
}

function identity(source: IdentitySource, wfn: Wfn, alias?: string): AssetIdentity {
  const id: AssetIdentity = { source, cpe: bindToFs(wfn), wfn, version: kindOf(wfn) };
  if (alias) id.alias = alias;
  return id;
}

function fromTarget(source: IdentitySource, t: Target, v: AssetVersion, alias: string, extra?: Partial<Wfn>): AssetIdentity {
  const wfn = makeWfn({ part: t.part, vendor: quoteWfn(t.vendor), product: quoteWfn(t.product), ...versionAttrs(v), ...extra });
  return identity(source, wfn, alias);
}

/** The alias rule that recognises an asset's vendor/product/version text, if any. */
export function findAlias(asset: Pick<AssetProductFields, 'vendor' | 'product' | 'version'>): ProductAlias | null {
  const text = normaliseText([asset.vendor, asset.product, asset.version].filter(Boolean).join(' '));
  if (!text) return null;
  return PRODUCT_ALIASES.find((a) => a.match.test(text)) ?? null;
}

function aliasIdentities(asset: AssetProductFields): AssetIdentity[] {
  const rule = findAlias(asset);
  if (!rule) return [];
  const text = normaliseText([asset.vendor, asset.product, asset.version].filter(Boolean).join(' '));
  const v = rule.version ? rule.version(asset.version) : parseAssetVersion(asset.version);
  const out = rule.targets.map((t) => fromTarget('alias', t, v, rule.key));
  for (const t of rule.hardware?.(text) ?? []) {
    out.push(t.part === 'h' ? fromTarget('alias', t, { kind: 'exact', version: '-', update: null }, rule.key) : fromTarget('alias', t, v, rule.key));
  }
  return out;
}

/* ----------------------------------------------------------------------------------------------------------------
 * Operating systems
 * -------------------------------------------------------------------------------------------------------------- */

const WIN10_FEATURES = ['1507', '1511', '1607', '1703', '1709', '1803', '1809', '1903', '1909', '2004', '20h2', '21h1', '21h2', '22h2'];
const WIN11_FEATURES = ['21h2', '22h2', '23h2', '24h2', '25h2'];
/** Windows 10 LTSB/LTSC channels and the feature release they are built on. */
const WIN10_LTSC: Record<string, string> = { '2015': '1507', '2016': '1607', '2019': '1809', '2021': '21h2' };

function servicePack(t: string): WfnValue {
  const m = /\bsp ?(\d)\b|service pack ?(\d)/.exec(t);
  return m ? `sp${m[1] ?? m[2]}` : ANY;
}

function arch(t: string): WfnValue {
  if (/\bx64\b|64 ?-?bit|amd64|x86_64|64ビット/.test(t)) return 'x64';
  if (/\bx86\b|32 ?-?bit|32ビット/.test(t)) return 'x86';
  return ANY;
}

interface OsRule {
  key: string;
  description: string;
  identities: (t: string) => Partial<Wfn>[] | null;
}

const ms = (product: string, version: WfnValue, update: WfnValue, extra?: Partial<Wfn>): Partial<Wfn> => ({
  part: 'o',
  vendor: 'microsoft',
  product: quoteWfn(product),
  version,
  update,
  ...extra,
});

/** OS rules, first match wins. The NVD names are those used in CVE-2017-0144 / CVE-2019-0708 and later records. */
export const OS_RULES: readonly OsRule[] = [
  {
    key: 'windows_server',
    description: 'Windows Server 2003–2025, R2 and service packs → windows_server_2008:r2:sp1 style',
    identities: (t) => {
      const m = /windows ?server ?(2003|2008|2012|2016|2019|2022|2025)( ?r2)?/.exec(t);
      if (!m) return null;
      return [ms(`windows_server_${m[1]}`, m[2] ? 'r2' : NA, servicePack(t), { target_hw: arch(t) })];
    },
  },
  {
    key: 'windows_xp',
    description: 'Windows XP (incl. Embedded) → windows_xp:-:sp3',
    identities: (t) => (/windows ?xp/.test(t) ? [ms('windows_xp', NA, servicePack(t))] : null),
  },
  {
    key: 'windows_vista',
    description: 'Windows Vista → windows_vista:-:sp2',
    identities: (t) => (/windows ?vista/.test(t) ? [ms('windows_vista', NA, servicePack(t))] : null),
  },
  {
    key: 'windows_7',
    description: 'Windows 7 (Embedded Standard 7 also as windows_embedded_standard_7) → windows_7:-:sp1',
    identities: (t) => {
      if (!/windows ?7\b|windows embedded standard 7/.test(t)) return null;
      const out = [ms('windows_7', NA, servicePack(t), { target_hw: arch(t) })];
      if (/embedded/.test(t)) out.push(ms('windows_embedded_standard_7', NA, servicePack(t), { target_hw: arch(t) }));
      return out;
    },
  },
  {
    key: 'windows_8.1',
    description: 'Windows 8.1 / RT 8.1',
    identities: (t) => {
      if (/windows ?rt ?8\.1/.test(t)) return [ms('windows_rt_8.1', NA, ANY)];
      if (/windows ?8\.1/.test(t)) return [ms('windows_8.1', NA, ANY, { target_hw: arch(t) })];
      return null;
    },
  },
  {
    key: 'windows_10',
    description: 'Windows 10 with its feature version (22H2, LTSC 2019 = 1809) → windows_10_22h2:-; without it windows_10 (version unknown)',
    identities: (t) => {
      if (!/windows ?10\b/.test(t)) return null;
      const ltsc = /\blts[bc] ?(2015|2016|2019|2021)\b/.exec(t) ?? /\b(2015|2016|2019|2021) ?lts[bc]\b/.exec(t);
      const fv = ltsc ? WIN10_LTSC[ltsc[1]!] : WIN10_FEATURES.find((f) => new RegExp(`\\b${f}\\b`).test(t));
      if (fv) return [ms(`windows_10_${fv}`, NA, ANY, { target_hw: arch(t) })];
      return [ms('windows_10', ANY, ANY, { target_hw: arch(t) })];
    },
  },
  {
    key: 'windows_11',
    description: 'Windows 11 with its feature version (23H2) → windows_11_23h2:-; without it windows_11 (version unknown)',
    identities: (t) => {
      if (!/windows ?11\b/.test(t)) return null;
      const fv = WIN11_FEATURES.find((f) => new RegExp(`\\b${f}\\b`).test(t));
      if (fv) return [ms(`windows_11_${fv}`, NA, ANY, { target_hw: arch(t) })];
      return [ms('windows_11', ANY, ANY, { target_hw: arch(t) })];
    },
  },
  {
    key: 'rhel',
    description: 'Red Hat Enterprise Linux "8.10" → redhat:enterprise_linux:8.10',
    identities: (t) => {
      const m = /(?:red ?hat enterprise linux|\brhel)(?: server| workstation)?(?: release)? ?(\d+(?:\.\d+)?)?/.exec(t);
      if (!m) return null;
      return [{ part: 'o', vendor: 'redhat', product: 'enterprise_linux', version: m[1] ? quoteWfn(m[1]) : ANY }];
    },
  },
  {
    key: 'ubuntu',
    description: 'Ubuntu "22.04 LTS" → canonical:ubuntu_linux:22.04',
    identities: (t) => {
      const m = /ubuntu(?: server| desktop)? ?(\d{2}\.\d{2})?/.exec(t);
      if (!m) return null;
      return [{ part: 'o', vendor: 'canonical', product: 'ubuntu_linux', version: m[1] ? quoteWfn(m[1]) : ANY }];
    },
  },
  {
    key: 'debian',
    description: 'Debian "12" → debian:debian_linux:12',
    identities: (t) => {
      const m = /debian(?: gnu\/linux)? ?(\d+)?/.exec(t);
      if (!m) return null;
      return [{ part: 'o', vendor: 'debian', product: 'debian_linux', version: m[1] ? m[1] : ANY }];
    },
  },
];

function osIdentities(os: string | null): AssetIdentity[] {
  const t = normaliseText(os);
  if (!t) return [];
  for (const rule of OS_RULES) {
    const ids = rule.identities(t);
    if (ids) return ids.map((w) => identity('os', makeWfn(w), rule.key));
  }
  return [];
}

/* ----------------------------------------------------------------------------------------------------------------
 * Entry points
 * -------------------------------------------------------------------------------------------------------------- */

function explicitIdentity(asset: AssetProductFields): AssetIdentity | null {
  if (!asset.cpe) return null;
  const wfn = parseCpe(asset.cpe);
  if (!wfn) return null;
  if (isAny(wfn.version) && asset.version) {
    const v = parseAssetVersion(asset.version);
    if (v.kind !== 'unknown') {
      const attrs = versionAttrs(v);
      wfn.version = attrs.version;
      if (isAny(wfn.update)) wfn.update = attrs.update;
    }
  }
  return identity('cpe', wfn);
}

/** Every product identity of an asset: explicit CPE, else the alias table; plus the OS. Duplicates removed. */
export function deriveIdentities(asset: AssetProductFields): AssetIdentity[] {
  const out: AssetIdentity[] = [];
  const explicit = explicitIdentity(asset);
  if (explicit) out.push(explicit);
  else out.push(...aliasIdentities(asset));
  // The OS field; when it is empty, an OS written as the product ("Windows Server 2019") is read the same way.
  const os = osIdentities(asset.os);
  out.push(...(os.length > 0 || asset.os || explicit || out.length > 0 ? os : osIdentities([asset.vendor, asset.product, asset.version].filter(Boolean).join(' '))));
  const seen = new Set<string>();
  return out.filter((id) => (seen.has(id.cpe) ? false : (seen.add(id.cpe), true)));
}

const CORPORATE = /(株式会社|有限会社|合同会社|\(株\)|㈱|\b(inc|incorporated|corp|corporation|co|ltd|limited|llc|gmbh|k\.k|kk|plc|ag|sa|networks?|systems?|japan|ジャパン)\b\.?|[,.])/g;

function cpeToken(s: string): string {
  return normaliseText(s).replace(CORPORATE, ' ').trim().replace(/[\s/]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
}

/**
 * What to search the CPE candidates for when suggesting a CPE for an asset: the alias target when a rule knows the
 * product, otherwise CPE-like tokens of the vendor and product (corporate suffixes dropped).
 */
export function suggestQuery(asset: Pick<AssetProductFields, 'vendor' | 'product' | 'version'> & Partial<AssetProductFields>): {
  vendor?: string;
  product?: string;
  text: string;
} {
  const rule = findAlias(asset);
  const target = rule?.targets[0] ?? (rule?.hardware ? rule.hardware(normaliseText([asset.vendor, asset.product, asset.version].join(' ')))[0] : undefined);
  if (target) return { vendor: target.vendor, product: target.product, text: `${target.vendor} ${target.product}` };
  const vendor = asset.vendor ? cpeToken(asset.vendor) : '';
  const product = asset.product ? cpeToken(asset.product) : '';
  const res: { vendor?: string; product?: string; text: string } = { text: [vendor, product].filter(Boolean).join(' ') };
  if (vendor) res.vendor = vendor;
  if (product) res.product = product;
  return res;
}
