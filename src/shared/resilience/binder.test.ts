import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONNECTION_KINDS } from '../connections.ts';
import {
  BINDER_CODE_ALPHABET,
  BINDER_CODE_PATTERN,
  BINDER_CONNECTION_KIND_LABELS,
  BINDER_EMPTY_TEXT,
  BINDER_SECTION_LABELS,
  BINDER_SECTIONS,
  binderCheckPath,
  binderCode,
  canonicalJson,
  changedSections,
  connectionCutRule,
  CONNECTION_CUT_RULES,
  FIRST_RESPONSE_STEPS,
  normalizeBinderCode,
} from './binder.ts';

describe('binder vocabulary', () => {
  it('has a heading and an empty-state sentence in both languages for every section', () => {
    for (const s of BINDER_SECTIONS) {
      for (const map of [BINDER_SECTION_LABELS, BINDER_EMPTY_TEXT]) {
        expect(map[s].ja, s).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
        expect(map[s].en, s).toMatch(/^[\x20-\x7e’–]+$/);
      }
    }
    expect(BINDER_SECTION_LABELS.first_response.ja).toBe('最初の30分');
  });

  it('has a cut rule and an English label for every kind of external connection, and a fallback', () => {
    for (const k of CONNECTION_KINDS) {
      expect(CONNECTION_CUT_RULES[k], k).toBeDefined();
      expect(BINDER_CONNECTION_KIND_LABELS[k], k).toBeDefined();
    }
    expect(connectionCutRule('something_new', 'ja')).toBe(CONNECTION_CUT_RULES.other!.ja);
    expect(connectionCutRule('ssl_vpn', 'en')).toContain('VPN appliance');
  });

  it('first card: short steps, isolate without switching off first, the call step names the first contact', () => {
    expect(FIRST_RESPONSE_STEPS[0]!.text.ja).toContain('電源は切らない');
    expect(FIRST_RESPONSE_STEPS.filter((s) => s.firstContact)).toHaveLength(1);
    for (const s of FIRST_RESPONSE_STEPS) expect(s.text.ja.length, s.id).toBeLessThan(70);
  });
});

describe('print codes', () => {
  it('BND-<JST day>-<4 letters of the unambiguous alphabet>', () => {
    expect(binderCode('2026-11-24', [0, 1, 2, 3])).toBe('BND-20261124-3469');
    expect(binderCode('2026-11-24', [23, 24, -1, 1e9])).toMatch(BINDER_CODE_PATTERN);
    for (const confusable of ['0', 'O', '1', 'I', 'L', '5', 'S', '8', 'B', '2', 'Z']) expect(BINDER_CODE_ALPHABET).not.toContain(confusable);
  });

  it('any random input gives a valid code, and what people type back normalises to it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 4, maxLength: 4 }), (r) => {
        const code = binderCode('2026-04-01', r);
        expect(code).toMatch(BINDER_CODE_PATTERN);
        expect(normalizeBinderCode(code.toLowerCase())).toBe(code);
        expect(normalizeBinderCode(code.replace(/-/g, ' '))).toBe(code);
        expect(normalizeBinderCode(code.slice(4))).toBe(code); // without BND-
      }),
    );
    expect(normalizeBinderCode('  nonsense ')).toBe('NONSENSE');
  });

  it('the check page path carries the code', () => {
    expect(binderCheckPath('BND-20261124-7K3Q')).toBe('/resilience/binder?check=BND-20261124-7K3Q');
  });
});

describe('canonical JSON and changed sections', () => {
  it('sorts keys at every level, keeps array order, leaves out undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(o));
        expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
      }),
    );
  });

  it('lists the sections whose hash differs, in binder order', () => {
    const now = Object.fromEntries(BINDER_SECTIONS.map((s) => [s, `h-${s}`]));
    expect(changedSections(now, now)).toEqual([]);
    expect(changedSections({ ...now, vendors: 'x', contacts: 'y' }, now)).toEqual(['contacts', 'vendors']);
    expect(changedSections({}, now)).toEqual([...BINDER_SECTIONS]);
  });
});
