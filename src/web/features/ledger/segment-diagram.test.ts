import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ConnectionFlag } from '../../../shared/connections.ts';
import {
  DIAGRAM,
  type DiagramConnection,
  type DiagramInput,
  type DiagramLayout,
  externalNodes,
  fitText,
  layoutDiagram,
  placeInOrder,
  type Point,
  type Rect,
  riskTone,
  textWidth,
  UNASSIGNED,
  worstFirst,
  wrapText,
} from './segment-diagram.ts';

/** The demo hospital's six segments and ten flows (src/server/demo/ledger.demo.ts), plus four lines into them. */
const DEMO: DiagramInput = {
  segments: [
    { id: 'emr', cidrCount: 1 },
    { id: 'dept', cidrCount: 1 },
    { id: 'md', cidrCount: 1 },
    { id: 'inet', cidrCount: 2, entry: true },
    { id: 'maint', cidrCount: 1, entry: true },
    { id: 'office', cidrCount: 1 },
  ],
  flows: [
    { id: 'f1', from: 'emr', to: 'dept', label: 'HL7 (TCP 2575), HTTPS' },
    { id: 'f2', from: 'dept', to: 'emr', label: 'HL7 (TCP 2575), SS-MIX2' },
    { id: 'f3', from: 'md', to: 'dept', label: 'DICOM (TCP 104)' },
    { id: 'f4', from: 'dept', to: 'md', label: 'DICOM MWL (TCP 104)' },
    { id: 'f5', from: 'maint', to: 'dept', label: 'RDP (TCP 3389)' },
    { id: 'f6', from: 'maint', to: 'emr', label: 'HTTPS, SSH' },
    { id: 'f7', from: 'maint', to: 'md', label: 'HTTPS' },
    { id: 'f8', from: 'office', to: 'inet', label: 'HTTP/HTTPS (proxy)' },
    { id: 'f9', from: 'inet', to: 'office', label: 'SSL-VPN' },
    { id: 'f10', from: 'office', to: 'emr', label: '' },
  ],
  externals: [
    { id: 'c:pacs', segmentIds: ['maint'] },
    { id: 'c:emr-vpn', segmentIds: ['maint'] },
    { id: 'c:catering', segmentIds: ['inet'] },
    { id: 'c:orphan', segmentIds: [] as string[] },
    { id: 'c:nowhere', segmentIds: [UNASSIGNED] },
  ],
};

const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** On the left or right edge of the box (the way lines join boxes). */
const onSide = (p: Point, r: Rect) => (p.x === r.x || p.x === r.x + r.width) && p.y >= r.y && p.y <= r.y + r.height;
/** On the top or bottom edge (arrows between boxes stacked in a column). */
const onTopOrBottom = (p: Point, r: Rect) => (p.y === r.y || p.y === r.y + r.height) && p.x >= r.x && p.x <= r.x + r.width;
const onBorder = (p: Point, r: Rect) => onSide(p, r) || onTopOrBottom(p, r);

function rects(l: DiagramLayout): { name: string; r: Rect }[] {
  return [
    ...l.segments.map((s) => ({ name: `segment ${s.id}`, r: s })),
    ...l.externals.map((e) => ({ name: `external ${e.id}`, r: e })),
    ...l.flows.flatMap((f) => (f.label ? [{ name: `label ${f.id}`, r: f.label }] : [])),
  ];
}

/** Every structural promise of the layout, for any input. */
function checkLayout(input: DiagramInput, l: DiagramLayout): void {
  const all = rects(l);
  for (let i = 0; i < all.length; i++) {
    const a = all[i]!;
    expect(Number.isFinite(a.r.x) && Number.isFinite(a.r.y) && a.r.width >= 0 && a.r.height > 0, a.name).toBe(true);
    expect(a.r.x >= 0 && a.r.y >= 0 && a.r.x + a.r.width <= l.width && a.r.y + a.r.height <= l.height, `${a.name} inside the drawing`).toBe(true);
    for (let j = i + 1; j < all.length; j++) expect(overlaps(a.r, all[j]!.r), `${a.name} / ${all[j]!.name}`).toBe(false);
  }
  const seg = new Map(l.segments.map((s) => [s.id, s]));
  const ext = new Map(l.externals.map((e) => [e.id, e]));
  for (const f of l.flows) {
    const from = seg.get(f.from)!;
    const to = seg.get(f.to)!;
    expect(onBorder(f.points[0]!, from), `flow ${f.id} starts on ${f.from}`).toBe(true);
    expect(onBorder(f.points.at(-1)!, to), `flow ${f.id} ends on ${f.to}`).toBe(true);
    if (f.points.length === 2) {
      // A straight arrow joins two boxes stacked in one column, from the bottom of the upper to the top of the lower.
      expect(from.column).toBe(to.column);
      expect(f.points[0]!.x).toBe(f.points[1]!.x);
      const [upper, lower] = from.y < to.y ? [from, to] : [to, from];
      expect(l.segments.filter((s) => s.column === from.column && s.y > upper.y && s.y < lower.y)).toEqual([]);
      expect(f.direction).toBe(from.y < to.y ? 'down' : 'up');
    }
    // Neighbouring columns, or one column (a bracket on its right).
    expect(Math.abs(from.column - to.column)).toBeLessThanOrEqual(1);
    // Between its ends a line stays out of every box: its middle points lie in gaps.
    for (const p of f.points.slice(1, -1)) for (const { name, r } of all.filter((x) => !x.name.startsWith('label'))) expect(p.x > r.x && p.x < r.x + r.width && p.y > r.y && p.y < r.y + r.height, `${f.id} through ${name}`).toBe(false);
  }
  // Every flow between known segments is drawn once.
  const known = new Set(input.segments.map((s) => s.id));
  expect(l.flows.map((f) => f.id).sort()).toEqual(input.flows.filter((f) => known.has(f.from) && known.has(f.to) && f.from !== f.to).map((f) => f.id).sort());
  for (const link of l.links) {
    const e = ext.get(link.externalId)!;
    const s = seg.get(link.segmentId)!;
    expect(link.points[0]).toEqual({ x: e.x + e.width, y: link.points[0]!.y });
    expect(onSide(link.points[0]!, e)).toBe(true);
    // The line enters the segment from the outside, on its left side, and the segment is in the first column.
    expect(link.points.at(-1)!.x).toBe(s.x);
    expect(onSide(link.points.at(-1)!, s)).toBe(true);
    expect(s.column).toBe(1);
    expect(e.x + e.width).toBeLessThan(s.x);
  }
}

describe('segment diagram layout', () => {
  it('lays out the demo hospital: entries first, every flow joined to its boxes, lines into their segments', () => {
    const l = layoutDiagram(DEMO);
    checkLayout(DEMO, l);
    const col = Object.fromEntries(l.segments.map((s) => [s.id, s.column]));
    expect(col).toEqual({ inet: 1, maint: 1, office: 2, emr: 2, dept: 2, md: 2, [UNASSIGNED]: 1 });
    // The connection without any segment is dropped; the one with an unknown segment enters the pseudo segment.
    expect(l.externals.map((e) => e.id).sort()).toEqual(['c:catering', 'c:emr-vpn', 'c:nowhere', 'c:pacs']);
    expect(l.links.map((k) => `${k.externalId}>${k.segmentId}`).sort()).toEqual(['c:catering>inet', 'c:emr-vpn>maint', 'c:nowhere>__unassigned__', 'c:pacs>maint']);
    // Both directions of a pair are two arrows, pointing opposite ways, each with its own label.
    const f1 = l.flows.find((f) => f.id === 'f1')!;
    const f2 = l.flows.find((f) => f.id === 'f2')!;
    expect(f1.path).not.toBe(f2.path);
    expect(new Set([f1.direction, f2.direction])).toEqual(new Set(['down', 'up']));
    expect(f1.label!.text).toBe('HL7 (TCP 2575), HTTPS');
    const f8 = l.flows.find((f) => f.id === 'f8')!;
    const f9 = l.flows.find((f) => f.id === 'f9')!;
    expect([f8.direction, f9.direction].sort()).toEqual(['left', 'right']);
    expect(l.flows.find((f) => f.id === 'f10')!.label).toBeNull();
    // Flows inside the second column join boxes stacked next to each other, by short arrows.
    for (const id of ['f1', 'f2', 'f3', 'f4', 'f10']) expect(l.flows.find((f) => f.id === id)!.points, id).toHaveLength(2);
    expect(l.segments.filter((s) => s.column === 2).map((s) => s.id)).toEqual(['office', 'emr', 'dept', 'md']);
    // Fits a 1280 px screen beside the navigation (about 960 px) without scaling.
    expect(l.width).toBeLessThanOrEqual(960);
  });

  it('is deterministic: the same input gives the same drawing', () => {
    const a = layoutDiagram(DEMO);
    const b = layoutDiagram(structuredClone(DEMO) as DiagramInput);
    expect(b).toEqual(a);
    expect(JSON.stringify(layoutDiagram(DEMO))).toBe(JSON.stringify(a));
  });

  it('draws segments without flows or connections as boxes in one column', () => {
    const input: DiagramInput = { segments: [{ id: 'a', cidrCount: 0 }, { id: 'b', cidrCount: 5 }, { id: 'c', cidrCount: 1 }], flows: [], externals: [] };
    const l = layoutDiagram(input);
    checkLayout(input, l);
    expect(l.segments.map((s) => s.column)).toEqual([1, 1, 1]);
    expect(l.externals).toEqual([]);
    expect(l.segments.find((s) => s.id === 'b')!.height).toBeGreaterThan(l.segments.find((s) => s.id === 'a')!.height);
  });

  it('copes with no segments at all', () => {
    const l = layoutDiagram({ segments: [], flows: [], externals: [] });
    expect(l.segments).toEqual([]);
    expect(l.width).toBeGreaterThan(0);
    expect(l.height).toBeGreaterThan(0);
  });

  it('drops flows to unknown segments and flows from a segment to itself', () => {
    const input: DiagramInput = {
      segments: [{ id: 'a', cidrCount: 1 }, { id: 'b', cidrCount: 1 }],
      flows: [
        { id: 'ok', from: 'a', to: 'b', label: 'x' },
        { id: 'ghost', from: 'a', to: 'zz', label: 'x' },
        { id: 'self', from: 'a', to: 'a', label: 'x' },
      ],
      externals: [],
    };
    expect(layoutDiagram(input).flows.map((f) => f.id)).toEqual(['ok']);
  });

  it('keeps its promises for any graph up to 30 segments, 100 flows and 40 outside nodes', () => {
    const graph = fc
      .record({
        n: fc.integer({ min: 1, max: 30 }),
        flows: fc.array(fc.record({ a: fc.nat(29), b: fc.nat(29), label: fc.constantFrom('', 'HTTPS', 'HL7 (TCP 2575), HTTPS', 'DICOM MWL (TCP 104), HTTP/HTTPS (proxy), SMB', '電子カルテ連携') }), { maxLength: 100 }),
        ext: fc.array(fc.array(fc.nat(31), { minLength: 1, maxLength: 3 }), { maxLength: 40 }),
        cidrs: fc.array(fc.nat(4), { minLength: 30, maxLength: 30 }),
        entries: fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
      })
      .map(({ n, flows, ext, cidrs, entries }): DiagramInput => ({
        segments: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, cidrCount: cidrs[i]!, entry: entries[i]! && i % 3 === 0 })),
        flows: flows.filter((f) => f.a < n && f.b < n).map((f, i) => ({ id: `f${i}`, from: `s${f.a}`, to: `s${f.b}`, label: f.label })),
        // Indexes at or past n name no segment: those lines go to the pseudo segment.
        externals: ext.map((ss, i) => ({ id: `c:${i}`, segmentIds: ss.map((s) => (s < n ? `s${s}` : UNASSIGNED)) })),
      }));
    fc.assert(
      fc.property(graph, (input) => {
        const l = layoutDiagram(input);
        checkLayout(input, l);
        expect(layoutDiagram(input)).toEqual(l);
      }),
      { numRuns: 150, seed: 20261125 },
    );
  });

  it('places items in order, apart, and as near as possible to where they are wanted', () => {
    expect(placeInOrder([0, 0, 0], [10, 10, 10], 5)).toEqual([-15, 0, 15]);
    expect(placeInOrder([0, 100], [10, 10], 5)).toEqual([0, 100]);
    expect(placeInOrder([50, 0], [10, 10], 0)).toEqual([20, 30]);
  });
});

describe('outside nodes', () => {
  const conn = (id: string, vendor: string | null, segmentId: string | null, flags: ConnectionFlag[] = []): DiagramConnection => ({
    id,
    name: `line ${id}`,
    vendorId: vendor,
    vendorName: vendor ? `Vendor ${vendor}` : null,
    segmentId,
    flags,
  });

  it('one node per connection while few, lines without a known segment enter the pseudo segment', () => {
    const nodes = externalNodes([conn('2', 'b', 'x', ['shared_account']), conn('1', 'a', 'gone', ['no_auth', 'shared_account']), conn('3', null, null)], ['x']);
    expect(nodes.map((n) => [n.id, n.kind, n.segmentIds, n.tone])).toEqual([
      ['c:1', 'connection', [UNASSIGNED], 'danger'],
      ['c:2', 'connection', ['x'], 'warning'],
      ['c:3', 'connection', [UNASSIGNED], 'none'],
    ]);
  });

  it('one node per vendor when there are many, with counts and the worst tone', () => {
    const many = Array.from({ length: 14 }, (_, i) => conn(`${String(i).padStart(2, '0')}`, i % 2 === 0 ? 'a' : 'b', i < 4 ? 'x' : 'y', i === 3 ? ['no_mfa_internet'] : i === 4 ? ['entry_device_eos'] : []));
    many.push(conn('99', null, null));
    const nodes = externalNodes(many, ['x', 'y']);
    expect(nodes.map((n) => [n.id, n.kind, n.connectionIds.length, n.segmentIds, n.tone, n.dangerCount, n.warningCount])).toEqual([
      ['v:a', 'vendor', 7, ['x', 'y'], 'warning', 0, 1],
      ['v:b', 'vendor', 7, ['x', 'y'], 'danger', 1, 0],
      ['v:', 'vendor', 1, [UNASSIGNED], 'none', 0, 0],
    ]);
  });

  it('tones and order of flags', () => {
    expect(riskTone([])).toBe('none');
    expect(riskTone(['shared_account', 'credentials_not_rotated'])).toBe('warning');
    expect(riskTone(['shared_account', 'entry_device_kev'])).toBe('danger');
    expect(worstFirst(['shared_account', 'entry_device_kev', 'no_auth'])).toEqual(['no_auth', 'entry_device_kev', 'shared_account']);
  });
});

describe('text fitting', () => {
  it('estimates wide characters wider and shortens with an ellipsis', () => {
    expect(textWidth('電子カルテ', 10)).toBe(50);
    expect(textWidth('abc', 10)).toBeLessThan(textWidth('電子', 10));
    expect(fitText('short', 100, 12)).toBe('short');
    const fitted = fitText('電子カルテ系ネットワークの非常に長い名前です', 100, 12);
    expect(fitted.endsWith('…')).toBe(true);
    expect(textWidth(fitted, 12)).toBeLessThanOrEqual(100);
  });

  it('wraps Japanese between characters (never before a comma) and English at spaces', () => {
    const ja = wrapText('外部接続の登録はありません、まだ何もない', 100, 12);
    expect(ja.join('')).toBe('外部接続の登録はありません、まだ何もない');
    for (const line of ja) expect(line.startsWith('、')).toBe(false);
    expect(ja.length).toBeGreaterThan(1);
    expect(wrapText('No external connections registered', 100, 12)).toEqual(['No external', 'connections', 'registered']);
    expect(wrapText('a b c d e f g h', 10, 12, 2)).toHaveLength(2);
  });

  it('gives every label room inside its slot', () => {
    const l = layoutDiagram(DEMO);
    for (const f of l.flows) if (f.label) expect(textWidth(f.label.text, DIAGRAM.labelFont)).toBeLessThan(f.label.width);
  });
});
