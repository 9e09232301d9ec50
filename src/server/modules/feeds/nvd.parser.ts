import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { FeedFormat } from '../../../shared/vulns/domain.ts';
import type { CpeMatchCriteria, VulnConfiguration, VulnNode } from '../../../shared/vulns/types.ts';
import { JsonArrayFramer, type FramedElement } from './json-framer.ts';
import { FeedFormatError, type CveRecord, type FeedFileMeta, type FeedRecord, type KevRecord } from './records.ts';

/**
 * NVD CVE records (API 2.0 responses, 2.0 feed files, single 2.0 `cve` objects, legacy 1.1 feeds and items) and the
 * CISA KEV JSON catalogue, streamed: the framer cuts out one array element at a time (from the UTF-8 bytes), `JSON.parse` reads it, and the
 * normaliser turns it into a CveRecord / KevRecord.
 */

export const RECORDS_PER_BATCH = 500;
/** References kept per CVE (CVE-2021-44228 has hundreds). */
export const MAX_REFS = 50;
const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface ParsedFeed {
  meta: FeedFileMeta;
  batches: AsyncIterable<FeedRecord[]>;
}

type Obj = Record<string, unknown>;

/** Where a normaliser reports a problem (the parser adds file name and record number). */
export interface FailCtx {
  fail(detail: string, field?: string): never;
}

class Ctx implements FailCtx {
  constructor(
    readonly fileName: string,
    public record: number,
  ) {}
  fail(detail: string, field?: string): never {
    throw new FeedFormatError(this.fileName, detail, { record: this.record, ...(field && { field }) });
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A CVSS base score: a number 0–10, else a format error naming the field. */
function score(v: unknown, ctx: FailCtx, field: string): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > 10) ctx.fail(`bad CVSS score ${JSON.stringify(v)}`, field);
  return n;
}

/**
 * NVD timestamps in one form so they compare as text: 2.0 gives `2025-10-24T12:53:03.100` (UTC, no zone), 1.1 gives
 * `2019-06-04T21:29Z` (minutes). Both become `YYYY-MM-DDTHH:MM:SS.sss`.
 */
export function normaliseNvdTime(v: unknown): string | null {
  if (typeof v !== 'string' || v === '') return null;
  if (v.length === 23 && v[10] === 'T' && v[19] === '.') return v;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(?:Z|[+-]00:?00)?$/.exec(v);
  if (!m) return v;
  return `${m[1]}T${m[2]}:${m[3] ?? '00'}.${(m[4] ?? '').padEnd(3, '0')}`;
}

/** The metric to use from one CVSS list: NVD's own (Primary) first, else the first listed. */
function pickMetric(list: unknown): Obj | null {
  const items = arr(list).filter(isObj);
  if (items.length === 0) return null;
  return items.find((m) => m.type === 'Primary') ?? items[0]!;
}

function criteria20(m: unknown, ctx: FailCtx, where: string): CpeMatchCriteria {
  if (!isObj(m)) ctx.fail('cpeMatch entry is not an object', where);
  const criteria = str(m.criteria);
  if (!criteria) ctx.fail('cpeMatch without criteria', `${where}.criteria`);
  const c: CpeMatchCriteria = { criteria, vulnerable: m.vulnerable !== false };
  if (typeof m.versionStartIncluding === 'string') c.startIncl = m.versionStartIncluding;
  if (typeof m.versionStartExcluding === 'string') c.startExcl = m.versionStartExcluding;
  if (typeof m.versionEndIncluding === 'string') c.endIncl = m.versionEndIncluding;
  if (typeof m.versionEndExcluding === 'string') c.endExcl = m.versionEndExcluding;
  if (typeof m.matchCriteriaId === 'string') c.id = m.matchCriteriaId;
  return c;
}

function operator(v: unknown): 'AND' | 'OR' {
  return v === 'AND' ? 'AND' : 'OR';
}

/** 2.0 `configurations` → VulnConfiguration[]; null when NVD published none (not analysed yet). */
function configurations20(v: unknown, ctx: FailCtx): VulnConfiguration[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) ctx.fail('configurations is not an array', 'configurations');
  if (v.length === 0) return null;
  return v.map((conf, ci) => {
    if (!isObj(conf)) ctx.fail('configuration is not an object', `configurations[${ci}]`);
    const nodes = arr(conf.nodes).map((node, ni): VulnNode => {
      if (!isObj(node)) ctx.fail('node is not an object', `configurations[${ci}].nodes[${ni}]`);
      return {
        operator: operator(node.operator),
        negate: node.negate === true,
        matches: arr(node.cpeMatch).map((m, mi) => criteria20(m, ctx, `configurations[${ci}].nodes[${ni}].cpeMatch[${mi}]`)),
      };
    });
    return { operator: operator(conf.operator), negate: conf.negate === true, nodes };
  });
}

function refs(list: unknown[], url: (r: Obj) => unknown): { url: string; tags: string[] }[] {
  const out: { url: string; tags: string[] }[] = [];
  for (const r of list) {
    if (out.length >= MAX_REFS) break;
    if (!isObj(r)) continue;
    const u = url(r);
    if (typeof u !== 'string') continue;
    out.push({ url: u, tags: arr(r.tags).filter((t): t is string => typeof t === 'string') });
  }
  return out;
}

function cweList(values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) if (typeof v === 'string' && v.startsWith('CWE-') && !out.includes(v)) out.push(v);
  return out;
}

function checkId(id: unknown, ctx: FailCtx, field: string): string {
  if (typeof id !== 'string' || id === '') ctx.fail('record without a CVE id', field);
  const upper = id.trim().toUpperCase();
  if (!CVE_ID.test(upper)) ctx.fail(`"${id}" is not a CVE id`, field);
  return upper;
}

/** One NVD 2.0 `cve` object → CveRecord. */
export function normaliseCve20(cve: unknown, ctx: FailCtx): CveRecord {
  if (!isObj(cve)) ctx.fail('record is not an object', 'cve');
  const id = checkId(cve.id, ctx, 'id');
  const metrics = isObj(cve.metrics) ? cve.metrics : {};
  const v31 = pickMetric(metrics.cvssMetricV31) ?? pickMetric(metrics.cvssMetricV30);
  const v40 = pickMetric(metrics.cvssMetricV40);
  const v2 = pickMetric(metrics.cvssMetricV2);
  const d3 = v31 && isObj(v31.cvssData) ? v31.cvssData : null;
  const d4 = v40 && isObj(v40.cvssData) ? v40.cvssData : null;
  const d2 = v2 && isObj(v2.cvssData) ? v2.cvssData : null;
  let description: string | null = null;
  for (const d of arr(cve.descriptions)) {
    if (isObj(d) && d.lang === 'en' && typeof d.value === 'string') {
      description = d.value;
      break;
    }
  }
  const cwes: unknown[] = [];
  for (const w of arr(cve.weaknesses)) if (isObj(w)) for (const d of arr(w.description)) if (isObj(d)) cwes.push(d.value);
  return {
    kind: 'cve',
    id,
    published: normaliseNvdTime(cve.published),
    lastModified: normaliseNvdTime(cve.lastModified),
    vulnStatus: str(cve.vulnStatus),
    description,
    cvss3Score: d3 ? score(d3.baseScore, ctx, 'metrics.cvssMetricV31.cvssData.baseScore') : null,
    cvss3Vector: d3 ? str(d3.vectorString) : null,
    cvss4Score: d4 ? score(d4.baseScore, ctx, 'metrics.cvssMetricV40.cvssData.baseScore') : null,
    cvss4Vector: d4 ? str(d4.vectorString) : null,
    cvss2Score: d2 ? score(d2.baseScore, ctx, 'metrics.cvssMetricV2.cvssData.baseScore') : null,
    cwes: cweList(cwes),
    refs: refs(arr(cve.references), (r) => r.url),
    configurations: configurations20(cve.configurations, ctx),
  };
}

function criteria11(m: unknown, ctx: FailCtx, where: string): CpeMatchCriteria {
  if (!isObj(m)) ctx.fail('cpe_match entry is not an object', where);
  const criteria = str(m.cpe23Uri);
  if (!criteria) ctx.fail('cpe_match without cpe23Uri', `${where}.cpe23Uri`);
  const c: CpeMatchCriteria = { criteria, vulnerable: m.vulnerable !== false };
  if (typeof m.versionStartIncluding === 'string') c.startIncl = m.versionStartIncluding;
  if (typeof m.versionStartExcluding === 'string') c.startExcl = m.versionStartExcluding;
  if (typeof m.versionEndIncluding === 'string') c.endIncl = m.versionEndIncluding;
  if (typeof m.versionEndExcluding === 'string') c.endExcl = m.versionEndExcluding;
  return c;
}

/**
 * 1.1 `configurations.nodes` (AND expressed as nested `children`) → 2.0-shaped configurations:
 * - a node with `cpe_match` and no children → a configuration with that one node;
 * - an AND node with children → one configuration (operator AND) whose nodes are the children (deeper
 *   children are flattened into the same list);
 * - an OR node with children → one configuration per child (any of them satisfies it).
 */
function configurations11(v: unknown, ctx: FailCtx): VulnConfiguration[] | null {
  if (v === undefined || v === null) return null;
  if (!isObj(v)) ctx.fail('configurations is not an object', 'configurations');
  const out: VulnConfiguration[] = [];
  const leaf = (node: Obj, where: string): VulnNode => ({
    operator: operator(node.operator),
    negate: node.negate === true,
    matches: arr(node.cpe_match).map((m, mi) => criteria11(m, ctx, `${where}.cpe_match[${mi}]`)),
  });
  const flatten = (node: Obj, where: string, into: VulnNode[]): void => {
    const children = arr(node.children);
    if (arr(node.cpe_match).length > 0 || children.length === 0) into.push(leaf(node, where));
    children.forEach((c, i) => {
      if (!isObj(c)) ctx.fail('node is not an object', `${where}.children[${i}]`);
      flatten(c, `${where}.children[${i}]`, into);
    });
  };
  arr(v.nodes).forEach((node, ni) => {
    const where = `configurations.nodes[${ni}]`;
    if (!isObj(node)) ctx.fail('node is not an object', where);
    const children = arr(node.children).filter(isObj);
    if (children.length === 0) {
      out.push({ operator: 'OR', negate: false, nodes: [leaf(node, where)] });
    } else if (operator(node.operator) === 'AND') {
      const nodes: VulnNode[] = [];
      if (arr(node.cpe_match).length > 0) nodes.push(leaf(node, where));
      children.forEach((c, i) => flatten(c, `${where}.children[${i}]`, nodes));
      out.push({ operator: 'AND', negate: node.negate === true, nodes });
    } else {
      if (arr(node.cpe_match).length > 0) out.push({ operator: 'OR', negate: false, nodes: [leaf(node, where)] });
      children.forEach((c, i) => {
        const nodes: VulnNode[] = [];
        flatten(c, `${where}.children[${i}]`, nodes);
        out.push({ operator: nodes.length > 1 ? 'AND' : 'OR', negate: node.negate === true, nodes });
      });
    }
  });
  return out.length > 0 ? out : null;
}

/** One legacy 1.1 `CVE_Items` element → CveRecord. 1.1 has no vulnStatus: a `** REJECT **` description marks a rejected CVE. */
export function normaliseCve11(item: unknown, ctx: FailCtx): CveRecord {
  if (!isObj(item) || !isObj(item.cve)) ctx.fail('record has no "cve" object', 'cve');
  const cve = item.cve;
  const meta = isObj(cve.CVE_data_meta) ? cve.CVE_data_meta : {};
  const id = checkId(meta.ID, ctx, 'cve.CVE_data_meta.ID');
  let description: string | null = null;
  for (const d of arr(isObj(cve.description) ? cve.description.description_data : undefined)) {
    if (isObj(d) && d.lang === 'en' && typeof d.value === 'string') {
      description = d.value;
      break;
    }
  }
  const cwes: unknown[] = [];
  for (const p of arr(isObj(cve.problemtype) ? cve.problemtype.problemtype_data : undefined)) if (isObj(p)) for (const d of arr(p.description)) if (isObj(d)) cwes.push(d.value);
  const impact = isObj(item.impact) ? item.impact : {};
  const m3 = isObj(impact.baseMetricV3) && isObj(impact.baseMetricV3.cvssV3) ? impact.baseMetricV3.cvssV3 : null;
  const m2 = isObj(impact.baseMetricV2) && isObj(impact.baseMetricV2.cvssV2) ? impact.baseMetricV2.cvssV2 : null;
  return {
    kind: 'cve',
    id,
    published: normaliseNvdTime(item.publishedDate),
    lastModified: normaliseNvdTime(item.lastModifiedDate),
    vulnStatus: description?.startsWith('** REJECT **') ? 'Rejected' : null,
    description,
    cvss3Score: m3 ? score(m3.baseScore, ctx, 'impact.baseMetricV3.cvssV3.baseScore') : null,
    cvss3Vector: m3 ? str(m3.vectorString) : null,
    cvss4Score: null,
    cvss4Vector: null,
    cvss2Score: m2 ? score(m2.baseScore, ctx, 'impact.baseMetricV2.cvssV2.baseScore') : null,
    cwes: cweList(cwes),
    refs: refs(arr(isObj(cve.references) ? cve.references.reference_data : undefined), (r) => r.url),
    configurations: configurations11(item.configurations, ctx),
  };
}

function requiredText(v: unknown, ctx: FailCtx, field: string): string {
  if (typeof v !== 'string' || v.trim() === '') ctx.fail(`missing ${field}`, field);
  return v.trim();
}

function requiredDate(v: unknown, ctx: FailCtx, field: string): string {
  const s = requiredText(v, ctx, field);
  if (!DATE.test(s)) ctx.fail(`${field} is not a date (YYYY-MM-DD): ${JSON.stringify(s)}`, field);
  return s;
}

/** One KEV entry (JSON object or CSV row with the same column names) → KevRecord. */
export function normaliseKev(e: unknown, ctx: FailCtx): KevRecord {
  if (!isObj(e)) ctx.fail('KEV entry is not an object');
  const cveId = checkId(e.cveID, ctx, 'cveID');
  const cwesRaw = e.cwes;
  const cwes = Array.isArray(cwesRaw)
    ? cweList(cwesRaw)
    : typeof cwesRaw === 'string'
      ? cweList(cwesRaw.split(/[,;\s]+/))
      : [];
  const notes = typeof e.notes === 'string' && e.notes.trim() !== '' ? e.notes.trim() : null;
  return {
    kind: 'kev',
    cveId,
    vendorProject: requiredText(e.vendorProject, ctx, 'vendorProject'),
    product: requiredText(e.product, ctx, 'product'),
    name: requiredText(e.vulnerabilityName, ctx, 'vulnerabilityName'),
    dateAdded: requiredDate(e.dateAdded, ctx, 'dateAdded'),
    shortDescription: requiredText(e.shortDescription, ctx, 'shortDescription'),
    requiredAction: requiredText(e.requiredAction, ctx, 'requiredAction'),
    dueDate: requiredDate(e.dueDate, ctx, 'dueDate'),
    ransomware: typeof e.knownRansomwareCampaignUse === 'string' && e.knownRansomwareCampaignUse.trim().toLowerCase() === 'known',
    notes,
    cwes,
  };
}

/** Decodes UTF-8 text chunks from a byte stream (a character split between chunks is carried over). */
export async function* textChunks(input: Readable): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) {
    const s = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    if (s) yield s;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** Which top-level arrays hold the records, and how to read one element. */
interface JsonShape {
  arrayKeys: readonly string[] | null;
  element(el: FramedElement, value: unknown, ctx: FailCtx): FeedRecord;
}

const SHAPES: Partial<Record<FeedFormat, JsonShape>> = {
  'nvd-api-2.0': { arrayKeys: ['vulnerabilities'], element: (_el, v, ctx) => normaliseCve20(isObj(v) ? v.cve : undefined, ctx) },
  'nvd-feed-2.0': { arrayKeys: ['vulnerabilities'], element: (_el, v, ctx) => normaliseCve20(isObj(v) ? v.cve : undefined, ctx) },
  // A single `cve` object, or one `{ "cve": {…} }` element of a response (Dependency-Track's fixtures).
  'nvd-cve-2.0': { arrayKeys: null, element: (_el, v, ctx) => normaliseCve20(isObj(v) && isObj(v.cve) && !('id' in v) ? v.cve : v, ctx) },
  // A 1.1 feed (`CVE_Items`) or a single 1.1 item (`{ "cve": {CVE_data_meta…}, "configurations": … }`).
  'nvd-1.1': { arrayKeys: ['CVE_Items'], element: (_el, v, ctx) => normaliseCve11(v, ctx) },
  'kev-json': { arrayKeys: ['vulnerabilities'], element: (_el, v, ctx) => normaliseKev(v, ctx) },
};

/**
 * Parses an NVD or KEV JSON file. `single` (for `nvd-1.1`): the file is one item, not a `CVE_Items` feed.
 * Nothing is read until `batches` is iterated; `meta` is complete once it is drained.
 */
export function parseJsonFeed(input: Readable, fileName: string, format: FeedFormat, options: { single?: boolean } = {}): ParsedFeed {
  const shape = SHAPES[format];
  if (!shape) throw new FeedFormatError(fileName, `not a JSON feed format: ${format}`);
  const source = format === 'kev-json' ? 'kev' : 'nvd';
  const meta: FeedFileMeta = { source, format, watermark: null };
  const arrayKeys = options.single ? null : shape.arrayKeys;

  async function* batches(): AsyncGenerator<FeedRecord[]> {
    const framer = new JsonArrayFramer(fileName, arrayKeys);
    const ctx = new Ctx(fileName, 0);
    let batch: FeedRecord[] = [];
    const elements: FramedElement[] = [];
    for await (const chunk of input) {
      elements.length = 0;
      framer.push(chunk as Buffer | string, elements);
      for (const el of elements) {
        ctx.record = el.index;
        let value: unknown;
        try {
          value = JSON.parse(el.text);
        } catch (e) {
          ctx.fail(`malformed JSON: ${(e as Error).message}`);
        }
        batch.push(shape!.element(el, value, ctx));
        if (batch.length >= RECORDS_PER_BATCH) {
          yield batch;
          batch = [];
        }
      }
    }
    framer.end();
    if (arrayKeys !== null && !arrayKeys.some((k) => k in framer.counts)) {
      throw new FeedFormatError(fileName, `no "${arrayKeys.join('" / "')}" array in the file`);
    }
    if (batch.length > 0) yield batch;
    const env = framer.envelope;
    if (format === 'kev-json') {
      if (typeof env.catalogVersion !== 'string' || env.catalogVersion === '') throw new FeedFormatError(fileName, 'KEV catalogue without catalogVersion', { field: 'catalogVersion' });
      meta.watermark = env.catalogVersion;
    }
    if (typeof env.totalResults === 'number' && typeof env.startIndex === 'number' && typeof env.resultsPerPage === 'number') {
      meta.page = { totalResults: env.totalResults, startIndex: env.startIndex, resultsPerPage: env.resultsPerPage };
    }
  }
  return { meta, batches: batches() };
}
