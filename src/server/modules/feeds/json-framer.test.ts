import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonArrayFramer, type FramedElement } from './json-framer.ts';
import { FeedFormatError } from './records.ts';

function frame(chunks: string[], keys: readonly string[] | null = ['vulnerabilities']): { elements: unknown[]; envelope: Record<string, unknown> } {
  const f = new JsonArrayFramer('test.json', keys);
  const out: FramedElement[] = [];
  for (const c of chunks) f.push(c, out);
  f.end();
  return { elements: out.map((e) => JSON.parse(e.text) as unknown), envelope: f.envelope };
}

/** Splits text at the given cut points. */
function cut(text: string, points: number[]): string[] {
  const sorted = [...new Set(points.map((p) => p % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of sorted) {
    out.push(text.slice(last, p));
    last = p;
  }
  out.push(text.slice(last));
  return out;
}

const TRICKY = {
  resultsPerPage: 3,
  format: 'NVD_CVE',
  nested: { a: [1, { b: '}]' }], 'q"uote': 'x\\' },
  vulnerabilities: [
    { cve: { id: 'CVE-2020-0001', d: 'brace } and bracket ] and quote " and backslash \\ and \\" mixed', n: [1, [2, [3]]] } },
    { cve: { id: 'CVE-2020-0002', d: '日本語の説明 \u2028 ✓', e: '\\\\' } },
    'a string element with ] inside',
    42,
    null,
  ],
  totalResults: 5,
  after: true,
};

describe('JSON array framer', () => {
  it('cuts out each element and the envelope, whatever the chunking', () => {
    const text = JSON.stringify(TRICKY, null, 1);
    const whole = frame([text]);
    expect(whole.elements).toEqual(TRICKY.vulnerabilities);
    expect(whole.envelope).toEqual({ resultsPerPage: 3, format: 'NVD_CVE', nested: TRICKY.nested, totalResults: 5, after: true });
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (points) => {
        const r = frame(cut(text, points));
        expect(r.elements).toEqual(TRICKY.vulnerabilities);
        expect(r.envelope.totalResults).toBe(5);
      }),
      { numRuns: 300 },
    );
    // One character per chunk: every boundary at once.
    expect(frame([...text]).elements).toEqual(TRICKY.vulnerabilities);
  });

  it('frames UTF-8 bytes cut anywhere, inside multi-byte characters and escapes too', () => {
    const bytes = Buffer.from(JSON.stringify(TRICKY, null, 1), 'utf8');
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 12 }), (points) => {
        const cuts = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
        const f = new JsonArrayFramer('test.json', ['vulnerabilities']);
        const out: FramedElement[] = [];
        let last = 0;
        for (const c of [...cuts, bytes.length]) {
          f.push(bytes.subarray(last, c), out);
          last = c;
        }
        f.end();
        expect(out.map((e) => JSON.parse(e.text) as unknown)).toEqual(TRICKY.vulnerabilities);
      }),
      { numRuns: 300 },
    );
    // One byte per chunk.
    const f = new JsonArrayFramer('test.json', ['vulnerabilities']);
    const out: FramedElement[] = [];
    for (let i = 0; i < bytes.length; i++) f.push(bytes.subarray(i, i + 1), out);
    f.end();
    expect(out.map((e) => JSON.parse(e.text) as unknown)).toEqual(TRICKY.vulnerabilities);
    // A byte order mark is skipped.
    expect(frame(['\uFEFF{"vulnerabilities": [1]}']).elements).toEqual([1]);
  });

  it('frames arbitrary JSON values as elements', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (values, points) => {
        const text = JSON.stringify({ head: 'x', vulnerabilities: values, tail: [1, 2] });
        // JSON.stringify turns -0 into 0; compare against what the text says.
        expect(frame(cut(text, points)).elements).toEqual(JSON.parse(text).vulnerabilities);
      }),
      { numRuns: 300 },
    );
  });

  it('root mode returns the whole value as one element', () => {
    const text = JSON.stringify({ id: 'CVE-2020-0001', x: ['}'] });
    expect(frame(cut(text, [3, 9, 20]), null).elements).toEqual([{ id: 'CVE-2020-0001', x: ['}'] }]);
  });

  it('reports a truncated file with the record it stopped in', () => {
    const text = JSON.stringify(TRICKY);
    const half = text.slice(0, text.indexOf('CVE-2020-0002') + 5);
    expect(() => frame([half])).toThrowError(/ends inside record 2/);
    expect(() => frame([text.slice(0, text.length - 1)])).toThrowError(FeedFormatError);
    expect(() => frame([''])).toThrowError(/empty/);
  });

  it('rejects what is not one JSON object', () => {
    expect(() => frame(['[1,2]'])).toThrowError(/expected a JSON object/);
    expect(() => frame(['{"a":1}{"b":2}'])).toThrowError(/after the end/);
    expect(() => frame(['{"vulnerabilities": {"a": 1}}'])).toThrowError(/not an array/);
    expect(() => frame(['{"a" 1}'])).toThrowError(/expected ':'/);
  });
});
