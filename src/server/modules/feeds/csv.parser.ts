import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { FeedFormat } from '../../../shared/vulns/domain.ts';
import { normaliseKev, RECORDS_PER_BATCH, textChunks, type FailCtx, type ParsedFeed } from './nvd.parser.ts';
import { FeedFormatError, type EpssRecord, type FeedFileMeta, type FeedRecord } from './records.ts';

/**
 * CSV feeds, read with csv-parse as a stream: CISA KEV CSV (header `cveID,vendorProject,…`, the same columns as the
 * JSON catalogue) and FIRST EPSS CSV (`#model_version:v2025.03.14,score_date:2025-09-24T12:55:00Z`, then
 * `cve,epss,percentile`; scores may be written in scientific notation such as `5e-05`).
 */

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
const KEV_COLUMNS = ['cveID', 'vendorProject', 'product', 'vulnerabilityName', 'dateAdded', 'shortDescription', 'requiredAction', 'dueDate'];
const EPSS_BATCH = 2000;

/** Splits off a leading `#…` comment line (EPSS metadata) and returns it with the rest of the text. */
async function* withoutComment(chunks: AsyncIterable<string>, onComment: (line: string) => void): AsyncGenerator<string> {
  let head = '';
  let done = false;
  for await (const c of chunks) {
    if (done) {
      yield c;
      continue;
    }
    head += c;
    const text = head.replace(/^\uFEFF/, '');
    if (!text.startsWith('#')) {
      done = true;
      yield text;
      continue;
    }
    const nl = text.indexOf('\n');
    if (nl < 0) continue;
    onComment(text.slice(0, nl).replace(/\r$/, ''));
    done = true;
    if (nl + 1 < text.length) yield text.slice(nl + 1);
  }
  if (!done && head) onComment(head);
}

function epssComment(line: string, meta: FeedFileMeta): void {
  // `#model_version:v2025.03.14,score_date:2025-09-24T12:55:00Z`
  for (const part of line.replace(/^#/, '').split(',')) {
    const i = part.indexOf(':');
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === 'model_version') meta.epssModelVersion = value;
    if (key === 'score_date') meta.epssScoreDate = value.slice(0, 10);
  }
}

function probability(v: unknown, fileName: string, line: number, field: string): number {
  const s = typeof v === 'string' ? v.trim() : '';
  const n = s === '' ? Number.NaN : Number(s);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new FeedFormatError(fileName, `${field} is not a number between 0 and 1: ${JSON.stringify(v)}`, { line, field });
  return n;
}

export function parseCsvFeed(input: Readable, fileName: string, format: FeedFormat): ParsedFeed {
  if (format !== 'kev-csv' && format !== 'epss-csv') throw new FeedFormatError(fileName, `not a CSV feed format: ${format}`);
  const meta: FeedFileMeta = { source: format === 'kev-csv' ? 'kev' : 'epss', format, watermark: null };

  async function* batches(): AsyncGenerator<FeedRecord[]> {
    let commentLines = 0;
    const text = withoutComment(textChunks(input), (line) => {
      commentLines = 1;
      if (format === 'epss-csv') epssComment(line, meta);
    });
    const parser = Readable.from(text).pipe(
      parse({ columns: (h: string[]) => h.map((c) => c.trim()), bom: true, info: true, skip_empty_lines: true, relax_column_count: false, comment: format === 'epss-csv' ? '#' : '' }),
    );
    let batch: FeedRecord[] = [];
    let header = false;
    let count = 0;
    let maxDateAdded: string | null = null;
    try {
      for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
        const line = item.info.lines + commentLines;
        const row = item.record;
        if (!header) {
          header = true;
          const need = format === 'kev-csv' ? KEV_COLUMNS : ['cve', 'epss', 'percentile'];
          const missing = need.filter((c) => !(c in row));
          if (missing.length > 0) throw new FeedFormatError(fileName, `missing column(s) ${missing.join(', ')}`, { line: 1 + commentLines });
        }
        count++;
        if (format === 'kev-csv') {
          const ctx: FailCtx = {
            fail(detail: string, field?: string): never {
              throw new FeedFormatError(fileName, detail, { record: count, line, ...(field && { field }) });
            },
          };
          const r = normaliseKev(row, ctx);
          if (maxDateAdded === null || r.dateAdded > maxDateAdded) maxDateAdded = r.dateAdded;
          batch.push(r);
        } else {
          const cveId = (row.cve ?? '').trim().toUpperCase();
          if (!CVE_ID.test(cveId)) throw new FeedFormatError(fileName, `"${row.cve}" is not a CVE id`, { record: count, line, field: 'cve' });
          const r: EpssRecord = {
            kind: 'epss',
            cveId,
            score: probability(row.epss, fileName, line, 'epss'),
            percentile: probability(row.percentile, fileName, line, 'percentile'),
          };
          batch.push(r);
        }
        if (batch.length >= (format === 'epss-csv' ? EPSS_BATCH : RECORDS_PER_BATCH)) {
          yield batch;
          batch = [];
        }
      }
    } catch (e) {
      if (e instanceof FeedFormatError) throw e;
      const err = e as { message?: string; lines?: number };
      throw new FeedFormatError(fileName, `malformed CSV: ${err.message ?? String(e)}`, err.lines ? { line: err.lines + commentLines } : undefined);
    }
    if (!header) throw new FeedFormatError(fileName, 'the file holds no rows');
    if (batch.length > 0) yield batch;
    // KEV CSV has no catalogVersion: the newest dateAdded (YYYY-MM-DD, which the JSON's catalogVersion YYYY.MM.DD mirrors).
    meta.watermark = format === 'kev-csv' ? (maxDateAdded ? maxDateAdded.replace(/-/g, '.') : null) : (meta.epssScoreDate ?? null);
  }
  return { meta, batches: batches() };
}
