import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messages } from './messages.ts';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** Keys without the plural suffixes i18next adds per language (English has _one/_other, Japanese none). */
function baseKeys(m: Map<string, string>): Set<string> {
  return new Set([...m.keys()].map((k) => k.replace(/_(zero|one|two|few|many|other)$/, '')));
}

function vars(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1] ?? '').filter((v) => v !== 'count').sort();
}

const jaFlat = flatten(messages.ja as unknown as Tree);
const enFlat = flatten(messages.en as unknown as Tree);

describe('web i18n resources', () => {
  it('ja and en have the same keys', () => {
    const a = baseKeys(jaFlat);
    const b = baseKeys(enFlat);
    expect([...a].filter((k) => !b.has(k))).toEqual([]);
    expect([...b].filter((k) => !a.has(k))).toEqual([]);
  });

  it('no message is empty', () => {
    for (const [k, v] of [...jaFlat, ...enFlat]) expect(v.trim(), k).not.toBe('');
  });

  it('ja and en use the same interpolation variables', () => {
    for (const [k, v] of jaFlat) {
      const enValue = enFlat.get(k) ?? enFlat.get(`${k}_other`) ?? '';
      expect(vars(enValue), k).toEqual(vars(v));
    }
  });

  it('no source file contains Japanese literals (every string goes through i18n)', () => {
    const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(p) && !p.endsWith('.test.ts') && /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/.test(fs.readFileSync(p, 'utf8'))) offenders.push(path.relative(root, p));
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
