import type { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { FeedFormat } from '../../../shared/vulns/domain.ts';
import { bindToFs, parseCpe, parseCpe22Uri } from '../../../shared/vulns/cpe.ts';
import { FeedFormatError, type FeedFileMeta, type FeedRecord, type JvnRecord } from './records.ts';

/**
 * JVN iPedia feeds (Japanese titles and descriptions, JVNDB ids, Japanese vendors' products), streamed with saxes.
 *
 * Two document shapes, recognised by element names (namespace prefixes are ignored, so the older
 * `http://jvn.jp/rss/mod_sec/` and the 3.0 namespace both work):
 * - VULDEF (`<VULDEF-Document>` with `<Vulinfo>`): MyJVN getVulnDetailInfo responses and the yearly detail files
 *   `jvndb_detail_YYYY.rdf`.
 * - JVNRSS (`<rdf:RDF>` with `<item>` and `sec:` elements): MyJVN getVulnOverviewList responses and the yearly
 *   overview files `jvndb_YYYY.rdf` / `jvndb_new.rdf`.
 *
 * Formats: `jvn-vuldef` (VULDEF), `jvn-rss` (a MyJVN API overview), `jvn-rdf` (a yearly JVNDB file of either shape).
 * The format only labels the import; the parser reads whichever shape it finds.
 *
 * MyJVN serves UTF-8. A document whose XML declaration names another encoding (Shift_JIS, EUC-JP …) is decoded with
 * iconv-lite; a UTF-16 byte-order mark is honoured.
 */

const RECORDS_PER_BATCH = 200;
const JVNDB_ID = /^JVNDB-\d{4}-\d{6}$/;
const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;

/** Recognises a JVN document from its first bytes (after gunzip). `fileName` is only a hint for the yearly files. */
export function detectJvn(head: Buffer, fileName?: string): FeedFormat | null {
  const text = headText(head);
  const yearly = fileName !== undefined && /jvndb(?:_detail)?_(?:\d{4}|new)(?!\d)/i.test(fileName);
  if (/<(?:[\w-]+:)?VULDEF-Document[\s>]/.test(text)) return yearly ? 'jvn-rdf' : 'jvn-vuldef';
  if (/<rdf:RDF[\s>]/.test(text) && /jvn\.jp\/rss\/mod_sec|<sec:identifier>|jvndb\.jvn\.jp/.test(text)) {
    if (yearly) return 'jvn-rdf';
    return /jvndb\.jvn\.jp\/apis\/myjvn|getVulnOverviewList/.test(text) ? 'jvn-rss' : 'jvn-rdf';
  }
  return null;
}

function headText(head: Buffer): string {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return iconv.decode(head, 'utf-16le');
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return iconv.decode(head, 'utf-16be');
  // The markup is ASCII in every encoding JVN has used; latin1 keeps it intact whatever the text encoding.
  return head.toString('latin1');
}

/** The encoding named by the byte-order mark or the XML declaration (UTF-8 when neither says otherwise). */
export function sniffXmlEncoding(head: Buffer): string {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const decl = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.toString('latin1'));
  const named = decl?.[1]?.toLowerCase();
  if (!named || named === 'utf-8' || named === 'utf8') return 'utf-8';
  return named;
}

/** A CPE 2.2 URI as JVN publishes it (`cpe:/h:corega:cg-wgr1200`) → a CPE 2.3 formatted string, or null when invalid. */
export function jvnCpeTo23(uri: string | null | undefined): string | null {
  const s = uri?.trim();
  if (!s) return null;
  try {
    // JVN publishes 2.2 URIs; a 2.3 string (should one appear) is accepted as well.
    const wfn = s.toLowerCase().startsWith('cpe:2.3:') ? parseCpe(s) : parseCpe22Uri(s);
    return wfn ? bindToFs(wfn) : null;
  } catch {
    return null;
  }
}

interface CvssCandidate {
  version: string | null;
  score: string | null;
  severity: string | null;
  vector: string | null;
}

/** Which CVSS block of an entry to keep: the newest version (4.0 > 3.1 > 3.0 > 2.0), the first of equals. */
function pickCvss(list: CvssCandidate[]): CvssCandidate | null {
  let best: CvssCandidate | null = null;
  let bestRank = -1;
  for (const c of list) {
    if (c.score === null && c.vector === null) continue;
    const rank = Number.parseFloat(c.version ?? '') || 0;
    if (rank > bestRank) {
      best = c;
      bestRank = rank;
    }
  }
  return best;
}

/** The JVN iPedia page of an id (`JVNDB-2018-000024` → https://jvndb.jvn.jp/ja/contents/2018/JVNDB-2018-000024.html). */
export function jvndbPageUrl(id: string, lang: 'ja' | 'en' = 'ja'): string {
  return `https://jvndb.jvn.jp/${lang}/contents/${id.slice(6, 10)}/${id}.html`;
}

function maxDate(a: string | null, b: string | null): string | null {
  if (!b) return a;
  if (!a) return b;
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  if (Number.isNaN(tb)) return a;
  if (Number.isNaN(ta)) return b;
  return tb > ta ? b : a;
}

/** Collects one entry while its elements stream past. */
class EntryBuilder {
  id: string | null = null;
  title: string | null = null;
  summary: string | null = null;
  url: string | null = null;
  published: string | null = null;
  lastUpdated: string | null = null;
  /** dc:date of an RSS item, used when dcterms:issued/modified are missing. */
  date: string | null = null;
  cvss: CvssCandidate[] = [];
  affected: JvnRecord['affected'] = [];
  cveIds = new Set<string>();
  /** The AffectedItem being read (VULDEF). */
  item: { vendorName: string | null; productName: string | null; cpes: string[]; versions: string[] } | null = null;
  /** The Cvss block being read (VULDEF). */
  cvssBlock: CvssCandidate | null = null;
  /** The RelatedItem type being read (VULDEF). */
  relatedType: string | null = null;

  addCve(raw: string | null | undefined): void {
    const id = raw?.trim().toUpperCase();
    if (id && CVE_ID.test(id)) this.cveIds.add(id);
  }
}

function text(s: string): string | null {
  const t = s.replace(/\s+/g, (ws) => (ws.includes('\n') ? ' ' : ws)).trim();
  return t === '' ? null : t;
}

/**
 * JVN descriptions carry a little HTML, escaped in the XML (`&lt;ul&gt;&lt;li&gt;…`). Kept as plain text: list items
 * become lines starting with ・, line breaks and ends of lists/paragraphs stay, the other known tags go. Anything else that looks like `<…>` is
 * left alone (it may be a version comparison).
 */
export function jvnPlainText(s: string | null): string | null {
  if (s === null) return null;
  const t = s
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n・')
    .replace(/<\/(?:ul|ol|p|div)\s*>/gi, '\n')
    .replace(/<\/?(?:ul|ol|li|p|b|i|u|strong|em|a|span|div|font|sup|sub)\b[^>]*>/gi, '')
    .replace(/[ \t]*\n[ \t\n]*/g, '\n')
    .trim();
  return t === '' ? null : t;
}

function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Parses a JVN document into JvnRecords. Nothing is read until `batches` is iterated; `meta.watermark` (the newest
 * DateLastUpdated / dcterms:modified) is complete once the batches are drained. Malformed or truncated XML and
 * entries without an id or title throw FeedFormatError.
 */
export function parseJvn(input: Readable, fileName: string, format: FeedFormat): { meta: FeedFileMeta; batches: AsyncIterable<FeedRecord[]> } {
  const meta: FeedFileMeta = { source: 'jvn', format, watermark: null };

  async function* batches(): AsyncGenerator<FeedRecord[]> {
    const parser = new SaxesParser({ xmlns: false, position: true });
    const ready: JvnRecord[] = [];
    const stack: string[] = [];
    let buf = '';
    let capturing = 0;
    let shape: 'vuldef' | 'rss' | null = null;
    let lang: 'ja' | 'en' = 'ja';
    let entry: EntryBuilder | null = null;
    let entryDepth = -1;
    let count = 0;

    const fail = (detail: string, at?: { record?: number; field?: string }): never => {
      throw new FeedFormatError(fileName, detail, { ...at, line: parser.line });
    };

    const finish = (e: EntryBuilder): void => {
      count++;
      const id = e.id?.toUpperCase() ?? null;
      if (!id) fail('JVN entry without an id (VulinfoID / sec:identifier)', { record: count, field: 'id' });
      if (!JVNDB_ID.test(id!)) fail(`"${id}" is not a JVN iPedia id (JVNDB-YYYY-NNNNNN)`, { record: count, field: 'id' });
      if (!e.title) fail(`${id}: no title`, { record: count, field: 'title' });
      const cvss = pickCvss(e.cvss);
      let cvssScore: number | null = null;
      if (cvss?.score) {
        cvssScore = Number(cvss.score);
        if (!Number.isFinite(cvssScore) || cvssScore < 0 || cvssScore > 10) fail(`${id}: CVSS score "${cvss.score}" is not a number from 0 to 10`, { record: count, field: 'cvss' });
      }
      const record: JvnRecord = {
        kind: 'jvn',
        id: id!,
        title: e.title!,
        summary: jvnPlainText(e.summary),
        url: e.url ?? jvndbPageUrl(id!, lang),
        published: e.published ?? e.date,
        lastUpdated: e.lastUpdated ?? e.date ?? e.published,
        cvssVersion: cvss?.version ?? null,
        cvssScore,
        cvssSeverity: cvss?.severity ?? null,
        cvssVector: cvss?.vector ?? null,
        affected: e.affected,
        cveIds: [...e.cveIds],
      };
      meta.watermark = maxDate(meta.watermark ?? null, record.lastUpdated);
      ready.push(record);
    };

    parser.on('opentag', (tag: SaxesTagPlain) => {
      const name = localName(tag.name);
      const parent = stack[stack.length - 1];
      stack.push(name);
      if (shape === null) {
        if (tag.attributes['xml:lang']?.toLowerCase().startsWith('en')) lang = 'en';
        if (name === 'VULDEF-Document') shape = 'vuldef';
        else if (name === 'RDF') shape = 'rss';
        else fail(`not a JVN document (root element <${tag.name}>)`);
      }
      const a = tag.attributes;
      if (!entry) {
        if ((shape === 'vuldef' && name === 'Vulinfo') || (shape === 'rss' && name === 'item' && parent === 'RDF')) {
          entry = new EntryBuilder();
          entryDepth = stack.length;
        }
        return;
      }
      const e: EntryBuilder = entry;
      if (shape === 'vuldef') {
        if (name === 'AffectedItem') e.item = { vendorName: null, productName: null, cpes: [], versions: [] };
        else if (name === 'Cvss') e.cvssBlock = { version: a.version ?? null, score: null, severity: null, vector: null };
        else if (name === 'RelatedItem') e.relatedType = a.type ?? null;
      } else if (parent === 'item') {
        if (name === 'references') {
          const source = (a.source ?? '').toUpperCase();
          if (source === 'CVE' || source === 'NVD' || source === '') e.addCve(a.id);
        } else if (name === 'cvss') {
          e.cvss.push({ version: a.version ?? null, score: a.score ?? null, severity: a.severity ?? null, vector: a.vector ?? null });
        } else if (name === 'cpe') {
          // The product's names come as attributes; the URI is the element text (captured below).
          e.item = { vendorName: text(a.vendor ?? ''), productName: text(a.product ?? ''), cpes: [], versions: [] };
        }
      }
      buf = '';
      capturing = stack.length;
    });

    const onText = (t: string): void => {
      if (capturing && capturing === stack.length) buf += t;
    };
    parser.on('text', onText);
    parser.on('cdata', onText);

    parser.on('closetag', (tag: SaxesTagPlain) => {
      const name = localName(tag.name);
      const depth = stack.length;
      stack.pop();
      const parent = stack[stack.length - 1];
      const value = capturing === depth ? text(buf) : null;
      if (capturing === depth) {
        capturing = 0;
        buf = '';
      }
      if (!entry) return;
      const e: EntryBuilder = entry;
      if (depth === entryDepth) {
        entry = null;
        entryDepth = -1;
        finish(e);
        return;
      }
      if (shape === 'vuldef') {
        switch (name) {
          case 'VulinfoID':
            if (parent === 'Vulinfo') e.id = value;
            else if (parent === 'RelatedItem' && e.relatedType === 'advisory') e.addCve(value);
            break;
          case 'Title':
            if (parent === 'VulinfoData') e.title = value;
            break;
          case 'Overview':
            if (value) e.summary = e.summary ? `${e.summary}\n${value}` : value;
            break;
          case 'Name':
            if (parent === 'AffectedItem' && e.item) e.item.vendorName = value;
            break;
          case 'ProductName':
            if (parent === 'AffectedItem' && e.item) e.item.productName = value;
            break;
          case 'Cpe':
            if (e.item && value) e.item.cpes.push(value);
            break;
          case 'VersionNumber':
            if (e.item && value) e.item.versions.push(value);
            break;
          case 'AffectedItem':
            if (e.item) pushAffected(e, e.item);
            e.item = null;
            break;
          case 'Severity':
            if (e.cvssBlock) e.cvssBlock.severity = value;
            break;
          case 'Base':
            if (e.cvssBlock) e.cvssBlock.score = value;
            break;
          case 'Vector':
            if (e.cvssBlock) e.cvssBlock.vector = value;
            break;
          case 'Cvss':
            if (e.cvssBlock) e.cvss.push(e.cvssBlock);
            e.cvssBlock = null;
            break;
          case 'RelatedItem':
            e.relatedType = null;
            break;
          case 'DateFirstPublished':
            if (parent === 'VulinfoData') e.published = value;
            break;
          case 'DateLastUpdated':
            if (parent === 'VulinfoData') e.lastUpdated = value;
            break;
          case 'DatePublic':
            if (parent === 'VulinfoData' && !e.date) e.date = value;
            break;
        }
      } else if (parent === 'item') {
        switch (name) {
          case 'identifier':
            e.id = value;
            break;
          case 'title':
            e.title = value;
            break;
          case 'description':
            e.summary = value;
            break;
          case 'link':
            e.url = value;
            break;
          case 'issued':
            e.published = value;
            break;
          case 'modified':
            e.lastUpdated = value;
            break;
          case 'date':
            e.date = value;
            break;
          case 'cpe':
            if (e.item) {
              if (value) e.item.cpes.push(value);
              pushAffected(e, e.item);
            }
            e.item = null;
            break;
        }
      }
    });

    const chunks = decodedChunks(input, fileName);
    try {
      for await (const chunk of chunks) {
        parser.write(chunk);
        if (ready.length >= RECORDS_PER_BATCH) yield ready.splice(0, ready.length);
      }
      parser.close();
    } catch (err) {
      if (err instanceof FeedFormatError) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      throw new FeedFormatError(fileName, `malformed XML: ${detail}`, { ...(count > 0 && { record: count + 1 }), line: parser.line });
    }
    if (shape === null) throw new FeedFormatError(fileName, 'empty document: no JVN entries');
    if (ready.length > 0) yield ready.splice(0, ready.length);
  }

  return { meta, batches: batches() };
}

function pushAffected(e: EntryBuilder, item: { vendorName: string | null; productName: string | null; cpes: string[]; versions: string[] }): void {
  const versionText = item.versions.length > 0 ? item.versions.join(' / ') : null;
  const cpes = item.cpes.length > 0 ? item.cpes : [null];
  for (const cpe of cpes) {
    e.affected.push({ vendorName: item.vendorName, productName: item.productName, cpe: jvnCpeTo23(cpe), versionText });
  }
}

/** The document as text, decoded by the encoding its first bytes declare. */
async function* decodedChunks(input: Readable, fileName: string): AsyncGenerator<string> {
  let head: Buffer | null = Buffer.alloc(0);
  let decoder: { write(b: Buffer): string; end(): string | undefined } | null = null;
  const start = (): void => {
    const encoding = sniffXmlEncoding(head!);
    if (!iconv.encodingExists(encoding)) throw new FeedFormatError(fileName, `unsupported character encoding "${encoding}"`);
    decoder = iconv.getDecoder(encoding, { stripBOM: true });
  };
  for await (const raw of input) {
    const chunk: Buffer = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : (raw as Buffer);
    if (head !== null) {
      head = Buffer.concat([head, chunk]);
      if (head.length < 256) continue;
      start();
      const s = decoder!.write(head);
      head = null;
      if (s) yield s;
      continue;
    }
    const s = decoder!.write(chunk);
    if (s) yield s;
  }
  if (head !== null) {
    start();
    const s = decoder!.write(head);
    if (s) yield s;
  }
  const rest = (decoder as { end(): string | undefined } | null)?.end();
  if (rest) yield rest;
}
