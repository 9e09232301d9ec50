import { ZContactEntryInput, type ContactEntryInput } from '../../shared/contracts/contacts.contract.ts';
import { contactChartOf, insertContactEntryTx } from '../modules/incidents/index.ts';
import { findUserRowByEmail } from '../modules/users/index.ts';
import type { DemoSeeder } from './demo.ts';
import { EMR_VENDOR, PACS_VENDOR } from './vendors.demo.ts';

/**
 * 連絡体制図 of みなと総合病院: inside, 院長 → 医療情報システム安全管理責任者 → システム担当 (with an on-call deputy) →
 * 看護部長; outside, the EMR and PACS vendors with their 24-hour desks, MHLW (number left open: to be confirmed on the
 * ministry's site), the prefectural police's cybercrime desk (a clearly fictitious number), the cyber insurer and the ISP.
 *
 * The other vendors that maintain equipment of the ledger are deliberately not in the chart yet, so checklist 3(1)
 * says いいえ 「システムを提供する委託事業者のうち11社が連絡体制図にありません」 and the chart's page suggests them.
 * Every number is sample data (local numbers starting with 0 that are never assigned, or 000).
 */

export const DEMO_CONTACT_ROLES = {
  executive: '院長',
  securityManager: '医療情報システム安全管理責任者',
  it: 'システム担当',
  itDeputy: 'システム担当(夜間・休日の代理)',
  nursing: '看護部長',
} as const;

export const seedContactsDemo: DemoSeeder = async (deps, trx, caller, facilityId) => {
  const userId = async (email: string) => {
    const u = await findUserRowByEmail(trx, email);
    if (!u) throw new Error(`demo user ${email} is missing`);
    return u.id;
  };
  const add = (input: ContactEntryInput) => insertContactEntryTx(deps, trx, caller, facilityId, ZContactEntryInput.parse(input));

  // ── inside the hospital, in call order ──────────────────────────────────────────────────────────
  await add({
    side: 'internal',
    kind: 'executive',
    roleLabel: DEMO_CONTACT_ROLES.executive,
    name: '港 一郎',
    userId: await userId('incho@minato-hp.example.jp'),
    phone: '090-0000-1001',
    phoneAlt: '045-012-1000',
    email: 'incho@minato-hp.example.jp',
    availability: '24時間(携帯)',
    notes: '対策本部長。診療への影響があれば直ちに報告',
  });
  await add({
    side: 'internal',
    kind: 'security_manager',
    roleLabel: DEMO_CONTACT_ROLES.securityManager,
    name: '安全 花子',
    userId: await userId('anzen@minato-hp.example.jp'),
    phone: '090-0000-1002',
    phoneAlt: '045-012-2101',
    email: 'anzen@minato-hp.example.jp',
    availability: '24時間(携帯)',
    notes: '外部(厚労省・警察・保険会社)への連絡の判断',
  });
  const it = await add({
    side: 'internal',
    kind: 'it',
    roleLabel: DEMO_CONTACT_ROLES.it,
    name: '情報 健太',
    userId: await userId('system@minato-hp.example.jp'),
    phone: '090-0000-1003',
    phoneAlt: '045-012-2105',
    email: 'system@minato-hp.example.jp',
    availability: '平日 8:30〜17:30(時間外は代理へ)',
    notes: 'ネットワークからの切り離し(電源は切らない)とログの保全',
  });
  await add({
    side: 'internal',
    kind: 'it',
    roleLabel: DEMO_CONTACT_ROLES.itDeputy,
    name: '医事課 田中 翔',
    phone: '090-0000-1004',
    email: 'tanaka@minato-hp.example.jp',
    availability: '夜間・休日(オンコール当番)',
    deputyForId: it.id,
  });
  await add({
    side: 'internal',
    kind: 'department',
    roleLabel: DEMO_CONTACT_ROLES.nursing,
    name: '看護 さくら',
    userId: await userId('kango@minato-hp.example.jp'),
    phone: '090-0000-1005',
    phoneAlt: '045-012-3001',
    email: 'kango@minato-hp.example.jp',
    availability: '24時間(夜間は看護管理当直)',
    notes: '病棟を紙運用(ダウンタイム手順)に切り替える指示',
  });

  // ── outside the hospital ────────────────────────────────────────────────────────────────────────
  // The vendors' 24-hour desks, as the chart suggests them (the first emergency contact of each).
  const suggestions = (await contactChartOf(trx, facilityId)).vendorSuggestions;
  const desk = (name: string) => {
    const s = suggestions.find((v) => v.vendorName === name);
    if (!s?.contact) throw new Error(`demo vendor ${name} has no 24-hour contact`);
    return { vendorId: s.vendorId, vendorContactId: s.contact.id };
  };
  await add({ side: 'external', kind: 'vendor', roleLabel: '電子カルテ 障害受付(24時間365日)', ...desk(EMR_VENDOR), availability: '24時間365日' });
  await add({ side: 'external', kind: 'vendor', roleLabel: 'PACS 保守窓口(24時間)', ...desk(PACS_VENDOR), availability: '24時間365日' });
  await add({
    side: 'external',
    kind: 'mhlw',
    roleLabel: '医政局 特定医薬品開発支援・医療情報担当参事官室',
    organization: '厚生労働省',
    phone: null,
    availability: '平日日中',
    notes: '最新の連絡先を厚労省サイトで確認(診療に影響がある場合・漏えいのおそれがある場合は速やかに連絡)',
  });
  await add({
    side: 'external',
    kind: 'police',
    roleLabel: 'サイバー犯罪相談窓口',
    organization: '神奈川県警察',
    phone: '045-000-0000',
    availability: '平日 8:30〜17:15(緊急時は110番)',
    notes: 'サンプルデータの架空の番号です。実際の番号は神奈川県警察のサイトで確認してください',
  });
  await add({
    side: 'external',
    kind: 'insurer',
    roleLabel: 'サイバー保険 事故受付窓口',
    organization: 'みなと損害保険株式会社',
    phone: '0120-000-123',
    email: 'cyber-claims@minato-sonpo.example.co.jp',
    availability: '24時間365日',
    notes: '証券番号 CY-2026-000123(サンプル)。初動対応費用の補償は事前連絡が条件',
  });
  await add({
    side: 'external',
    kind: 'isp',
    roleLabel: 'インターネット回線 故障受付',
    organization: 'はまかぜ通信株式会社',
    phone: '0120-000-456',
    availability: '24時間365日',
    notes: '回線ID HKZ-0000-7788(サンプル)',
  });
};
