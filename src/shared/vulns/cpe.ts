/**
 * CPE names (NISTIR 7695) and name matching (NISTIR 7696), pure.
 *
 * WFN values are kept as in types.ts: `{ logical: 'ANY' }`, `{ logical: 'NA' }`, or a lower-case string in WFN form
 * (every non-alphanumeric character except `_` backslash-quoted; unquoted `*` / `?` only at the start or the end, as
 * wildcards). Comparison is case-insensitive: everything is lower-cased when parsed.
 */
import type { Wfn, WfnValue } from './types.ts';

export class CpeParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CpeParseError';
  }
}

export const ANY: WfnValue = Object.freeze({ logical: 'ANY' as const });
export const NA: WfnValue = Object.freeze({ logical: 'NA' as const });

export const WFN_ATTRIBUTES = [
  'part',
  'vendor',
  'product',
  'version',
  'update',
  'edition',
  'language',
  'sw_edition',
  'target_sw',
  'target_hw',
  'other',
] as const satisfies readonly (keyof Wfn)[];
export type WfnAttribute = (typeof WFN_ATTRIBUTES)[number];

export function isAny(v: WfnValue | undefined): boolean {
  return v === undefined || (typeof v !== 'string' && v.logical === 'ANY');
}
export function isNa(v: WfnValue | undefined): boolean {
  return v !== undefined && typeof v !== 'string' && v.logical === 'NA';
}

/** A WFN with every attribute ANY, then the given ones. */
export function makeWfn(values: Partial<Wfn>): Wfn {
  return {
    part: values.part ?? ANY,
    vendor: values.vendor ?? ANY,
    product: values.product ?? ANY,
    version: values.version ?? ANY,
    update: values.update ?? ANY,
    edition: values.edition ?? ANY,
    language: values.language ?? ANY,
    sw_edition: values.sw_edition ?? ANY,
    target_sw: values.target_sw ?? ANY,
    target_hw: values.target_hw ?? ANY,
    other: values.other ?? ANY,
  };
}

function isAlnum(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

/** Quote a plain text value into WFN form (lower-cased; `*`/`?` become literals). */
export function quoteWfn(text: string): string {
  let out = '';
  for (const c of text.toLowerCase()) out += isAlnum(c) || c === '_' || c.charCodeAt(0) > 127 ? c : `\\${c}`;
  return out;
}

/** The plain text of a WFN string value (quotes removed; wildcards kept as `*`/`?`). */
export function unquoteWfn(value: string): string {
  if (!value.includes('\\')) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) {
      out += value[i + 1];
      i++;
    } else out += c;
  }
  return out;
}

/** The plain text of an attribute: `*` for ANY, `-` for NA, the unquoted string otherwise. */
export function attrText(v: WfnValue): string {
  if (typeof v === 'string') return unquoteWfn(v);
  return v.logical === 'ANY' ? '*' : '-';
}

/** True when a WFN string value has an unquoted `*` or `?`. */
export function hasWildcard(value: WfnValue): boolean {
  if (typeof value !== 'string') return false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') i++;
    else if (c === '*' || c === '?') return true;
  }
  return false;
}

/* ----------------------------------------------------------------------------------------------------------------
 * Formatted string (2.3)
 * -------------------------------------------------------------------------------------------------------------- */

/** Split on `:` not preceded by a quoting backslash. */
function splitFs(s: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 58 /* : */) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function unbindFsValue(raw: string, attr: string): WfnValue {
  if (raw === '*') return ANY;
  if (raw === '-') return NA;
  if (raw === '') throw new CpeParseError(`empty ${attr}`);
  let out = '';
  const n = raw.length;
  // Leading and trailing runs in which unquoted wildcards are allowed.
  for (let i = 0; i < n; i++) {
    const c = raw[i]!;
    if (c === '\\') {
      if (i + 1 >= n) throw new CpeParseError(`dangling backslash in ${attr}`);
      const q = raw[i + 1]!;
      out += isAlnum(q) || q === '_' ? q : `\\${q}`;
      i++;
    } else if (c === '*') {
      if (i !== 0 && i !== n - 1) throw new CpeParseError(`embedded unquoted * in ${attr}`);
      out += '*';
    } else if (c === '?') {
      // A run of ? must touch the start or the end of the value.
      let a = i;
      while (a > 0 && raw[a - 1] === '?') a--;
      let b = i;
      while (b < n - 1 && raw[b + 1] === '?') b++;
      const atStart = a === 0 || (a === 1 && raw[0] === '*');
      const atEnd = b === n - 1 || (b === n - 2 && raw[n - 1] === '*' && raw[n - 2] !== '\\');
      if (!atStart && !atEnd) throw new CpeParseError(`embedded unquoted ? in ${attr}`);
      out += '?';
    } else if (isAlnum(c) || c === '_') out += c;
    else if (c === '.' || c === '-') out += `\\${c}`;
    else if (c.charCodeAt(0) > 127) out += c;
    else out += `\\${c}`; // tolerate unquoted punctuation: quote it
  }
  if (attr === 'part' && out !== 'a' && out !== 'o' && out !== 'h') throw new CpeParseError(`invalid part '${raw}'`);
  return out;
}

/** Unbind a CPE 2.3 formatted string into a WFN. Throws CpeParseError. */
export function parseCpe23(fs: string): Wfn {
  const s = fs.trim().toLowerCase();
  if (!s.startsWith('cpe:2.3:')) throw new CpeParseError('a CPE 2.3 name starts with cpe:2.3:');
  const fields = splitFs(s.slice(8));
  if (fields.length !== 11) throw new CpeParseError(`a CPE 2.3 name has 13 fields, got ${fields.length + 2}`);
  const v = fields.map((f, i) => unbindFsValue(f, WFN_ATTRIBUTES[i]!));
  if (isNa(v[0])) throw new CpeParseError('part must be a, o, h or *');
  return {
    part: v[0]!,
    vendor: v[1]!,
    product: v[2]!,
    version: v[3]!,
    update: v[4]!,
    edition: v[5]!,
    language: v[6]!,
    sw_edition: v[7]!,
    target_sw: v[8]!,
    target_hw: v[9]!,
    other: v[10]!,
  };
}

function bindFsValue(v: WfnValue): string {
  if (typeof v !== 'string') return v.logical === 'ANY' ? '*' : '-';
  if (!v.includes('\\')) return v;
  let out = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '\\' && i + 1 < v.length) {
      const q = v[i + 1]!;
      out += q === '.' || q === '-' || q === '_' ? q : `\\${q}`;
      i++;
    } else out += c;
  }
  return out;
}

/** Bind a WFN to a CPE 2.3 formatted string. */
export function bindToFs(wfn: Partial<Wfn>): string {
  let out = 'cpe:2.3';
  for (const a of WFN_ATTRIBUTES) out += `:${bindFsValue(wfn[a] ?? ANY)}`;
  return out;
}

/* ----------------------------------------------------------------------------------------------------------------
 * URI (2.2)
 * -------------------------------------------------------------------------------------------------------------- */

function decodeUriValue(raw: string, attr: string): WfnValue {
  if (raw === '') return ANY;
  if (raw === '-') return NA;
  let out = '';
  const n = raw.length;
  let i = 0;
  while (i < n) {
    const c = raw[i]!;
    if (c === '%') {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/.test(hex)) throw new CpeParseError(`bad percent-encoding in ${attr}`);
      const code = parseInt(hex, 16);
      if (code === 1) {
        // %01 = ? wildcard: only in a leading or trailing run
        const leading = /^(%01)*$/.test(raw.slice(0, i));
        const trailing = /^(%01)*$/.test(raw.slice(i + 3));
        if (!leading && !trailing) throw new CpeParseError(`embedded %01 in ${attr}`);
        out += '?';
      } else if (code === 2) {
        if (i !== 0 && i !== n - 3) throw new CpeParseError(`embedded %02 in ${attr}`);
        out += '*';
      } else {
        if (code < 0x21 || code > 0x7e) throw new CpeParseError(`invalid percent-encoded character in ${attr}`);
        const ch = String.fromCharCode(code).toLowerCase();
        out += isAlnum(ch) || ch === '_' ? ch : `\\${ch}`;
      }
      i += 3;
      continue;
    }
    if (isAlnum(c) || c === '_') out += c;
    else if (c === '*') throw new CpeParseError(`unencoded * in ${attr}`);
    else if (c.charCodeAt(0) > 127) out += c;
    else out += `\\${c}`;
    i++;
  }
  return out;
}

/**
 * Unbind a CPE 2.2 URI (`cpe:/a:vendor:product:version:update:edition:language`) into a WFN. A packed edition
 * `~edition~sw_edition~target_sw~target_hw~other` fills the extended attributes. Throws CpeParseError.
 */
export function parseCpe22Uri(uri: string): Wfn {
  const s = uri.trim().toLowerCase();
  if (!s.startsWith('cpe:/')) throw new CpeParseError('a CPE 2.2 URI starts with cpe:/');
  const parts = s.slice(5).split(':');
  if (parts.length > 7) throw new CpeParseError('a CPE 2.2 URI has at most 7 components');
  const part = parts[0] ?? '';
  if (part !== 'a' && part !== 'o' && part !== 'h') throw new CpeParseError(`invalid part '${part}'`);
  const wfn = makeWfn({ part });
  const names = ['vendor', 'product', 'version', 'update'] as const;
  names.forEach((attr, k) => {
    const raw = parts[k + 1];
    if (raw !== undefined) wfn[attr] = decodeUriValue(raw, attr);
  });
  const edition = parts[5];
  if (edition !== undefined) {
    if (edition.startsWith('~')) {
      const packed = edition.slice(1).split('~');
      if (packed.length !== 5) throw new CpeParseError('a packed edition has 5 components');
      wfn.edition = decodeUriValue(packed[0]!, 'edition');
      wfn.sw_edition = decodeUriValue(packed[1]!, 'sw_edition');
      wfn.target_sw = decodeUriValue(packed[2]!, 'target_sw');
      wfn.target_hw = decodeUriValue(packed[3]!, 'target_hw');
      wfn.other = decodeUriValue(packed[4]!, 'other');
    } else wfn.edition = decodeUriValue(edition, 'edition');
  }
  const language = parts[6];
  if (language !== undefined) wfn.language = decodeUriValue(language, 'language');
  return wfn;
}

/** Either binding; null when the text is not a valid CPE name. */
export function parseCpe(s: string): Wfn | null {
  try {
    const t = s.trim();
    if (/^cpe:2\.3:/i.test(t)) return parseCpe23(t);
    if (/^cpe:\//i.test(t)) return parseCpe22Uri(t);
    return null;
  } catch (e) {
    if (e instanceof CpeParseError) return null;
    throw e;
  }
}

const LOWER = /^[^A-Z]*$/;

function nextColon(s: string, from: number): number {
  let i = s.indexOf(':', from);
  while (i > 0) {
    let k = i - 1;
    while (k >= from && s.charCodeAt(k) === 92) k--;
    if ((i - 1 - k) % 2 === 0) return i;
    i = s.indexOf(':', i + 1);
  }
  return i;
}

/**
 * The candidate-index key of a criteria (or a WFN): FS-form, lower-case `part`, `vendor`, `product` (`*` for ANY,
 * `-` for NA). Fast path for 2.3 strings: no full unbinding, one scan honouring `\:` escapes. 2.2 URIs are accepted too.
 */
export function indexKey(criteriaOrWfn: string | Wfn): { part: string; vendor: string; product: string } {
  if (typeof criteriaOrWfn !== 'string') {
    return {
      part: bindFsValue(criteriaOrWfn.part),
      vendor: bindFsValue(criteriaOrWfn.vendor),
      product: bindFsValue(criteriaOrWfn.product),
    };
  }
  const s = criteriaOrWfn;
  if (s.length > 8 && (s.startsWith('cpe:2.3:') || s.slice(0, 8).toLowerCase() === 'cpe:2.3:')) {
    // fields after the prefix: part, vendor, product (a `:` preceded by an odd number of `\\` is quoted)
    const a = nextColon(s, 8);
    const b = a < 0 ? -1 : nextColon(s, a + 1);
    if (b < 0) throw new CpeParseError('not a CPE 2.3 name');
    const c = nextColon(s, b + 1);
    const key = { part: s.slice(8, a), vendor: s.slice(a + 1, b), product: c < 0 ? s.slice(b + 1) : s.slice(b + 1, c) };
    if (!LOWER.test(s.slice(8, c < 0 ? s.length : c))) {
      key.part = key.part.toLowerCase();
      key.vendor = key.vendor.toLowerCase();
      key.product = key.product.toLowerCase();
    }
    return key;
  }
  return indexKey(parseCpe22Uri(s));
}

/* ----------------------------------------------------------------------------------------------------------------
 * Name matching (NISTIR 7696)
 * -------------------------------------------------------------------------------------------------------------- */

export type AttributeRelation = 'EQUAL' | 'SUBSET' | 'SUPERSET' | 'DISJOINT' | 'UNDEFINED';

/** Logical characters of a WFN string (a quoted pair counts as one character). */
function chars(v: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    if (v[i] === '\\' && i + 1 < v.length) {
      out.push(v.slice(i, i + 2));
      i++;
    } else out.push(v[i]!);
  }
  return out;
}

/** Does a source value with wildcards at its ends match a literal target? (`*` any run; n `?` at most n chars.) */
function wildcardMatches(source: string, target: string): boolean {
  const src = chars(source);
  const tgt = chars(target);
  let lead: number | 'star' = 0;
  let trail: number | 'star' = 0;
  let a = 0;
  let b = src.length;
  if (src[0] === '*') {
    lead = 'star';
    a = 1;
  } else while (a < b && src[a] === '?') a++;
  if (lead !== 'star') lead = a;
  if (b > a && src[b - 1] === '*') {
    trail = 'star';
    b--;
  } else {
    let k = b;
    while (k > a && src[k - 1] === '?') k--;
    trail = b - k;
    b = k;
  }
  const mid = src.slice(a, b);
  // NISTIR 7696 reference algorithm: a run of n `?` at an end matches at most n characters.
  const fits = (pre: number, post: number): boolean =>
    (lead === 'star' ? true : pre <= lead) && (trail === 'star' ? true : post <= trail);
  for (let pos = 0; pos + mid.length <= tgt.length; pos++) {
    let ok = true;
    for (let k = 0; k < mid.length; k++) {
      if (mid[k] !== tgt[pos + k]) {
        ok = false;
        break;
      }
    }
    if (ok && fits(pos, tgt.length - pos - mid.length)) return true;
  }
  return false;
}

/** Compare one attribute: source (criteria) against target (asset), NISTIR 7696 table 6-2. */
export function compareAttribute(source: WfnValue, target: WfnValue): AttributeRelation {
  const srcAny = isAny(source);
  const tgtAny = isAny(target);
  const srcNa = isNa(source);
  const tgtNa = isNa(target);
  const tgtWild = typeof target === 'string' && hasWildcard(target);
  if (srcAny) {
    if (tgtAny) return 'EQUAL';
    if (tgtWild) return 'UNDEFINED';
    return 'SUPERSET';
  }
  if (srcNa) {
    if (tgtAny) return 'SUBSET';
    if (tgtNa) return 'EQUAL';
    if (tgtWild) return 'UNDEFINED';
    return 'DISJOINT';
  }
  const s = (source as string).toLowerCase();
  if (tgtAny) return 'SUBSET';
  if (tgtNa) return 'DISJOINT';
  if (tgtWild) return 'UNDEFINED';
  const t = (target as string).toLowerCase();
  if (hasWildcard(s)) return wildcardMatches(s, t) ? 'SUPERSET' : 'DISJOINT';
  return s === t ? 'EQUAL' : 'DISJOINT';
}

export interface NameComparison {
  relations: Record<WfnAttribute, AttributeRelation>;
  isDisjoint: boolean;
  isEqual: boolean;
  isSubset: boolean;
  isSuperset: boolean;
}

/** Compare two names attribute by attribute (source = criteria, target = asset). Missing attributes are ANY. */
export function compareNames(source: Partial<Wfn>, target: Partial<Wfn>): NameComparison {
  const relations = {} as Record<WfnAttribute, AttributeRelation>;
  let isDisjoint = false;
  let isEqual = true;
  let isSubset = true;
  let isSuperset = true;
  for (const a of WFN_ATTRIBUTES) {
    const r = compareAttribute(source[a] ?? ANY, target[a] ?? ANY);
    relations[a] = r;
    if (r === 'DISJOINT') isDisjoint = true;
    if (r !== 'EQUAL') isEqual = false;
    if (r !== 'SUBSET' && r !== 'EQUAL') isSubset = false;
    if (r !== 'SUPERSET' && r !== 'EQUAL') isSuperset = false;
  }
  return { relations, isDisjoint, isEqual, isSubset, isSuperset };
}
