import type { ConnectionFlag } from '../../../shared/connections.ts';
import { CONNECTION_FLAGS } from '../../../shared/connections.ts';

/**
 * Layout of the network diagram: pure, deterministic, no DOM. Drawn left to right:
 *
 *   [outside: one node per external connection, or per vendor when many] → [segments the lines enter and the
 *   internet/maintenance segments] → [segments one flow further] → …
 *
 * Segments are placed in columns by their distance (over flows, either direction) from the entry segments, so every
 * flow joins two neighbouring columns or two boxes of the same column. Each flow has its own slot in the gap to
 * the right of its left column: an inter-column flow runs straight through its slot (its label sits on it), a flow
 * inside one column bends out to its slot and back (a bracket with the label beside it). Lines bend only in the
 * empty strips beside the columns, so no line crosses a box or a label, and no two boxes or labels overlap.
 */

// --- geometry (px at scale 1) ---------------------------------------------------------------------

export const DIAGRAM = {
  margin: 12,
  /** Room above the columns for the area titles. */
  header: 34,
  /** Padding of the outside/inside areas around their columns. */
  areaPad: 10,
  boxWidth: 208,
  externalWidth: 212,
  /** The outside column when no line is registered (it only holds a short note). */
  emptyOutsideWidth: 112,
  externalHeight: 84,
  /** Vertical space between boxes of one column. */
  boxGap: 22,
  /** The empty strip either side of a gap's label band, where lines bend. */
  strip: 34,
  /** Width of the gap between the outside column and the first segment column. */
  outsideGap: 56,
  labelHeight: 18,
  labelFont: 11,
  labelMaxWidth: 164,
  /** Slot height of a flow without a label. */
  bareSlot: 8,
  slotGap: 6,
  /** Minimum band width of a gap (so that lines without labels still run straight for a while). */
  minBand: 28,
  /** Baselines of the text lines inside a segment box, from its top (all below the purpose line move up by purposeStep without it). */
  boxLines: { name: 24, purpose: 42, purposeStep: 18, meta: 60, cidr: 78, cidrStep: 16 },
  /** Label width beyond its text: padding and the direction arrow. */
  labelExtra: 24,
  /** Arrows between stacked boxes: first one this far from the box's left edge, the next ones this far apart. */
  stackInset: 14,
  stackPitch: 11,
  /** Space above and below the labels between stacked boxes. */
  stackPad: 7,
  /** Ports keep this far from a box's corners, and this far apart when the box must grow. */
  portInset: 10,
  portPitch: 10,
} as const;

/** Id of the pseudo segment that connections without a segment enter. */
export const UNASSIGNED = '__unassigned__';

// --- text measuring (an estimate: the diagram is laid out without a DOM) ------------------------------

function charEm(code: number): number {
  if (code >= 0xff61 && code <= 0xff9f) return 0.55; // half-width katakana
  if (code >= 0x2e80) return 1; // CJK, kana, full-width forms
  if (code < 0x20) return 0;
  const ch = String.fromCharCode(code);
  if (' .,:;\'"|!ilIj()[]{}/\\`'.includes(ch)) return 0.34;
  if (/[0-9]/.test(ch)) return 0.57;
  if (/[A-Zmw@%#&]/.test(ch)) return 0.67;
  return 0.58;
}

/** Approximate rendered width of `text` at `fontSize` (slightly generous, so that text stays inside its box). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    const w = charEm(ch.codePointAt(0) ?? 0);
    // Bold widens Latin letters; CJK glyphs stay one em.
    em += bold && w < 1 ? w * 1.08 : w;
  }
  return Math.ceil(em * fontSize);
}

/** `text`, shortened with an ellipsis to fit `maxWidth`. */
export function fitText(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(`${chars.slice(0, mid).join('')}…`, fontSize, bold) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${chars.slice(0, lo).join('').trimEnd()}…`;
}

/**
 * `text` in lines of at most `maxWidth`: broken at newlines, then at spaces where there are any, else between any two characters
 * (Japanese), never before a closing bracket or punctuation. At most `maxLines`; the last one is shortened with an ellipsis.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines = 3): string[] {
  // Japanese commas, full stops, closing brackets, middle dot, long vowel mark; then ASCII.
  const noStart = '\u3001\u3002\uff0c\uff0e\uff09\u300d\u300f\u3011\u3015\u30fb\u30fc\u2026!?,.)]';
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const p = paragraph.trim();
    const words = /\s/.test(p) ? p.split(/\s+/).map((w, i) => (i === 0 ? w : ` ${w}`)) : [...p];
    let line = '';
    for (const w of words) {
      const candidate = line + w;
      if (line === '' || textWidth(candidate, fontSize) <= maxWidth || noStart.includes(w)) line = candidate;
      else {
        lines.push(line);
        line = w.trimStart();
      }
    }
    if (line) lines.push(line);
  }
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines - 1), fitText(lines.slice(maxLines - 1).join(''), maxWidth, fontSize)];
}

// --- outside nodes: connections, or vendors when there are many --------------------------------------

/** Flags that mean someone can get in now (as in the connection badges): drawn red; the others orange. */
export const DANGER_FLAGS: ReadonlySet<ConnectionFlag> = new Set<ConnectionFlag>(['no_auth', 'no_mfa_internet', 'entry_device_kev']);
export type RiskTone = 'danger' | 'warning' | 'none';

export function riskTone(flags: readonly ConnectionFlag[]): RiskTone {
  if (flags.some((f) => DANGER_FLAGS.has(f))) return 'danger';
  return flags.length > 0 ? 'warning' : 'none';
}

/** Danger flags first, then in the order of CONNECTION_FLAGS. */
export function worstFirst(flags: readonly ConnectionFlag[]): ConnectionFlag[] {
  const rank = (f: ConnectionFlag) => (DANGER_FLAGS.has(f) ? 0 : 100) + CONNECTION_FLAGS.indexOf(f);
  return [...new Set(flags)].sort((a, b) => rank(a) - rank(b));
}

export interface DiagramConnection {
  id: string;
  name: string;
  vendorId: string | null;
  vendorName: string | null;
  segmentId: string | null;
  flags: readonly ConnectionFlag[];
}

export interface ExternalNode {
  /** `c:<connectionId>` or `v:<vendorId>` (`v:` alone for lines without a vendor). */
  id: string;
  kind: 'connection' | 'vendor';
  connectionIds: string[];
  vendorId: string | null;
  /** Segments entered, first seen first; UNASSIGNED for lines without a (known) segment. */
  segmentIds: string[];
  tone: RiskTone;
  /** Connections with a danger flag / with only other flags. */
  dangerCount: number;
  warningCount: number;
}

/** Above this many live connections, the outside column shows one node per vendor. */
export const GROUP_ABOVE = 12;

/**
 * The outside column's nodes: one per connection, or (above `groupAbove` connections) one per vendor. Lines
 * whose segment is missing or unknown enter UNASSIGNED. Sorted by vendor name, then connection name, then id.
 */
export function externalNodes(connections: readonly DiagramConnection[], segmentIds: readonly string[], groupAbove = GROUP_ABOVE): ExternalNode[] {
  const known = new Set(segmentIds);
  const segOf = (c: DiagramConnection) => (c.segmentId && known.has(c.segmentId) ? c.segmentId : UNASSIGNED);
  const sorted = [...connections].sort(
    (a, b) => cmp(a.vendorName ?? '\uffff', b.vendorName ?? '\uffff') || cmp(a.name, b.name) || cmp(a.id, b.id),
  );
  const count = (cs: DiagramConnection[]) => ({
    dangerCount: cs.filter((c) => riskTone(c.flags) === 'danger').length,
    warningCount: cs.filter((c) => riskTone(c.flags) === 'warning').length,
  });
  if (sorted.length <= groupAbove) {
    return sorted.map((c) => ({ id: `c:${c.id}`, kind: 'connection', connectionIds: [c.id], vendorId: c.vendorId, segmentIds: [segOf(c)], tone: riskTone(c.flags), ...count([c]) }));
  }
  const groups = new Map<string, DiagramConnection[]>();
  for (const c of sorted) {
    const key = c.vendorId ?? '';
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.entries()].map(([key, cs]) => {
    const n = count(cs);
    return {
      id: `v:${key}`,
      kind: 'vendor',
      connectionIds: cs.map((c) => c.id),
      vendorId: key === '' ? null : key,
      segmentIds: [...new Set(cs.map(segOf))],
      tone: n.dangerCount > 0 ? 'danger' : n.warningCount > 0 ? 'warning' : 'none',
      ...n,
    };
  });
}

// --- the layout -------------------------------------------------------------------------------------

export interface DiagramInput {
  /** In the order preferred for display (ties keep it). */
  segments: readonly {
    id: string;
    cidrCount: number;
    /** An internet or maintenance segment: drawn in the first column. */
    entry?: boolean;
    /** Whether the box has a line for the purpose (left out when it would repeat the name). Default true. */
    purposeLine?: boolean;
  }[];
  /** `label`: the text drawn on the arrow ('' = none); flows naming an unknown segment or their own are left out. */
  flows: readonly { id: string; from: string; to: string; label: string }[];
  externals: readonly { id: string; segmentIds: readonly string[] }[];
}

export interface Point {
  x: number;
  y: number;
}
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface SegmentBox extends Rect {
  id: string;
  column: number;
}
export interface ExternalBox extends Rect {
  id: string;
}
export interface FlowRoute {
  id: string;
  from: string;
  to: string;
  /** Source to target; the arrowhead goes at the last point. */
  points: Point[];
  path: string;
  /** Which way the arrow points where its label is. */
  direction: 'right' | 'left' | 'down' | 'up';
  /** Where the label goes (its text fitted to the width), or null when the flow has none. */
  label: (Rect & { text: string }) | null;
}
export interface LinkRoute {
  externalId: string;
  segmentId: string;
  points: Point[];
  path: string;
}
export interface DiagramLayout {
  width: number;
  height: number;
  /** The 'outside' and 'inside' areas (drawn behind the columns, titles at their top). */
  outside: Rect;
  inside: Rect;
  segments: SegmentBox[];
  externals: ExternalBox[];
  flows: FlowRoute[];
  links: LinkRoute[];
  columns: number;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Height of a segment box with `cidrCount` ranges (two lines at most; none still takes one line for "none"),
 * with or without the purpose line, and `ports` lines on its busiest side.
 */
export function segmentBoxHeight(cidrCount: number, ports = 0, purposeLine = true): number {
  const { boxLines, portInset, portPitch } = DIAGRAM;
  const text = boxLines.cidr - 12 + Math.max(1, Math.min(2, cidrCount)) * boxLines.cidrStep + 6 - (purposeLine ? 0 : boxLines.purposeStep);
  return Math.max(text, 2 * portInset + (ports + 1) * portPitch);
}

/**
 * Tops for items kept in this order, each at least `gap` (or `gap[i]` after item i) below the previous bottom, as close as possible (least
 * squares) to the wanted tops: isotonic regression (pool adjacent violators) on the offset-free coordinates.
 */
export function placeInOrder(wanted: readonly number[], heights: readonly number[], gap: number | readonly number[]): number[] {
  const offsets: number[] = [];
  let acc = 0;
  heights.forEach((h, i) => {
    offsets.push(acc);
    acc += h + (typeof gap === 'number' ? gap : (gap[i] ?? 0));
  });
  const blocks: { sum: number; n: number }[] = [];
  wanted.forEach((w, i) => {
    blocks.push({ sum: w - (offsets[i] ?? 0), n: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.n <= b.sum / b.n) break;
      blocks.pop();
      a.sum += b.sum;
      a.n += b.n;
    }
  });
  const out: number[] = [];
  for (const b of blocks) for (let k = 0; k < b.n; k++) out.push(b.sum / b.n + (offsets[out.length] ?? 0));
  return out;
}

/** Columns (1-based) by breadth-first distance over flows (either direction) from the entry segments. */
function columnsOf(ids: readonly string[], seeds: ReadonlySet<string>, adj: ReadonlyMap<string, string[]>, hasIncoming: ReadonlySet<string>): Map<string, number> {
  const col = new Map<string, number>();
  const bfs = (start: string[]) => {
    const queue = [...start];
    for (const s of start) col.set(s, 1);
    for (let i = 0; i < queue.length; i++) {
      const v = queue[i]!;
      for (const w of adj.get(v) ?? []) {
        if (col.has(w)) continue;
        col.set(w, col.get(v)! + 1);
        queue.push(w);
      }
    }
  };
  bfs(ids.filter((id) => seeds.has(id)));
  // Parts not reachable from an entry start at the first column too, from a segment nothing flows into if possible.
  for (;;) {
    const rest = ids.filter((id) => !col.has(id));
    if (rest.length === 0) break;
    bfs([rest.find((id) => !hasIncoming.has(id)) ?? rest[0]!]);
  }
  return col;
}

interface Slot {
  flow: number;
  gap: number;
  height: number;
  width: number;
  text: string;
  loop: boolean;
  top: number;
}

type Side = 'left' | 'right' | 'top' | 'bottom';

/** Lays out the diagram. Same input → same output. External ids must differ from segment ids. */
export function layoutDiagram(input: DiagramInput, labelFit: (text: string, maxWidth: number) => string = (t, w) => fitText(t, w, DIAGRAM.labelFont)): DiagramLayout {
  const D = DIAGRAM;
  const segIds: string[] = [];
  const segInput = new Map<string, DiagramInput['segments'][number]>();
  const entry = new Set<string>();
  for (const s of input.segments) {
    if (segInput.has(s.id) || s.id === UNASSIGNED) continue;
    segIds.push(s.id);
    segInput.set(s.id, s);
    if (s.entry) entry.add(s.id);
  }
  const known = new Set(segIds);
  const externals = input.externals
    .map((e) => ({ id: e.id, segmentIds: [...new Set(e.segmentIds.map((s) => (known.has(s) ? s : UNASSIGNED)))] }))
    .filter((e) => e.segmentIds.length > 0);
  if (externals.some((e) => e.segmentIds.includes(UNASSIGNED))) {
    segIds.push(UNASSIGNED);
    segInput.set(UNASSIGNED, { id: UNASSIGNED, cidrCount: 0, purposeLine: true });
  }
  const inputIndex = new Map(segIds.map((id, i) => [id, i]));
  const flows = input.flows.filter((f) => known.has(f.from) && known.has(f.to) && f.from !== f.to);

  // Columns.
  const adj = new Map<string, string[]>(segIds.map((id) => [id, []]));
  const hasIncoming = new Set<string>();
  for (const f of flows) {
    adj.get(f.from)!.push(f.to);
    adj.get(f.to)!.push(f.from);
    hasIncoming.add(f.to);
  }
  for (const list of adj.values()) list.sort((a, b) => inputIndex.get(a)! - inputIndex.get(b)!);
  const seeds = new Set(entry);
  for (const e of externals) for (const s of e.segmentIds) seeds.add(s);
  const colOf = columnsOf(segIds, seeds, adj, hasIncoming);
  const columnCount = Math.max(0, ...colOf.values());
  const order: string[][] = Array.from({ length: columnCount + 1 }, () => []);
  for (const id of segIds) order[colOf.get(id)!]!.push(id);
  const extOf = new Map(externals.map((e) => [e.id, e]));
  order[0] = stableSortBy(
    externals.map((e) => e.id),
    (id) => Math.min(...extOf.get(id)!.segmentIds.map((s) => inputIndex.get(s)!)),
  );
  const colOfAny = (id: string) => colOf.get(id) ?? 0;

  // Order inside the columns: barycentre sweeps, then swaps of neighbours while that helps. The cost counts
  // crossings between neighbouring columns and, twice, the boxes between the two ends of a flow inside a column.
  const gapEdges: [string, string][][] = Array.from({ length: columnCount + 1 }, () => []);
  const intraEdges: [string, string][][] = Array.from({ length: columnCount + 1 }, () => []);
  for (const e of externals) for (const s of e.segmentIds) gapEdges[0]!.push([e.id, s]);
  for (const f of flows) {
    const a = colOf.get(f.from)!;
    const b = colOf.get(f.to)!;
    if (a === b) intraEdges[a]!.push([f.from, f.to]);
    else gapEdges[Math.min(a, b)]!.push(a < b ? [f.from, f.to] : [f.to, f.from]);
  }
  const pos = new Map<string, number>();
  const indexAll = () => order.forEach((c) => c.forEach((id, i) => pos.set(id, i)));
  indexAll();
  const crossings = (g: number): number => {
    const list = gapEdges[g];
    if (!list) return 0;
    let n = 0;
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const [u1, v1] = list[i]!;
        const [u2, v2] = list[j]!;
        if ((pos.get(u1)! - pos.get(u2)!) * (pos.get(v1)! - pos.get(v2)!) < 0) n++;
      }
    return n;
  };
  const spans = (c: number) => (intraEdges[c] ?? []).reduce((n, [a, b]) => n + 2 * (Math.abs(pos.get(a)! - pos.get(b)!) - 1), 0);
  const cost = () => {
    let n = 0;
    for (let c = 0; c <= columnCount; c++) n += crossings(c) + spans(c);
    return n;
  };
  const neighboursIn = (id: string, column: number): string[] =>
    colOfAny(id) === 0 ? extOf.get(id)!.segmentIds : [...(adj.get(id) ?? []), ...(extByTarget.get(id) ?? [])].filter((w) => colOfAny(w) === column);
  const extByTarget = new Map<string, string[]>();
  for (const e of externals) for (const s of e.segmentIds) extByTarget.set(s, [...(extByTarget.get(s) ?? []), e.id]);
  let best = order.map((c) => [...c]);
  let bestCost = cost();
  for (let round = 0; round < 8 && bestCost > 0; round++) {
    for (let c = 1; c <= columnCount; c++) order[c] = bary(order[c]!, order[c - 1]!, (id) => neighboursIn(id, c - 1));
    for (let c = columnCount - 1; c >= 0; c--) order[c] = bary(order[c]!, order[c + 1]!, (id) => neighboursIn(id, c + 1));
    indexAll();
    const n = cost();
    if (n < bestCost) {
      bestCost = n;
      best = order.map((c) => [...c]);
    }
  }
  best.forEach((c, i) => (order[i] = c));
  indexAll();
  // Small columns: every order (the first cheapest wins, the current one first), twice over all columns.
  for (let sweep = 0; sweep < 2; sweep++)
    for (let c = 1; c <= columnCount; c++) {
      const col = order[c]!;
      if (col.length < 3 || col.length > 6) continue;
      const local = () => crossings(c - 1) + crossings(c) + spans(c);
      let bestLocal = local();
      const base = [...col];
      let bestCol = base;
      for (const perm of permutations(col.length)) {
        perm.forEach((k, i) => {
          col[i] = base[k]!;
          pos.set(col[i]!, i);
        });
        const n = local();
        if (n < bestLocal) {
          bestLocal = n;
          bestCol = [...col];
        }
        bestCol.forEach((id, i) => {
          col[i] = id;
          pos.set(id, i);
        });
      }
    }
  for (let pass = 0, improved = true; improved && pass < 12; pass++) {
    improved = false;
    for (let c = 0; c <= columnCount; c++) {
      const col = order[c]!;
      for (let i = 0; i + 1 < col.length; i++) {
        const local = () => crossings(c - 1) + crossings(c) + spans(c);
        const before = local();
        const a = col[i]!;
        const b = col[i + 1]!;
        col[i] = b;
        col[i + 1] = a;
        pos.set(a, i + 1);
        pos.set(b, i);
        if (local() < before) improved = true;
        else {
          col[i] = a;
          col[i + 1] = b;
          pos.set(a, i);
          pos.set(b, i + 1);
        }
      }
    }
  }

  // Flows between boxes stacked next to each other in a column: short vertical arrows between them, labels beside.
  const stacked = new Map<string, number[]>(); // upper box id → flows
  flows.forEach((f, i) => {
    if (colOf.get(f.from) !== colOf.get(f.to) || Math.abs(pos.get(f.from)! - pos.get(f.to)!) !== 1) return;
    const upper = pos.get(f.from)! < pos.get(f.to)! ? f.from : f.to;
    stacked.set(upper, [...(stacked.get(upper) ?? []), i]);
  });
  for (const list of stacked.values()) list.sort((p, q) => (flows[p]!.from === flows[q]!.from ? p - q : pos.get(flows[p]!.from)! - pos.get(flows[q]!.from)!));
  const stackRow = (i: number) => (flows[i]!.label.trim() ? D.labelHeight : D.bareSlot);
  const gapAfter = (id: string) => {
    const list = stacked.get(id);
    if (!list) return D.boxGap;
    return Math.max(D.boxGap, 2 * D.stackPad + list.reduce((n, i) => n + stackRow(i), 0) + (list.length - 1) * D.slotGap);
  };
  const isStacked = new Set([...stacked.values()].flat());

  // Which lines leave or enter each side of each box (the boxes grow to give every port room).
  const sideOf = (f: DiagramInput['flows'][number], end: 'from' | 'to'): Side => {
    const a = colOf.get(f.from)!;
    const b = colOf.get(f.to)!;
    if (a === b) return 'right';
    const here = end === 'from' ? a : b;
    const there = end === 'from' ? b : a;
    return here < there ? 'right' : 'left';
  };
  const portCount = new Map<string, number>();
  const addPort = (id: string, side: Side) => portCount.set(`${id}|${side}`, (portCount.get(`${id}|${side}`) ?? 0) + 1);
  for (const e of externals)
    for (const s of e.segmentIds) {
      addPort(e.id, 'right');
      addPort(s, 'left');
    }
  flows.forEach((f, i) => {
    if (isStacked.has(i)) return;
    addPort(f.from, sideOf(f, 'from'));
    addPort(f.to, sideOf(f, 'to'));
  });
  const height = new Map<string, number>();
  for (const c of order)
    for (const id of c) {
      const ports = Math.max(portCount.get(`${id}|left`) ?? 0, portCount.get(`${id}|right`) ?? 0);
      const s = segInput.get(id);
      height.set(id, s ? segmentBoxHeight(s.cidrCount, ports, s.purposeLine ?? true) : Math.max(D.externalHeight, 2 * D.portInset + (ports + 1) * D.portPitch));
    }

  // Vertical positions of boxes: stacked and centred, then pulled towards what they are joined to.
  const top = new Map<string, number>();
  for (const c of order) {
    const total = c.reduce((n, id, i) => n + height.get(id)! + (i < c.length - 1 ? gapAfter(id) : 0), 0);
    let y = -total / 2;
    for (const id of c) {
      top.set(id, y);
      y += height.get(id)! + gapAfter(id);
    }
  }
  const joined = (id: string): string[] => (colOfAny(id) === 0 ? extOf.get(id)!.segmentIds : [...(adj.get(id) ?? []), ...(extByTarget.get(id) ?? [])]);
  const centre = (id: string) => top.get(id)! + height.get(id)! / 2;
  for (let round = 0; round < 16; round++) {
    const seq = order.map((_, i) => i);
    if (round % 2 === 1) seq.reverse();
    for (const ci of seq) {
      const c = order[ci]!;
      if (c.length === 0) continue;
      const wanted = c.map((id) => {
        const ns = joined(id);
        return ns.length === 0 ? top.get(id)! : ns.reduce((a, n) => a + centre(n), 0) / ns.length - height.get(id)! / 2;
      });
      placeInOrder(
        wanted,
        c.map((id) => height.get(id)!),
        c.map((id) => gapAfter(id)),
      ).forEach((t, i) => top.set(c[i]!, t));
    }
  }

  // Slots: every other flow gets one in the gap right of its left (or only) column, ordered by where its ends are.
  const slots: Slot[] = [];
  flows.forEach((f, i) => {
    if (isStacked.has(i)) return;
    const a = colOf.get(f.from)!;
    const b = colOf.get(f.to)!;
    const text = f.label.trim() === '' ? '' : labelFit(f.label.trim(), D.labelMaxWidth);
    slots.push({ flow: i, gap: Math.min(a, b), height: text ? D.labelHeight : D.bareSlot, width: text ? textWidth(text, D.labelFont) + D.labelExtra : 0, text, loop: a === b, top: 0 });
  });
  const gaps: Slot[][] = Array.from({ length: columnCount + 1 }, () => []);
  for (const s of slots) gaps[s.gap]!.push(s);
  const wantedCentre = (s: Slot) => (centre(flows[s.flow]!.from) + centre(flows[s.flow]!.to)) / 2;
  for (const g of gaps) {
    g.sort((p, q) => {
      const d = wantedCentre(p) - wantedCentre(q);
      if (Math.abs(d) > 0.01) return d;
      const fp = flows[p.flow]!;
      const fq = flows[q.flow]!;
      // Of two flows between the same boxes, the one leaving the upper/left box first.
      return centre(fp.from) - centre(fq.from) || colOf.get(fp.from)! - colOf.get(fq.from)! || p.flow - q.flow;
    });
    placeInOrder(
      g.map((s) => wantedCentre(s) - s.height / 2),
      g.map((s) => s.height),
      D.slotGap,
    ).forEach((t, i) => (g[i]!.top = t));
  }

  // Horizontal positions.
  const outsideWidth = externals.length > 0 ? D.externalWidth : D.emptyOutsideWidth;
  let x = D.margin + D.areaPad;
  const colX: number[] = [x];
  x += outsideWidth + D.areaPad + D.outsideGap;
  const band: { left: number; right: number }[] = [{ left: 0, right: 0 }];
  for (let c = 1; c <= columnCount; c++) {
    colX[c] = x;
    x += D.boxWidth;
    const g = gaps[c]!;
    if (c < columnCount || g.length > 0) {
      const bandWidth = Math.max(c < columnCount ? D.minBand : 0, ...g.map((s) => s.width));
      const left = x + D.strip;
      band[c] = { left, right: left + bandWidth };
      x = left + bandWidth + (c < columnCount ? D.strip : 0);
    } else band[c] = { left: x, right: x };
  }
  if (columnCount === 0) x += D.boxWidth;
  const insideLeft = (columnCount > 0 ? colX[1]! : x - D.boxWidth) - D.areaPad;
  const insideRight = x + D.areaPad;

  // Shift everything below the header.
  const tops = [...top.values(), ...slots.map((s) => s.top)];
  const bottoms = [...[...top.entries()].map(([id, t]) => t + height.get(id)!), ...slots.map((s) => s.top + s.height)];
  const minTop = tops.length > 0 ? Math.min(...tops) : 0;
  const maxBottom = bottoms.length > 0 ? Math.max(...bottoms) : D.externalHeight;
  const dy = D.margin + D.header - minTop;
  const totalHeight = Math.max(maxBottom + dy, D.margin + D.header + D.externalHeight) + D.areaPad + D.margin;
  for (const [id, t] of top) top.set(id, round(t + dy));
  for (const s of slots) s.top = round(s.top + dy);

  const box = (id: string): Rect => {
    const column = colOfAny(id);
    return { x: colX[column]!, y: top.get(id)!, width: column === 0 ? D.externalWidth : D.boxWidth, height: height.get(id)! };
  };

  // Ports: spread along each side, in the order of what they lead to.
  type Attach = { key: string; owner: string; side: Side; towards: number; tie: number };
  const attaches: Attach[] = [];
  const slotCentre = (s: Slot) => s.top + s.height / 2;
  order[0]!.forEach((id, i) => {
    for (const s of extOf.get(id)!.segmentIds) {
      attaches.push({ key: `L|${id}|${s}|ext`, owner: id, side: 'right', towards: centre(s), tie: inputIndex.get(s)! });
      attaches.push({ key: `L|${id}|${s}|seg`, owner: s, side: 'left', towards: centre(id), tie: i });
    }
  });
  for (const s of slots) {
    const f = flows[s.flow]!;
    attaches.push({ key: `F|${s.flow}|from`, owner: f.from, side: sideOf(f, 'from'), towards: slotCentre(s), tie: s.flow });
    attaches.push({ key: `F|${s.flow}|to`, owner: f.to, side: sideOf(f, 'to'), towards: slotCentre(s), tie: s.flow });
  }
  const portY = new Map<string, number>();
  const bySide = new Map<string, Attach[]>();
  for (const at of attaches) {
    const k = `${at.owner}|${at.side}`;
    const list = bySide.get(k);
    if (list) list.push(at);
    else bySide.set(k, [at]);
  }
  for (const [k, list] of bySide) {
    const r = box(k.slice(0, k.lastIndexOf('|')));
    list.sort((p, q) => p.towards - q.towards || p.tie - q.tie || cmp(p.key, q.key));
    const inner = r.height - 2 * D.portInset;
    list.forEach((at, i) => portY.set(at.key, round(r.y + D.portInset + (inner * (i + 1)) / (list.length + 1))));
  }
  const sideX = (id: string, side: 'left' | 'right') => {
    const r = box(id);
    return side === 'right' ? r.x + r.width : r.x;
  };

  const routes = new Map<number, FlowRoute>();
  for (const s of slots) {
    const f = flows[s.flow]!;
    const y = slotCentre(s);
    const g = band[s.gap]!;
    const fromSide = sideOf(f, 'from') as 'left' | 'right';
    const toSide = sideOf(f, 'to') as 'left' | 'right';
    const start = { x: sideX(f.from, fromSide), y: portY.get(`F|${s.flow}|from`)! };
    const end = { x: sideX(f.to, toSide), y: portY.get(`F|${s.flow}|to`)! };
    let points: Point[];
    let direction: FlowRoute['direction'];
    if (s.loop) {
      direction = start.y <= end.y ? 'down' : 'up';
      const d = direction === 'down' ? 3 : -3;
      points = [start, { x: g.left, y: round(y - d) }, { x: g.left, y: round(y + d) }, end];
    } else if (fromSide === 'right') {
      points = [start, { x: g.left, y }, { x: g.right, y }, end];
      direction = 'right';
    } else {
      points = [start, { x: g.right, y }, { x: g.left, y }, end];
      direction = 'left';
    }
    const label = s.text ? { x: s.loop ? g.left + 6 : round(g.left + (g.right - g.left - s.width) / 2), y: s.top, width: s.width, height: s.height, text: s.text } : null;
    routes.set(s.flow, { id: f.id, from: f.from, to: f.to, points, path: pathOf(points), direction, label });
  }
  for (const [upper, list] of stacked) {
    const u = box(upper);
    const labelX = u.x + D.stackInset + list.length * D.stackPitch + 2;
    let rowTop = u.y + u.height + D.stackPad;
    list.forEach((i, j) => {
      const f = flows[i]!;
      const lower = box(f.from === upper ? f.to : f.from);
      const ax = u.x + D.stackInset + j * D.stackPitch;
      const down = f.from === upper;
      const points = down ? [{ x: ax, y: u.y + u.height }, { x: ax, y: lower.y }] : [{ x: ax, y: lower.y }, { x: ax, y: u.y + u.height }];
      const rowHeight = stackRow(i);
      const maxWidth = u.x + u.width - 4 - labelX;
      const text = f.label.trim() === '' ? '' : labelFit(f.label.trim(), maxWidth - D.labelExtra);
      const label = text ? { x: round(labelX), y: round(rowTop), width: Math.min(maxWidth, textWidth(text, D.labelFont) + D.labelExtra), height: rowHeight, text } : null;
      rowTop += rowHeight + D.slotGap;
      routes.set(i, { id: f.id, from: f.from, to: f.to, points, path: pathOf(points), direction: down ? 'down' : 'up', label });
    });
  }

  const links: LinkRoute[] = [];
  for (const id of order[0]!) {
    const e = box(id);
    for (const s of extOf.get(id)!.segmentIds) {
      const points = [
        { x: e.x + e.width, y: portY.get(`L|${id}|${s}|ext`)! },
        { x: sideX(s, 'left'), y: portY.get(`L|${id}|${s}|seg`)! },
      ];
      links.push({ externalId: id, segmentId: s, points, path: pathOf(points) });
    }
  }

  const segments: SegmentBox[] = segIds.map((id) => ({ id, column: colOf.get(id)!, ...box(id) }));
  segments.sort((a, b) => a.column - b.column || a.y - b.y);
  const areaHeight = totalHeight - 2 * D.margin;
  return {
    width: Math.ceil(insideRight + D.margin),
    height: Math.ceil(totalHeight),
    outside: { x: D.margin, y: D.margin, width: outsideWidth + 2 * D.areaPad, height: areaHeight },
    inside: { x: insideLeft, y: D.margin, width: insideRight - insideLeft, height: areaHeight },
    segments,
    externals: order[0]!.map((id) => ({ id, ...box(id) })),
    flows: [...routes.keys()].sort((a, b) => a - b).map((i) => routes.get(i)!),
    links,
    columns: columnCount,
  };
}

/** Sorts `items` by the mean position of their neighbours in `other`; items without any keep their place. */
function bary(items: string[], other: string[], neighboursOf: (id: string) => string[]): string[] {
  const pos = new Map(other.map((id, i) => [id, i]));
  const scale = items.length > 1 && other.length > 1 ? (items.length - 1) / (other.length - 1) : 1;
  const key = new Map<string, number>();
  items.forEach((id, i) => {
    const ps = neighboursOf(id)
      .map((n) => pos.get(n))
      .filter((p): p is number => p !== undefined);
    key.set(id, ps.length === 0 ? i : (ps.reduce((a, b) => a + b, 0) / ps.length) * scale);
  });
  return items
    .map((id, i) => ({ id, i }))
    .sort((p, q) => key.get(p.id)! - key.get(q.id)! || p.i - q.i)
    .map((p) => p.id);
}

/** Every order of 0…n-1, in lexicographic order. */
function permutations(n: number): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[], rest: number[]) => {
    if (rest.length === 0) out.push(prefix);
    rest.forEach((r, i) => walk([...prefix, r], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  walk([], Array.from({ length: n }, (_, i) => i));
  return out;
}

function stableSortBy<T>(items: T[], key: (t: T) => number): T[] {
  return items
    .map((t, i) => ({ t, i, k: key(t) }))
    .sort((p, q) => p.k - q.k || p.i - q.i)
    .map((p) => p.t);
}

/** An SVG path through the points: straight where level, an S-curve with level ends where the height changes. */
export function pathOf(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let d = `M${first.x} ${first.y}`;
  let prev = first;
  for (const p of rest) {
    if (Math.abs(p.y - prev.y) < 0.05 || Math.abs(p.x - prev.x) < 0.05) d += ` L${p.x} ${p.y}`;
    else {
      const mx = round((prev.x + p.x) / 2);
      d += ` C${mx} ${prev.y} ${mx} ${p.y} ${p.x} ${p.y}`;
    }
    prev = p;
  }
  return d;
}
