import { describe, expect, it } from 'vitest';
import { parseImportTime } from './backup-import.ts';

describe('parseImportTime', () => {
  it('reads local times as JST and keeps explicit offsets', () => {
    expect(parseImportTime('2026-04-01 02:00')).toBe('2026-03-31T17:00:00.000Z');
    expect(parseImportTime('2026/4/1 2:00:30')).toBe('2026-03-31T17:00:30.000Z');
    expect(parseImportTime('2026-04-01T02:00:00')).toBe('2026-03-31T17:00:00.000Z');
    expect(parseImportTime('2026-04-01T02:00:00Z')).toBe('2026-04-01T02:00:00.000Z');
    expect(parseImportTime('2026-04-01T02:00+09:00')).toBe('2026-03-31T17:00:00.000Z');
  });
  it('refuses impossible or partial values', () => {
    for (const bad of ['2026-02-30 02:00', '2026-13-01 00:00', '2026-04-01 24:00', '2026-04-01', '昨日', '']) expect(parseImportTime(bad), bad).toBeNull();
  });
});
