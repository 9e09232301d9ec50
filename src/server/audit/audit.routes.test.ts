import { describe, expect, it } from 'vitest';
import { csvCell } from '../lib/csv.ts';

describe('audit CSV cells', () => {
  it('neutralises formulas, including the full-width signs Japanese Excel also accepts', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '＝HYPERLINK("http://evil.example")@x.jp', '＋1', '－1', '＠x']) {
      expect(csvCell(s).replace(/^"/, ''), s).toMatch(/^'/);
    }
    expect(csvCell('admin@h1.jp')).toBe('admin@h1.jp');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
});
