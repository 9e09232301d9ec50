/** Roles a user can hold in a facility. `group_admin` is held over a facility group; `admin` is deployment-wide. */
export const FACILITY_ROLES = ['executive', 'security_manager', 'it_staff', 'staff', 'vendor', 'auditor'] as const;
export type FacilityRole = (typeof FACILITY_ROLES)[number];

export const ALL_ROLES = [...FACILITY_ROLES, 'group_admin', 'admin'] as const;
export type Role = (typeof ALL_ROLES)[number];

/** Roles for which TOTP MFA is mandatory (MHLW checklist: 二要素認証 for privileged accounts). */
export const MFA_REQUIRED_ROLES: readonly Role[] = ['admin', 'executive', 'security_manager', 'group_admin'];

export const FACILITY_KINDS = ['hospital', 'clinic', 'dental_clinic', 'pharmacy', 'nursing', 'other'] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const GROUP_KINDS = ['corporation', 'region'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** 都道府県 in JIS X 0401 order (code = index + 1). */
export const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県',
  '埼玉県', '千葉県', '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県',
  '岐阜県', '静岡県', '愛知県', '三重県', '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県',
  '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県', '香川県', '愛媛県', '高知県', '福岡県',
  '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
] as const;
export type Prefecture = (typeof PREFECTURES)[number];
