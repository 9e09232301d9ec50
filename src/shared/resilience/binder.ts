/**
 * The emergency binder (緊急時バインダー): the one document staff print and keep on paper and on a USB stick for the day
 * every screen is dark. This file holds its pure parts: the sections and their headings, the first-30-minutes card
 * that every facility gets, the general rule for cutting each kind of external connection, the print code
 * (BND-20261124-7K3Q) and the canonical JSON the version hash is taken of. The server gathers the data and renders it.
 */

export type BinderLocale = 'ja' | 'en';
type Text = { ja: string; en: string };

/** The sections, in the order they are printed. */
export const BINDER_SECTIONS = ['first_response', 'contacts', 'recovery_order', 'downtime', 'backups', 'connections', 'vendors'] as const;
export type BinderSection = (typeof BINDER_SECTIONS)[number];

export const BINDER_SECTION_LABELS: Record<BinderSection, Text> = {
  first_response: { ja: '最初の30分', en: 'The first 30 minutes' },
  contacts: { ja: '連絡体制図', en: 'Contact chart' },
  recovery_order: { ja: '復旧順序', en: 'Recovery order' },
  downtime: { ja: '部門別の紙運用(ダウンタイム)', en: 'Paper-based operation per department (downtime)' },
  backups: { ja: 'バックアップの保管場所と復旧方法', en: 'Where the backups are and how to restore them' },
  connections: { ja: '遮断する外部接続', en: 'External connections to cut' },
  vendors: { ja: '委託事業者の緊急連絡先', en: 'Vendors’ emergency contacts' },
};

/** What a section says when it has nothing to show. */
export const BINDER_EMPTY_TEXT: Record<BinderSection, Text> = {
  first_response: { ja: '初動の手順がありません。', en: 'There are no first-response steps.' },
  contacts: {
    ja: '連絡体制図が登録されていません。mamori の「連絡体制図」で院内の連絡順と院外の連絡先を登録してください。',
    en: 'No contact chart is recorded. Record the call order and the outside parties on the contact chart page of mamori.',
  },
  recovery_order: {
    ja: '情報資産台帳にシステムが登録されていないため、復旧順序を示せません。',
    en: 'No systems are recorded in the asset ledger, so there is no recovery order to show.',
  },
  downtime: {
    ja: '事業継続計画(BCP)がまだ作成されていません。部門別の紙運用の手順は BCP に書いて承認を受けてください。',
    en: 'No business continuity plan (BCP) has been written yet. Write the paper-based procedures per department in the BCP and have it approved.',
  },
  backups: {
    ja: '使用中のバックアップ計画が登録されていません。どこに何のバックアップがあるかを mamori の「バックアップ」に登録してください。',
    en: 'No backup plans in use are recorded. Record what is backed up where on the backups page of mamori.',
  },
  connections: { ja: '使用中の外部接続は登録されていません。', en: 'No external connections in use are recorded.' },
  vendors: { ja: '委託事業者の連絡先が登録されていません。', en: 'No vendor contacts are recorded.' },
};

/**
 * The first-30-minutes card every facility gets (for whoever notices something first: not a technical list). `{first}`
 * is filled with the first person of the contact chart (role, name and phone) when there is one.
 */
export const FIRST_RESPONSE_STEPS: readonly { id: string; text: Text; firstContact?: Text }[] = [
  {
    id: 'isolate',
    text: {
      ja: 'おかしいと思った端末のLANケーブルを抜き、無線LANを切る。電源は切らない(再起動もしない)。',
      en: 'Unplug the network cable of the PC that looks wrong and turn its Wi-Fi off. Do not switch it off (and do not restart it).',
    },
  },
  {
    id: 'call',
    text: {
      ja: '連絡体制図の1番目の人に電話する。つながらなければ代理、次の順の人へ。',
      en: 'Call the first person on the contact chart. If nobody answers, call the deputy, then the next in order.',
    },
    firstContact: { ja: '1番目: {first}', en: 'First: {first}' },
  },
  {
    id: 'report',
    text: {
      ja: '「インシデントかも?」と伝えてよい。確信がなくても、すぐに報告する。',
      en: 'Say “it might be an incident”. Report at once, even when you are not sure.',
    },
  },
  {
    id: 'no_contact',
    text: {
      ja: '身代金は払わない。脅迫文の連絡先や攻撃者には連絡しない。画面は撮影して残す。',
      en: 'Do not pay a ransom. Do not contact the attackers or the address on the ransom note. Photograph the screen.',
    },
  },
  {
    id: 'times',
    text: {
      ja: '気づいた時刻、したこと、連絡した相手と時刻を紙にメモする。',
      en: 'Write down on paper when you noticed it, what you did, and whom you called at what time.',
    },
  },
  {
    id: 'keep_care',
    text: {
      ja: '診療を止めない。部門ごとの紙運用(このバインダーの「部門別の紙運用」)に切り替える。',
      en: 'Keep care going. Switch to the paper-based procedures of your department (the “paper-based operation” section of this binder).',
    },
  },
];

/** Kinds of external connection (src/shared/connections.ts CONNECTION_KINDS) with an English label the ledger lacks. */
export const BINDER_CONNECTION_KIND_LABELS: Record<string, Text> = {
  ssl_vpn: { ja: 'SSL-VPN', en: 'SSL VPN' },
  ipsec_vpn: { ja: 'IPsec', en: 'IPsec VPN' },
  rdp: { ja: 'RDP', en: 'RDP' },
  dedicated_line: { ja: 'リモート保守専用回線', en: 'Dedicated remote-maintenance line' },
  closed_network: { ja: '閉域網/IP-VPN', en: 'Closed network / IP-VPN' },
  cloud_link: { ja: 'クラウド連携', en: 'Cloud link' },
  other: { ja: 'その他', en: 'Other' },
};

/** How to cut each kind of connection, as a general rule (the connection's own notes come after it). */
export const CONNECTION_CUT_RULES: Record<string, Text> = {
  ssl_vpn: {
    ja: 'VPN装置のWAN側のLANケーブルを抜くか、VPN機能を無効にする。事業者にもアカウント停止を依頼する。',
    en: 'Unplug the WAN cable of the VPN appliance or disable its VPN service. Ask the vendor to suspend the accounts as well.',
  },
  ipsec_vpn: {
    ja: 'VPNルータのWAN側のLANケーブルを抜くか、トンネルを無効にする。相手側の事業者にも連絡する。',
    en: 'Unplug the WAN cable of the VPN router or disable the tunnel. Tell the vendor at the other end.',
  },
  rdp: {
    ja: 'リモートデスクトップを受ける端末のLANケーブルを抜き、ファイアウォールでRDP(3389番)を閉じる。',
    en: 'Unplug the PC that accepts Remote Desktop and close RDP (port 3389) on the firewall.',
  },
  dedicated_line: {
    ja: '保守回線の終端装置(ルータ・ONU)の院内側のLANケーブルを抜く。電源は切らない。',
    en: 'Unplug the hospital-side cable of the maintenance line’s terminating device (router / ONU). Do not switch it off.',
  },
  closed_network: {
    ja: '閉域網ルータの院内側のLANケーブルを抜く。地域連携などで使う場合は影響を関係先に伝える。',
    en: 'Unplug the hospital-side cable of the closed-network router. If regional networks use it, tell the parties affected.',
  },
  cloud_link: {
    ja: '連携サーバのLANケーブルを抜くか、ファイアウォールで連携先への通信を止める。クラウド側の連携も事業者に停止を依頼する。',
    en: 'Unplug the link server or block its traffic on the firewall. Ask the vendor to stop the link on the cloud side too.',
  },
  other: {
    ja: '接続口の機器の院内側のLANケーブルを抜く。不明な場合は保守事業者に遮断方法を確認する。',
    en: 'Unplug the hospital-side cable of the entry device. When unsure, ask the maintenance vendor how to cut it.',
  },
};

export function connectionCutRule(kind: string, locale: BinderLocale): string {
  return (CONNECTION_CUT_RULES[kind] ?? CONNECTION_CUT_RULES.other!)[locale];
}

/** Unambiguous letters and digits for print codes: no 0/O, 1/I/L, 5/S, 8/B, 2/Z confusion on paper. */
export const BINDER_CODE_ALPHABET = '3469ACDEFGHJKMNPQRTUVWXY';
export const BINDER_CODE_PATTERN = /^BND-\d{8}-[3469ACDEFGHJKMNPQRTUVWXY]{4}$/;

/**
 * A print code `BND-<JST day as YYYYMMDD>-<4 letters>`; `random` gives integers (one per letter, reduced modulo the
 * alphabet). The caller checks uniqueness.
 */
export function binderCode(jstDay: string, random: readonly number[]): string {
  const letters = [0, 1, 2, 3].map((i) => BINDER_CODE_ALPHABET[Math.abs(random[i] ?? 0) % BINDER_CODE_ALPHABET.length]).join('');
  return `BND-${jstDay.replace(/-/g, '')}-${letters}`;
}

/** A code as typed by someone reading the paper: upper case, no spaces, a missing BND- prefix and dashes restored. */
export function normalizeBinderCode(input: string): string {
  const compact = input.toUpperCase().replace(/[\s\-_]/g, '');
  const body = compact.startsWith('BND') ? compact.slice(3) : compact;
  const m = /^(\d{8})([A-Z0-9]{4})$/.exec(body);
  return m ? `BND-${m[1]}-${m[2]}` : input.trim().toUpperCase();
}

/** JSON with object keys sorted at every level (arrays keep their order; undefined members are left out). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The sections whose hash differs between a printed copy and now (in section order; a section missing on either side counts). */
export function changedSections(printed: Partial<Record<string, string>>, current: Partial<Record<string, string>>): BinderSection[] {
  return BINDER_SECTIONS.filter((s) => printed[s] !== current[s]);
}

/** The web page that checks a printed copy: `${origin}/resilience/binder?check=CODE`. */
export function binderCheckPath(code: string): string {
  return `/resilience/binder?check=${encodeURIComponent(code)}`;
}
