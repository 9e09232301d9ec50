/**
 * 連絡体制図 (the contact chart, MHLW checklist 3(1)): who is called, in which order, when an incident happens —
 * inside the hospital (people in call order with on-call deputies) and outside (vendors from the ledger with their
 * 24-hour contacts, MHLW, the prefecture / 保健所, the police cyber desk, the cyber insurer, the ISP …).
 */

export const CONTACT_SIDES = ['internal', 'external'] as const;
export type ContactSide = (typeof CONTACT_SIDES)[number];

/** Internal roles in the chart. */
export const INTERNAL_CONTACT_KINDS = ['executive', 'security_manager', 'it', 'department', 'other'] as const;
export type InternalContactKind = (typeof INTERNAL_CONTACT_KINDS)[number];

/** External parties in the chart. */
export const EXTERNAL_CONTACT_KINDS = ['vendor', 'mhlw', 'prefecture', 'health_center', 'police', 'insurer', 'isp', 'ipa', 'other'] as const;
export type ExternalContactKind = (typeof EXTERNAL_CONTACT_KINDS)[number];

export type ContactKind = InternalContactKind | ExternalContactKind;

export const CONTACT_KIND_LABELS: Record<ContactKind, { ja: string; en: string }> = {
  executive: { ja: '経営者(管理者)', en: 'Executive (administrator)' },
  security_manager: { ja: '医療情報システム安全管理責任者', en: 'Security manager' },
  it: { ja: 'システム担当', en: 'IT staff' },
  department: { ja: '部門責任者', en: 'Department head' },
  other: { ja: 'その他', en: 'Other' },
  vendor: { ja: '委託事業者', en: 'Vendor' },
  mhlw: { ja: '厚生労働省', en: 'Ministry of Health, Labour and Welfare' },
  prefecture: { ja: '都道府県', en: 'Prefecture' },
  health_center: { ja: '保健所', en: 'Public health centre' },
  police: { ja: '警察(サイバー犯罪相談窓口)', en: 'Police (cybercrime desk)' },
  insurer: { ja: 'サイバー保険会社', en: 'Cyber insurer' },
  isp: { ja: '通信事業者(ISP)', en: 'Internet service provider' },
  ipa: { ja: 'IPA・JPCERT/CC', en: 'IPA / JPCERT/CC' },
};

/** External parties a complete chart names (checklist 3(1): 事業者、厚生労働省、警察等). */
export const REQUIRED_EXTERNAL_KINDS: readonly ExternalContactKind[] = ['vendor', 'mhlw', 'police'];
