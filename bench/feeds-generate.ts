/**
 * Deterministic generator of NVD CVE 2.0 feed files in the real shape (issue 4 benchmarks).
 *
 * Writes `nvdcve-2.0-YYYY.json` files (envelope `resultsPerPage`, `startIndex`, `totalResults`, `format: "NVD_CVE"`,
 * `version: "2.0"`, `timestamp`, `vulnerabilities[].cve`) with English and Spanish descriptions, CVSS v3.1 metrics
 * from NVD (Primary) and the CNA (Secondary), v4.0 for recent years, v2 for old ones, weaknesses, references, and
 * configurations: OR nodes with ranges and exact versions, AND (running-on) configurations of vulnerable firmware on
 * a non-vulnerable hardware platform, some unanalysed (no configurations) and rejected records. Sizes follow the
 * NVD records in fixtures/nvd2 (4–15 KB typical, a few much larger). Full scale: about 345,000 CVEs and 1.5 million
 * match criteria, 2 GB of JSON.
 *
 *   node --import tsx bench/feeds-generate.ts OUT_DIR [CVES]     # CVES defaults to 345000
 *
 * `generateNvdFeeds()` is exported for other benchmarks (re-matching) at smaller scale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface GenerateOptions {
  dir: string;
  /** Total CVEs (default 345,000). */
  cves?: number;
  seed?: number;
  /** Indentation of the JSON (NVD's files are indented); 0 = compact. */
  indent?: number;
}

export interface GeneratedFeeds {
  files: string[];
  cves: number;
  criteria: number;
  bytes: number;
  /** The (part, vendor, product) names used, most frequent first (for generating matching assets). */
  products: { part: 'a' | 'o' | 'h'; vendor: string; product: string }[];
}

/** A deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Relative number of CVEs per year (NVD's growth: a few thousand a year in the 2000s, ~40k in 2024). */
const YEAR_WEIGHTS: Record<number, number> = {
  1999: 1500, 2000: 1200, 2001: 1700, 2002: 2400, 2003: 1500, 2004: 2700, 2005: 4800, 2006: 7100, 2007: 6600, 2008: 7200,
  2009: 5000, 2010: 4700, 2011: 4300, 2012: 5500, 2013: 6000, 2014: 8000, 2015: 8500, 2016: 10500, 2017: 16500, 2018: 17000,
  2019: 17500, 2020: 19000, 2021: 21000, 2022: 25500, 2023: 29500, 2024: 40000, 2025: 44000, 2026: 12000,
};

const WORDS = (
  'remote attacker could allow execute arbitrary code via crafted request buffer overflow in the web interface of ' +
  'authentication bypass improper input validation path traversal SQL injection cross-site scripting privilege escalation ' +
  'denial of service memory corruption heap use-after-free integer overflow sensitive information disclosure firmware ' +
  'device management component service unauthenticated network adjacent local user session token certificate validation ' +
  'configuration file parameter handler function module driver kernel library server client portal gateway appliance'
).split(' ');
const ES_WORDS = 'un atacante remoto podría ejecutar código arbitrario mediante una solicitud manipulada desbordamiento de búfer en la interfaz web del dispositivo'.split(' ');
const SOURCES = ['nvd@nist.gov', 'psirt@fortinet.com', 'secure@microsoft.com', 'cve@mitre.org', 'security-advisories@github.com', 'psirt@cisco.com', 'productcert@siemens.com', 'secalert@redhat.com', 'vultures@jpcert.or.jp', 'cna@vuldb.com'];
const CNA_UUIDS = ['134c704f-9b21-4f2e-91b3-4a467353bcc0', 'a6081bf6-c852-4425-ad4f-a67582f00b66', '9119a7d8-5eab-497f-8521-727c672e3725', '1c6b5737-9389-4011-8117-89fa251edfb2'];
const REF_TAGS = ['Vendor Advisory', 'Patch', 'Third Party Advisory', 'Exploit', 'Issue Tracking', 'Mailing List', 'US Government Resource', 'Broken Link', 'VDB Entry'];
const CWES = ['CWE-79', 'CWE-787', 'CWE-89', 'CWE-22', 'CWE-20', 'CWE-125', 'CWE-78', 'CWE-416', 'CWE-352', 'CWE-434', 'CWE-862', 'CWE-476', 'CWE-287', 'CWE-190', 'CWE-502', 'CWE-77', 'CWE-119', 'CWE-798', 'CWE-918', 'CWE-306', 'NVD-CWE-noinfo', 'NVD-CWE-Other'];
const AV = ['NETWORK', 'ADJACENT_NETWORK', 'LOCAL', 'PHYSICAL'];
const AV_CODE: Record<string, string> = { NETWORK: 'N', ADJACENT_NETWORK: 'A', LOCAL: 'L', PHYSICAL: 'P' };
const LHN = ['LOW', 'HIGH', 'NONE'];

export function generateNvdFeeds(opts: GenerateOptions): GeneratedFeeds {
  const total = opts.cves ?? 345_000;
  const rnd = prng(opts.seed ?? 20261126);
  const indent = opts.indent ?? 2;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const hex = (n: number) => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789ABCDEF'[Math.floor(rnd() * 16)];
    return s;
  };
  const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
  const words = (n: number, pool = WORDS) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(pick(pool));
    const s = out.join(' ');
    return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
  };

  // Vendors and products: a skewed popularity (a few vendors carry most CVEs), as in NVD.
  const VENDOR_COUNT = 12_000;
  const vendors: { name: string; products: { part: 'a' | 'o' | 'h'; name: string }[] }[] = [];
  for (let v = 0; v < VENDOR_COUNT; v++) {
    const name = v === 0 ? 'fortinet' : v === 1 ? 'microsoft' : v === 2 ? 'cisco' : v === 3 ? 'siemens' : `vendor${v.toString(36)}_${hex(3).toLowerCase()}`;
    const products: { part: 'a' | 'o' | 'h'; name: string }[] = [];
    const n = v < 50 ? int(20, 120) : int(1, 8);
    for (let p = 0; p < n; p++) {
      const r = rnd();
      products.push({ part: r < 0.75 ? 'a' : r < 0.92 ? 'o' : 'h', name: `${pick(['web', 'net', 'secure', 'cloud', 'data', 'med', 'core', 'smart'])}_${pick(['server', 'gateway', 'portal', 'manager', 'agent', 'os', 'firmware', 'suite'])}${p}` });
    }
    vendors.push({ name, products });
  }
  const vendorPick = () => vendors[Math.min(VENDOR_COUNT - 1, Math.floor(VENDOR_COUNT * rnd() ** 3))]!;
  const version = () => (rnd() < 0.7 ? `${int(0, 15)}.${int(0, 20)}.${int(0, 40)}` : rnd() < 0.5 ? `${int(1, 12)}.${int(0, 9)}` : `${int(1, 9)}.${int(0, 9)}.${int(0, 9)}.${int(0, 999)}`);
  const used = new Map<string, { part: 'a' | 'o' | 'h'; vendor: string; product: string; n: number }>();
  const cpe = (part: string, vendor: string, product: string, ver: string) => `cpe:2.3:${part}:${vendor}:${product}:${ver}:*:*:*:*:*:*:*`;

  let criteriaTotal = 0;
  const criteriaFor = (vendor: { name: string; products: { part: 'a' | 'o' | 'h'; name: string }[] }, count: number, vulnerable: boolean, partOverride?: 'a' | 'o' | 'h') => {
    const product = pick(vendor.products);
    const part = partOverride ?? product.part;
    const key = `${part}:${vendor.name}:${product.name}`;
    const u = used.get(key);
    if (u) u.n++;
    else used.set(key, { part, vendor: vendor.name, product: product.name, n: 1 });
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      criteriaTotal++;
      const r = rnd();
      if (r < 0.55) {
        const lo = version();
        const m: Record<string, unknown> = { vulnerable, criteria: cpe(part, vendor.name, product.name, '*') };
        if (rnd() < 0.6) m.versionStartIncluding = lo;
        m[rnd() < 0.8 ? 'versionEndExcluding' : 'versionEndIncluding'] = version();
        m.matchCriteriaId = uuid();
        out.push(m);
      } else {
        out.push({ vulnerable, criteria: cpe(part, vendor.name, product.name, r < 0.97 ? version() : '-'), matchCriteriaId: uuid() });
      }
    }
    return out;
  };
  const criteriaCount = () => {
    const r = rnd();
    return r < 0.5 ? int(1, 2) : r < 0.79 ? int(3, 5) : r < 0.945 ? int(6, 10) : r < 0.992 ? int(11, 30) : int(31, 100);
  };

  const cvss31 = (source: string, type: string) => {
    const av = pick(AV);
    const c = pick(LHN);
    const i = pick(LHN);
    const a = pick(LHN);
    const score = Math.round((rnd() * 8 + 2) * 10) / 10;
    return {
      source,
      type,
      cvssData: {
        version: '3.1',
        vectorString: `CVSS:3.1/AV:${AV_CODE[av]}/AC:L/PR:N/UI:N/S:U/C:${c[0]}/I:${i[0]}/A:${a[0]}`,
        baseScore: score,
        baseSeverity: score >= 9 ? 'CRITICAL' : score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : 'LOW',
        attackVector: av,
        attackComplexity: 'LOW',
        privilegesRequired: 'NONE',
        userInteraction: 'NONE',
        scope: 'UNCHANGED',
        confidentialityImpact: c,
        integrityImpact: i,
        availabilityImpact: a,
      },
      exploitabilityScore: 3.9,
      impactScore: 5.9,
    };
  };

  fs.mkdirSync(opts.dir, { recursive: true });
  const sum = Object.values(YEAR_WEIGHTS).reduce((a, b) => a + b, 0);
  const years = Object.keys(YEAR_WEIGHTS).map(Number);
  const files: string[] = [];
  let written = 0;
  let bytes = 0;
  const pad = (n: number) => String(n).padStart(2, '0');
  for (const [yi, year] of years.entries()) {
    const n = yi === years.length - 1 ? total - written : Math.round((total * YEAR_WEIGHTS[year]!) / sum);
    written += n;
    const file = path.join(opts.dir, `nvdcve-2.0-${year}.json`);
    const fd = fs.openSync(file, 'w');
    let buf = '';
    const flush = (force = false) => {
      if (buf.length > 1 << 20 || (force && buf)) {
        bytes += fs.writeSync(fd, buf);
        buf = '';
      }
    };
    const nl = indent ? '\n' : '';
    buf += `{${nl}"resultsPerPage": ${n},${nl}"startIndex": 0,${nl}"totalResults": ${n},${nl}"format": "NVD_CVE",${nl}"version": "2.0",${nl}"timestamp": "2026-11-26T00:00:00.000",${nl}"vulnerabilities": [${nl}`;
    let seq = int(1, 50);
    for (let k = 0; k < n; k++) {
      seq += int(1, 3);
      const id = `CVE-${year}-${String(seq).padStart(4, '0')}`;
      const month = int(1, 12);
      const published = `${year}-${pad(month)}-${pad(int(1, 28))}T${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}.${String(int(0, 999)).padStart(3, '0')}`;
      const modYear = Math.min(2026, year + int(0, 4));
      const lastModified = `${modYear}-${pad(int(1, 12))}-${pad(int(1, 28))}T${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}.${String(int(0, 999)).padStart(3, '0')}`;
      const r = rnd();
      const status = r < 0.02 ? 'Rejected' : r < 0.1 ? 'Awaiting Analysis' : r < 0.2 ? 'Deferred' : r < 0.4 ? 'Modified' : 'Analyzed';
      const cve: Record<string, unknown> = { id, sourceIdentifier: pick(SOURCES), published, lastModified, vulnStatus: status, cveTags: [] };
      cve.descriptions = status === 'Rejected' ? [{ lang: 'en', value: `Rejected reason: ${words(int(8, 20))}` }] : [
        { lang: 'en', value: words(int(30, 110)) },
        ...(rnd() < 0.7 ? [{ lang: 'es', value: words(int(30, 110), ES_WORDS) }] : []),
      ];
      if (status !== 'Rejected') {
        const metrics: Record<string, unknown> = {};
        if (year >= 2016 || rnd() < 0.3) metrics.cvssMetricV31 = [cvss31('nvd@nist.gov', 'Primary'), ...(rnd() < 0.5 ? [cvss31(pick(CNA_UUIDS), 'Secondary')] : [])];
        if (year >= 2023 && rnd() < 0.3) {
          metrics.cvssMetricV40 = [{ source: pick(CNA_UUIDS), type: 'Secondary', cvssData: { version: '4.0', vectorString: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', baseScore: Math.round((rnd() * 8 + 2) * 10) / 10, baseSeverity: 'HIGH', attackVector: 'NETWORK', attackComplexity: 'LOW', attackRequirements: 'NONE', privilegesRequired: 'NONE', userInteraction: 'NONE', vulnConfidentialityImpact: 'HIGH', vulnIntegrityImpact: 'HIGH', vulnAvailabilityImpact: 'HIGH', subConfidentialityImpact: 'NONE', subIntegrityImpact: 'NONE', subAvailabilityImpact: 'NONE' } }];
        }
        if (year <= 2016 || rnd() < 0.1) metrics.cvssMetricV2 = [{ source: 'nvd@nist.gov', type: 'Primary', cvssData: { version: '2.0', vectorString: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: Math.round((rnd() * 8 + 2) * 10) / 10, accessVector: 'NETWORK', accessComplexity: 'LOW', authentication: 'NONE', confidentialityImpact: 'PARTIAL', integrityImpact: 'PARTIAL', availabilityImpact: 'PARTIAL' }, baseSeverity: 'HIGH', exploitabilityScore: 10.0, impactScore: 6.4, acInsufInfo: false, obtainAllPrivilege: false, obtainUserPrivilege: false, obtainOtherPrivilege: false, userInteractionRequired: false }];
        cve.metrics = metrics;
        if (rnd() < 0.004) Object.assign(cve, { cisaExploitAdd: `${Math.max(2021, year)}-11-03`, cisaActionDue: `${Math.max(2021, year)}-11-17`, cisaRequiredAction: 'Apply updates per vendor instructions.', cisaVulnerabilityName: `${words(4)} Vulnerability` });
        cve.weaknesses = [{ source: 'nvd@nist.gov', type: 'Primary', description: [{ lang: 'en', value: pick(CWES) }] }, ...(rnd() < 0.4 ? [{ source: pick(CNA_UUIDS), type: 'Secondary', description: [{ lang: 'en', value: pick(CWES) }] }] : [])];
        if (status !== 'Awaiting Analysis') {
          const configurations: Record<string, unknown>[] = [];
          const vendor = vendorPick();
          const count = criteriaCount();
          if (rnd() < 0.15) {
            // Running-on: vulnerable firmware AND a non-vulnerable hardware platform.
            const fw = Math.max(1, Math.ceil(count / 2));
            configurations.push({
              operator: 'AND',
              nodes: [
                { operator: 'OR', negate: false, cpeMatch: criteriaFor(vendor, fw, true, 'o') },
                { operator: 'OR', negate: false, cpeMatch: criteriaFor(vendor, Math.max(1, count - fw), false, 'h') },
              ],
            });
          } else {
            configurations.push({ nodes: [{ operator: 'OR', negate: false, cpeMatch: criteriaFor(vendor, count, true) }] });
          }
          if (rnd() < 0.1) configurations.push({ nodes: [{ operator: 'OR', negate: false, cpeMatch: criteriaFor(vendorPick(), int(1, 4), true) }] });
          cve.configurations = configurations;
        }
        const refs: Record<string, unknown>[] = [];
        const nrefs = rnd() < 0.02 ? int(40, 200) : int(2, 12);
        for (let i = 0; i < nrefs; i++) {
          refs.push({ url: `https://${pick(['www.', 'support.', 'security.', ''])}${pick(vendors.slice(0, 200)).name}.example/${pick(['advisory', 'security', 'bulletin', 'kb'])}/${hex(10).toLowerCase()}`, source: cve.sourceIdentifier, ...(rnd() < 0.7 && { tags: [pick(REF_TAGS), ...(rnd() < 0.3 ? [pick(REF_TAGS)] : [])] }) });
        }
        cve.references = refs;
      }
      const text = JSON.stringify({ cve }, null, indent);
      buf += (k > 0 ? `,${nl}` : '') + text;
      flush();
    }
    buf += `${nl}]${nl}}${nl}`;
    flush(true);
    fs.closeSync(fd);
    files.push(file);
  }
  const products = [...used.values()].sort((a, b) => b.n - a.n).map(({ part, vendor, product }) => ({ part, vendor, product }));
  return { files, cves: total, criteria: criteriaTotal, bytes, products };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node --import tsx bench/feeds-generate.ts OUT_DIR [CVES]');
    process.exit(2);
  }
  const t0 = performance.now();
  const r = generateNvdFeeds({ dir, cves: Number(process.argv[3] ?? 345_000) });
  console.log(`${r.files.length} files, ${r.cves} CVEs, ${r.criteria} criteria, ${(r.bytes / 1024 / 1024).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s → ${dir}`);
}
