import { formatDateTime } from '../../../shared/dates.ts';
import type { WebhookFormat } from '../../../shared/incidents/cases.ts';
import { esc } from '../../reports/html.ts';

/**
 * The words of on-call alerts: the e-mail (text and a simple HTML part) and the webhook bodies (generic JSON, Slack,
 * Teams), Japanese first, then English. Pure: everything comes in through AlertMessageInput. The acknowledgement link
 * is a credential: it goes into these messages only, never into a log.
 */

export interface AlertMessageInput {
  facility: { id: string; name: string };
  reportId: string | null;
  caseId: string | null;
  /** What happened, as the report or the case says it (shortened here). */
  summary: string;
  recipient: { name: string; position: number };
  /** The person before in the call chain who did not acknowledge (null for the first person). */
  escalatedFrom: string | null;
  /** ISO UTC. */
  sentAt: string;
  /** Public acknowledgement page (null when MAMORI_PUBLIC_URL is not set). */
  ackUrl: string | null;
  /** The report or case in mamori (null without MAMORI_PUBLIC_URL). */
  openUrl: string | null;
}

export const SUMMARY_MAX_CHARS = 300;

const W = {
  ja: {
    subject: (f: string) => `【至急】インシデントかも? 確認してください(${f})`,
    lead: (name: string) => `${name} さん`,
    intro: (f: string) => `${f} で「インシデントかも?」の連絡がありました。連絡体制図に沿って、あなたに連絡しています。`,
    escalated: (prev: string) => `${prev} さんから一定時間内に応答がなかったため、次の担当としてあなたに連絡しています。`,
    what: '内容',
    when: '連絡時刻',
    ack: 'すぐに次のリンクを開き「確認しました」を押してください(押さないと次の担当者へ連絡が回ります):',
    ackNoLink: 'mamori にログインし、インシデント画面で「確認しました」を押してください(押さないと次の担当者へ連絡が回ります)。',
    open: 'mamori で開く:',
    first: '初動対応: 慌てずに、機器の電源は切らずにネットワークから切り離し、画面を撮影してください。',
    ackButton: '確認しました',
    footer: 'このメールは mamori(病院のサイバーセキュリティ対策管理)から自動送信されています。',
    testTitle: 'mamori からのテスト送信です',
    testText: (f: string) => `${f} の Webhook 設定のテストです。このメッセージが届いていれば、インシデント連絡はこの宛先に届きます。`,
  },
  en: {
    subject: (f: string) => `URGENT: possible incident — please acknowledge (${f})`,
    lead: (name: string) => `Dear ${name},`,
    intro: (f: string) => `A possible incident was reported at ${f}. You are contacted following the facility's contact chart.`,
    escalated: (prev: string) => `${prev} did not acknowledge in time, so you are contacted as the next person in the chain.`,
    what: 'What',
    when: 'Sent',
    ack: 'Open this link now and press "Acknowledge" (otherwise the next person in the chain is alerted):',
    ackNoLink: 'Sign in to mamori and press "Acknowledge" on the incident screen (otherwise the next person in the chain is alerted).',
    open: 'Open in mamori:',
    first: 'First response: stay calm, keep machines powered on but disconnect them from the network, and photograph the screen.',
    ackButton: 'Acknowledge',
    footer: 'This message was sent automatically by mamori (hospital cybersecurity programme).',
    testTitle: 'Test message from mamori',
    testText: (f: string) => `A test of the webhook settings of ${f}. If you can read this, incident alerts will reach this destination.`,
  },
} as const;

/** The summary on one line, cut to SUMMARY_MAX_CHARS. */
export function shortSummary(summary: string): string {
  const flat = summary.replace(/\s+/g, ' ').trim();
  return flat.length > SUMMARY_MAX_CHARS ? `${flat.slice(0, SUMMARY_MAX_CHARS - 1)}…` : flat;
}

function lines(lang: 'ja' | 'en', m: AlertMessageInput): string[] {
  const w = W[lang];
  return [
    w.lead(m.recipient.name),
    '',
    w.intro(m.facility.name),
    ...(m.escalatedFrom ? [w.escalated(m.escalatedFrom)] : []),
    '',
    `${w.what}: ${shortSummary(m.summary)}`,
    `${w.when}: ${formatDateTime(m.sentAt, lang)}`,
    '',
    ...(m.ackUrl ? [w.ack, m.ackUrl] : [w.ackNoLink]),
    ...(m.openUrl ? ['', w.open, m.openUrl] : []),
    '',
    w.first,
  ];
}

export function alertEmail(m: AlertMessageInput): { subject: string; text: string; html: string } {
  const subject = `${W.ja.subject(m.facility.name)} / ${W.en.subject(m.facility.name)}`;
  const text = [...lines('ja', m), '', '――――――――――――――――――――', '', ...lines('en', m), '', '--', W.ja.footer, W.en.footer].join('\n');
  const block = (lang: 'ja' | 'en') => {
    const w = W[lang];
    return [
      `<div lang="${lang}" style="margin:0 0 24px">`,
      `<p>${esc(w.lead(m.recipient.name))}</p>`,
      `<p>${esc(w.intro(m.facility.name))}${m.escalatedFrom ? `<br>${esc(w.escalated(m.escalatedFrom))}` : ''}</p>`,
      `<table style="border-collapse:collapse"><tr><th style="text-align:left;padding:2px 8px 2px 0">${esc(w.what)}</th><td>${esc(shortSummary(m.summary))}</td></tr>`,
      `<tr><th style="text-align:left;padding:2px 8px 2px 0">${esc(w.when)}</th><td>${esc(formatDateTime(m.sentAt, lang))}</td></tr></table>`,
      m.ackUrl
        ? `<p>${esc(w.ack)}</p><p><a href="${esc(m.ackUrl)}" style="display:inline-block;padding:10px 18px;background:#c92a2a;color:#fff;text-decoration:none;border-radius:4px;font-weight:bold">${esc(w.ackButton)}</a></p>`
        : `<p>${esc(w.ackNoLink)}</p>`,
      m.openUrl ? `<p>${esc(w.open)} <a href="${esc(m.openUrl)}">${esc(m.openUrl)}</a></p>` : '',
      `<p style="color:#555">${esc(w.first)}</p>`,
      '</div>',
    ].join('\n');
  };
  const html = [
    '<!doctype html><html><head><meta charset="utf-8"></head>',
    '<body style="font-family:\'Hiragino Sans\',\'Yu Gothic UI\',Meiryo,\'Noto Sans JP\',sans-serif;font-size:15px;line-height:1.6;color:#222">',
    block('ja'),
    '<hr style="border:none;border-top:1px solid #ccc">',
    block('en'),
    `<p style="color:#888;font-size:12px">${esc(W.ja.footer)}<br>${esc(W.en.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}

/** Slack mrkdwn: &, < and > must be escaped. */
const slackEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function chatText(m: AlertMessageInput): string {
  const who = `${m.recipient.position}. ${m.recipient.name}`;
  const ja = `【至急】インシデントかも?(${m.facility.name})連絡先: ${who}${m.escalatedFrom ? `(${m.escalatedFrom} さんが未応答のため)` : ''}\n内容: ${shortSummary(m.summary)}`;
  const en = `URGENT: possible incident (${m.facility.name}) — alerting ${who}${m.escalatedFrom ? ` (${m.escalatedFrom} did not acknowledge)` : ''}\nWhat: ${shortSummary(m.summary)}`;
  return `${ja}\n${en}`;
}

/** The body POSTed to a webhook of the given format. */
export function alertWebhookBody(format: WebhookFormat, m: AlertMessageInput): unknown {
  const text = chatText(m);
  const ackLine = m.ackUrl ? `確認 / Acknowledge: ${m.ackUrl}` : `${W.ja.ackNoLink} / ${W.en.ackNoLink}`;
  if (format === 'slack') {
    return {
      text: `${text}\n${ackLine}`,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: slackEsc(text) } },
        ...(m.ackUrl
          ? [{ type: 'actions', elements: [{ type: 'button', style: 'danger', text: { type: 'plain_text', text: '確認しました / Acknowledge' }, url: m.ackUrl }] }]
          : [{ type: 'context', elements: [{ type: 'mrkdwn', text: slackEsc(`${W.ja.ackNoLink} / ${W.en.ackNoLink}`) }] }]),
      ],
    };
  }
  if (format === 'teams') {
    return {
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      themeColor: 'C92A2A',
      summary: `${W.ja.subject(m.facility.name)} / ${W.en.subject(m.facility.name)}`,
      title: `${W.ja.subject(m.facility.name)} / ${W.en.subject(m.facility.name)}`,
      text: `${text}\n\n${ackLine}`.replace(/\n/g, '\n\n'),
      ...(m.ackUrl && { potentialAction: [{ '@type': 'OpenUri', name: '確認しました / Acknowledge', targets: [{ os: 'default', uri: m.ackUrl }] }] }),
    };
  }
  return {
    type: 'incident_alert',
    facility: m.facility,
    reportId: m.reportId,
    caseId: m.caseId,
    summary: shortSummary(m.summary),
    recipient: m.recipient,
    escalatedFrom: m.escalatedFrom,
    sentAt: m.sentAt,
    ackUrl: m.ackUrl,
    openUrl: m.openUrl,
    text,
  };
}

/** The body of a webhook's test message. */
export function testWebhookBody(format: WebhookFormat, facility: { id: string; name: string }, sentAt: string): unknown {
  const text = `${W.ja.testTitle}: ${W.ja.testText(facility.name)}\n${W.en.testTitle}: ${W.en.testText(facility.name)}`;
  if (format === 'slack') return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: slackEsc(text) } }] };
  if (format === 'teams') return { '@type': 'MessageCard', '@context': 'https://schema.org/extensions', summary: W.en.testTitle, title: `${W.ja.testTitle} / ${W.en.testTitle}`, text: text.replace(/\n/g, '\n\n') };
  return { type: 'incident_alert_test', facility, sentAt, text };
}

// --- the public acknowledgement page ------------------------------------------------------------

export interface AckPageInput {
  state: 'confirm' | 'done' | 'already' | 'unknown';
  facilityName?: string;
  recipientName?: string;
  sentAt?: string | null;
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
  /** Form action (the same path, POSTed). */
  action?: string;
}

/** A tiny self-contained page (no scripts; styles inline) asking to confirm, or telling the result. */
export function ackPageHtml(p: AckPageInput): string {
  const body: string[] = [];
  if (p.state === 'unknown') {
    body.push('<h1>リンクが無効です / This link is not valid</h1>', '<p>リンクが正しくないか、古いものです。mamori にログインして確認してください。<br>The link is wrong or out of date. Sign in to mamori instead.</p>');
  } else {
    const info = `<p>${esc(p.facilityName)} — ${esc(p.recipientName)} さん / ${esc(p.recipientName)}<br><small>${p.sentAt ? `${esc(formatDateTime(p.sentAt, 'ja'))} / ${esc(formatDateTime(p.sentAt, 'en'))}` : ''}</small></p>`;
    if (p.state === 'confirm') {
      body.push(
        '<h1>インシデント連絡の確認 / Acknowledge the incident alert</h1>',
        info,
        '<p>下のボタンを押すと「確認済み」となり、次の担当者への連絡は止まります。<br>Press the button to acknowledge; the next person in the chain will not be alerted.</p>',
        `<form method="post" action="${esc(p.action)}"><button type="submit" style="font-size:20px;padding:14px 28px;background:#c92a2a;color:#fff;border:none;border-radius:6px">確認しました / Acknowledge</button></form>`,
      );
    } else {
      const at = p.acknowledgedAt ? `${esc(formatDateTime(p.acknowledgedAt, 'ja'))} / ${esc(formatDateTime(p.acknowledgedAt, 'en'))}` : '';
      body.push(
        p.state === 'done' ? '<h1>確認しました / Acknowledged</h1>' : '<h1>すでに確認済みです / Already acknowledged</h1>',
        info,
        `<p>確認日時 / Acknowledged at: ${at}${p.acknowledgedBy ? `(${esc(p.acknowledgedBy)})` : ''}</p>`,
        '<p>連絡体制図に沿って初動対応を進めてください。<br>Go on with the first response as the contact chart says.</p>',
      );
    }
  }
  return [
    '<!doctype html><html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">',
    '<title>mamori — インシデント連絡 / incident alert</title></head>',
    '<body style="font-family:\'Hiragino Sans\',\'Yu Gothic UI\',Meiryo,\'Noto Sans JP\',sans-serif;max-width:640px;margin:32px auto;padding:0 16px;line-height:1.6;color:#222">',
    ...body,
    '</body></html>',
  ].join('\n');
}
