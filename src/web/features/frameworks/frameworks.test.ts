import { describe, expect, it } from 'vitest';
import i18n from '../../i18n/index.ts';
import { FrameworkDefinition } from '../../../shared/assessments/framework.ts';
import { answerTypeLabel, filterFramework, frameworkContentType, frameworkFileKind, issueLine, itemMatches, ruleDescription, textModeFromParam } from './frameworks.ts';

const t = i18n.getFixedT('ja');
const tEn = i18n.getFixedT('en');

const def = FrameworkDefinition.parse({
  id: 'demo',
  version: 'r7',
  title: { ja: 'デモ', en: 'Demo' },
  publisher: { ja: '厚生労働省', en: 'MHLW' },
  fiscalYear: 2025,
  sheet: 'hospital',
  gate: { id: 'gate', number: '0', text: { ja: '医療情報システムを導入、運用している', en: 'Runs medical information systems' }, verified: true },
  sections: [
    {
      id: 's1',
      number: '1',
      title: { ja: '体制構築', en: 'Organisation' },
      items: [{ id: 'cso', number: '1(1)', text: { ja: '医療情報システム安全管理責任者を設置している', en: 'A security officer is appointed' }, verified: true }],
    },
    {
      id: 's2',
      number: '2',
      title: { ja: '医療情報システムの管理・運用', en: 'Systems' },
      items: [
        { id: 'ledger', number: '2(1)', text: { ja: 'サーバ、端末PC、ネットワーク機器の台帳管理を行っている', en: 'Keeps a ledger of servers, PCs and network devices' }, rule: 'ledger.inventory', references: ['企画管理編 9.1'], verified: false },
        { id: 'backup', number: '2(8)', text: { ja: 'バックアップを取得している', en: 'Takes backups' }, examples: [{ ja: 'オフラインで保管', en: 'Kept offline' }], verified: true },
      ],
    },
  ],
});

describe('framework search', () => {
  it('matches number, text in either language, references and examples; every word must match', () => {
    const ledger = def.sections[1]!.items[0]!;
    expect(itemMatches(ledger, '2(1)')).toBe(true);
    expect(itemMatches(ledger, '台帳')).toBe(true);
    expect(itemMatches(ledger, 'LEDGER servers')).toBe(true);
    expect(itemMatches(ledger, '9.1')).toBe(true);
    expect(itemMatches(ledger, '台帳 バックアップ')).toBe(false);
    expect(itemMatches(def.sections[1]!.items[1]!, 'offline')).toBe(true);
    expect(itemMatches(ledger, '   ')).toBe(true);
  });

  it('keeps only matching items and drops empty sections, counting the gate', () => {
    const all = filterFramework(def, '');
    expect(all.total).toBe(4);
    expect(all.matches).toBe(4);
    expect(all.gate?.id).toBe('gate');
    const some = filterFramework(def, 'バックアップ');
    expect(some.matches).toBe(1);
    expect(some.gate).toBeNull();
    expect(some.sections.map((s) => [s.id, s.items.map((i) => i.id), s.total])).toEqual([['s2', ['backup'], 2]]);
    expect(filterFramework(def, 'zzz').sections).toEqual([]);
  });
});

describe('framework labels', () => {
  it('describes known rules and names unknown ones by id', () => {
    expect(ruleDescription(t, 'ledger.inventory')).toContain('台帳');
    expect(ruleDescription(tEn, 'vulns.patches')).toContain('known-exploited');
    expect(ruleDescription(t, 'some.future_rule')).toContain('some.future_rule');
  });

  it('describes every rule id the shipped frameworks may use', () => {
    for (const id of ['ledger.inventory', 'connections.vendor_confirmed', 'vendors.mds_sds', 'vulns.patches', 'connections.mfa', 'connections.credentials', 'ledger.segments', 'users.mfa', 'incidents.contact_chart', 'resilience.backups', 'resilience.bcp']) {
      expect(i18n.exists(`frameworks.rules.${id}`, { lng: 'ja' }), id).toBe(true);
      expect(i18n.exists(`frameworks.rules.${id}`, { lng: 'en' }), id).toBe(true);
    }
  });

  it('labels answer types, a scale by its levels', () => {
    expect(answerTypeLabel(t, 'yes_no_na', 'ja')).toBe('はい/いいえ/該当なし');
    const scale = { scale: [{ value: 'none', label: { ja: '実施前', en: 'Not yet' }, done: false }, { value: 'done', label: { ja: '実施中', en: 'Doing' }, done: true }] };
    expect(answerTypeLabel(t, scale, 'ja')).toBe('実施前 / 実施中');
    expect(answerTypeLabel(tEn, scale, 'en')).toBe('Not yet / Doing');
  });

  it('formats an issue as file:line key message', () => {
    expect(issueLine({ file: 'own.yaml', line: 12, key: 'sections.0.items.1.scope', message: 'invalid value' })).toBe('own.yaml:12 sections.0.items.1.scope invalid value');
    expect(issueLine({ file: 'own.yaml', line: null, key: '', message: 'empty file' })).toBe('own.yaml empty file');
  });

  it('accepts YAML and xlsx files only, and reads the text mode from the URL', () => {
    expect(frameworkFileKind('Own.YML')).toBe('yaml');
    expect(frameworkFileKind('own.yaml')).toBe('yaml');
    expect(frameworkFileKind('own.xlsx')).toBe('xlsx');
    expect(frameworkFileKind('own.csv')).toBeNull();
    expect(frameworkContentType('own.xlsx')).toContain('spreadsheetml');
    expect(frameworkContentType('own.yaml')).toBe('application/yaml');
    expect(textModeFromParam(null)).toBe('ja');
    expect(textModeFromParam('both')).toBe('both');
    expect(textModeFromParam('fr')).toBe('ja');
  });
});
