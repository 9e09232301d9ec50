import QRCode from 'qrcode';
import { esc, printDocument } from '../../reports/pdf.ts';
import { VERSION } from '../../version.ts';

/**
 * The report poster (A4 portrait, to pin up on wards and next to terminals): 「インシデントかも?と思ったら、すぐ報告」,
 * the facility, a large QR code of the facility's report link (inline SVG, nothing fetched) with the URL beneath it,
 * what to report and what to do meanwhile. Japanese first, English below each line. Self-contained print HTML.
 */

const CSS = `
.poster { text-align: center; }
.lead { font-size: 24pt; font-weight: 800; line-height: 1.25; margin: 1mm 0 0.5mm; }
.lead-en { font-size: 12pt; font-weight: 700; color: #495057; margin: 0 0 3mm; }
.qr { width: 78mm; height: 78mm; margin: 0 auto 1mm; }
.qr svg { width: 100%; height: 100%; display: block; }
.url { font-size: 12pt; font-weight: 700; font-family: ui-monospace, "Noto Sans Mono CJK JP", monospace; overflow-wrap: anywhere; margin: 0 0 1mm; }
.how { font-size: 10.5pt; margin: 0 0 3mm; }
.how .en, .cols .en, .calm .en { display: block; font-size: 8.5pt; color: #495057; }
.cols { display: flex; gap: 6mm; text-align: left; }
.cols > section { flex: 1 1 0; border: 1.2pt solid #1a1b1e; border-radius: 2mm; padding: 2mm 4mm; }
.cols h2 { font-size: 12.5pt; margin: 0 0 2mm; }
.cols ul, .cols ol { margin: 0; padding-left: 5mm; }
.cols li { font-size: 10pt; line-height: 1.45; margin: 0 0 1.2mm; }
.cols .meanwhile { border-color: #c92a2a; border-width: 2pt; }
.calm { font-size: 10pt; margin: 3mm 0 0; text-align: center; }
`;

/** Lines of the poster: [ja, en]. Our own words (ADR: copy nothing verbatim from the seeds). */
const TEXT = {
  title: ['インシデントかも?と思ったら、すぐ報告', 'Think something is wrong? Report it now'],
  how: ['スマートフォンで読み取って、何が起きたかを書くだけ。アカウントは不要、1分で終わります。', 'Scan with your phone and say what happened — no account needed, it takes a minute.'],
  what: ['こんなときは報告', 'Report when'],
  whatItems: [
    ['画面に身代金を求める文章や見慣れない表示が出た', 'a ransom note or something strange appears on the screen'],
    ['ファイルが開けない・名前が変わった・急に動きが遅い', 'files will not open, have new names, or the PC is suddenly slow'],
    ['不審なメールの添付やリンクを開いてしまった', 'you opened an attachment or link in a suspicious e-mail'],
    ['USBメモリ・ノートPC・書類をなくした、誤送信した', 'a USB stick, laptop or papers are lost, or mail went to the wrong person'],
  ],
  meanwhile: ['報告したら、その間に', 'Meanwhile'],
  meanwhileItems: [
    ['電源は切らずに、LANケーブルを抜く(無線LANはオフ)', 'keep the power on; unplug the network cable (turn Wi-Fi off)'],
    ['画面をスマートフォンで撮って、報告に添える', 'take a photo of the screen and add it to the report'],
    ['それ以上は操作せず、担当者の指示を待つ', 'do not use the machine further; wait for the response team'],
    ['急ぐときは電話も:連絡体制図の順に', 'if it is urgent, also phone — in the order of the contact chart'],
  ],
  calm: ['何もなかったら、それで良いのです。早い報告が病院を守ります。', 'If it turns out to be nothing, that is fine. Early reports protect the hospital.'],
} as const;

const both = ([ja, en]: readonly [string, string]) => `${esc(ja)}<span class="en">${esc(en)}</span>`;

/** The poster as a self-contained printable page. */
export async function reportPosterHtml(input: { facilityName: string; url: string; generatedAt: string }): Promise<string> {
  const svg = await QRCode.toString(input.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const list = (items: readonly (readonly [string, string])[]) => items.map((i) => `<li>${both(i)}</li>`).join('');
  const body = `
<div class="poster">
<p class="lead">${esc(TEXT.title[0])}</p>
<p class="lead-en">${esc(TEXT.title[1])}</p>
<div class="qr" role="img" aria-label="QR">${svg}</div>
<p class="url">${esc(input.url)}</p>
<p class="how">${both(TEXT.how)}</p>
<div class="cols">
<section><h2>${both(TEXT.what)}</h2><ul>${list(TEXT.whatItems)}</ul></section>
<section class="meanwhile"><h2>${both(TEXT.meanwhile)}</h2><ol>${list(TEXT.meanwhileItems)}</ol></section>
</div>
<p class="calm">${both(TEXT.calm)}</p>
</div>
`;
  return printDocument({ lang: 'ja', title: input.facilityName, subtitle: 'インシデント報告 / Incident reporting', generatedAt: input.generatedAt, version: VERSION, bodyHtml: body, css: CSS });
}
