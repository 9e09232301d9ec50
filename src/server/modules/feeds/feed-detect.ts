import fs from 'node:fs';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { FeedFormat, FeedSource } from '../../../shared/vulns/domain.ts';
import { parseCsvFeed } from './csv.parser.ts';
import { detectJvn, parseJvn } from './jvn.ts';
import { parseJsonFeed, type ParsedFeed } from './nvd.parser.ts';
import { FeedFormatError } from './records.ts';

/**
 * Which feed a file holds, from its content (file names are only hints: `nvdcve-2.0-*.json` tells a feed file from
 * an API response, `jvndb_*.rdf` a yearly JVN file). A gzip file (magic bytes 1f 8b) is looked into transparently.
 */

export interface DetectedFeed {
  source: FeedSource;
  format: FeedFormat;
  /** The file is one record, not a feed (a single 2.0 `cve` object or a single 1.1 item). */
  single: boolean;
}

/** Bytes of (decompressed) text the detector looks at. */
export const HEAD_BYTES = 64 * 1024;

export const SOURCE_OF: Record<FeedFormat, FeedSource> = {
  'nvd-api-2.0': 'nvd',
  'nvd-feed-2.0': 'nvd',
  'nvd-cve-2.0': 'nvd',
  'nvd-1.1': 'nvd',
  'kev-json': 'kev',
  'kev-csv': 'kev',
  'epss-csv': 'epss',
  'jvn-vuldef': 'jvn',
  'jvn-rss': 'jvn',
  'jvn-rdf': 'jvn',
};

export function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The first bytes of a possibly gzipped head, decompressed as far as they go. */
function plainHead(head: Buffer): Buffer {
  if (!isGzip(head)) return head;
  try {
    return zlib.gunzipSync(head, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).subarray(0, HEAD_BYTES);
  } catch {
    return Buffer.alloc(0);
  }
}

const UNKNOWN =
  'unknown feed format: expected an NVD CVE JSON file (API 2.0 response, nvdcve-2.0 feed, a single 2.0 record or a legacy 1.1 feed), CISA KEV JSON or CSV, FIRST EPSS CSV, or JVN XML (VULDEF, JVNRSS, JVNDB RDF)';

/** Detects the feed in `head` (the first bytes of the file, gzipped or not). Throws FeedFormatError when unknown. */
export function detectFeed(fileName: string, head: Buffer): DetectedFeed {
  const bytes = plainHead(head);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text === '') throw new FeedFormatError(fileName, isGzip(head) ? 'the gzip file is damaged or empty' : 'the file is empty');
  const found = (format: FeedFormat, single = false): DetectedFeed => ({ source: SOURCE_OF[format], format, single });

  if (text.startsWith('<')) {
    const jvn = detectJvn(bytes, fileName);
    if (jvn) return found(jvn);
    throw new FeedFormatError(fileName, UNKNOWN);
  }
  const firstLine = text.slice(0, Math.max(0, text.indexOf('\n')) || text.length).replace(/\r$/, '');
  if (/^#\s*model_version/i.test(firstLine) || /^"?cve"?\s*,\s*"?epss"?\s*,\s*"?percentile"?/i.test(firstLine)) return found('epss-csv');
  if (/^"?cveID"?\s*,\s*"?vendorProject"?/.test(firstLine)) return found('kev-csv');
  if (text.startsWith('{')) {
    const firstKey = /^\{\s*"([^"]*)"/.exec(text)?.[1];
    const is11Item = /"CVE_data_meta"\s*:/.test(text);
    if (firstKey === 'cve') return is11Item ? found('nvd-1.1', true) : found('nvd-cve-2.0', true);
    if (firstKey === 'id' && /^\{\s*"id"\s*:\s*"CVE-/i.test(text)) return found('nvd-cve-2.0', true);
    if (/"catalogVersion"\s*:/.test(text) && /"vulnerabilities"\s*:/.test(text)) return found('kev-json');
    if (/"CVE_Items"\s*:|"CVE_data_type"\s*:/.test(text)) return found('nvd-1.1');
    if (/"format"\s*:\s*"NVD_CVE"/.test(text) || /"vulnerabilities"\s*:\s*\[\s*\{\s*"cve"\s*:/.test(text)) {
      return found(/nvdcve-2\.0-/i.test(fileName) ? 'nvd-feed-2.0' : 'nvd-api-2.0');
    }
    if (is11Item) return found('nvd-1.1', true);
    if (/"id"\s*:\s*"CVE-\d{4}-\d+"/.test(text) && /"(sourceIdentifier|descriptions)"\s*:/.test(text)) return found('nvd-cve-2.0', true);
  }
  throw new FeedFormatError(fileName, UNKNOWN);
}

/** The feed format of a file from its first bytes (gzip looked into). Throws FeedFormatError when unknown. */
export function detectFeedFormat(fileName: string, head: Buffer): FeedFormat {
  return detectFeed(fileName, head).format;
}

/** Reads the first `HEAD_BYTES` of a file (raw, possibly gzipped). */
export async function readHead(path: string, size = HEAD_BYTES): Promise<Buffer> {
  const fh = await fs.promises.open(path, 'r');
  try {
    const buf = Buffer.alloc(size);
    const { bytesRead } = await fh.read(buf, 0, size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Parses a (decompressed) feed stream into normalised records. */
export function parseFeed(input: Readable, fileName: string, detected: DetectedFeed): ParsedFeed {
  switch (detected.format) {
    case 'kev-csv':
    case 'epss-csv':
      return parseCsvFeed(input, fileName, detected.format);
    case 'jvn-vuldef':
    case 'jvn-rss':
    case 'jvn-rdf':
      return parseJvn(input, fileName, detected.format);
    case 'nvd-api-2.0':
    case 'nvd-feed-2.0':
    case 'nvd-cve-2.0':
    case 'nvd-1.1':
    case 'kev-json':
      return parseJsonFeed(input, fileName, detected.format, { single: detected.single });
  }
}
