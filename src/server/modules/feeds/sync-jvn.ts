import fs from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/**
 * MyJVN API helpers for the sync: request URLs and the bits of a getVulnOverviewList response the sync needs
 * (the JVNDB ids of the page and the MyJVN Status node). The details themselves are imported by the JVN parser.
 */

export const MYJVN_OVERVIEW_PAGE = 50;
export const MYJVN_DETAIL_IDS = 10;

export interface MyJvnStatus {
  retCd: string | null;
  errCd: string | null;
  errMsg: string | null;
  totalRes: number | null;
  totalResRet: number | null;
  firstRes: number | null;
}

/** Splits a YYYY-MM-DD date into MyJVN's Y/M/D parameters. */
function ymd(prefix: string, date: string): Record<string, string> {
  return { [`${prefix}Y`]: date.slice(0, 4), [`${prefix}M`]: date.slice(5, 7), [`${prefix}D`]: date.slice(8, 10) };
}

/** getVulnOverviewList: entries whose last update (最終更新日) falls between `since` and `until` (JST dates). */
export function overviewUrl(base: string, startItem: number, since: string, until: string): string {
  const u = new URL(base);
  const params: Record<string, string> = {
    method: 'getVulnOverviewList',
    feed: 'hnd',
    startItem: String(startItem),
    maxCountItem: String(MYJVN_OVERVIEW_PAGE),
    rangeDatePublic: 'n',
    rangeDatePublished: 'n',
    rangeDateFirstPublished: 'n',
    ...ymd('datePublishedStart', since),
    ...ymd('datePublishedEnd', until),
    lang: 'ja',
  };
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}

/** getVulnDetailInfo for up to 10 ids (joined with `+`, as MyJVN expects). */
export function detailUrl(base: string, ids: readonly string[]): string {
  const u = new URL(base);
  u.searchParams.set('method', 'getVulnDetailInfo');
  u.searchParams.set('feed', 'hnd');
  u.searchParams.set('vulnId', ids.join('+'));
  u.searchParams.set('lang', 'ja');
  return u.toString();
}

function int(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}

/**
 * Reads an overview response: the ids of its items and the Status node. A response with no results is a bare
 * `<Result><status:Status …/></Result>`; an error has retCd="1" with errCd/errMsg (MyJVN answers errors with HTTP 200).
 */
export async function readOverview(file: string): Promise<{ ids: string[]; status: MyJvnStatus | null }> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const ids: string[] = [];
  let status: MyJvnStatus | null = null;
  let inIdentifier = false;
  let text = '';
  let depthInItem = 0;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const local = tag.name.slice(tag.name.indexOf(':') + 1);
    if (local === 'item') depthInItem++;
    if (local === 'identifier' && depthInItem > 0) {
      inIdentifier = true;
      text = '';
    }
    if (local === 'Status') {
      const a = tag.attributes;
      status = {
        retCd: a.retCd ?? null,
        errCd: a.errCd || null,
        errMsg: a.errMsg || null,
        totalRes: int(a.totalRes),
        totalResRet: int(a.totalResRet),
        firstRes: int(a.firstRes),
      };
    }
  });
  parser.on('text', (t) => {
    if (inIdentifier) text += t;
  });
  parser.on('closetag', (tag: SaxesTagPlain) => {
    const local = tag.name.slice(tag.name.indexOf(':') + 1);
    if (local === 'identifier' && inIdentifier) {
      inIdentifier = false;
      const id = text.trim().toUpperCase();
      if (/^JVNDB-\d{4}-\d{6}$/.test(id)) ids.push(id);
    }
    if (local === 'item') depthInItem--;
  });
  const stream = fs.createReadStream(file, { encoding: 'utf8' });
  for await (const chunk of stream) parser.write(chunk as string);
  parser.close();
  return { ids, status };
}

/** The Status node of a getVulnDetailInfo response (small files: read whole). */
export async function readDetailStatus(file: string): Promise<MyJvnStatus | null> {
  const text = await fs.promises.readFile(file, 'utf8');
  const m = /<(?:[\w-]+:)?Status\b([^>]*)\/?>/.exec(text);
  if (!m) return null;
  const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(m[1]!)?.[1];
  return {
    retCd: attr('retCd') ?? null,
    errCd: attr('errCd') || null,
    errMsg: attr('errMsg') || null,
    totalRes: int(attr('totalRes')),
    totalResRet: int(attr('totalResRet')),
    firstRes: int(attr('firstRes')),
  };
}
