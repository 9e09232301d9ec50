/**
 * For tests: the text of each page of a PDF (pdfjs-dist). Noto Sans CJK maps some glyphs to CJK radicals (⽉ for 月)
 * and ・ to ‧, so the text is NFKC-normalised, those dots restored, and whitespace removed for plain `toContain` checks.
 */
export async function pdfText(pdf: Buffer): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      const text = content.items.map((i) => ('str' in i ? i.str : '')).join('');
      pages.push(text.normalize('NFKC').replace(/\u2027/g, '・').replace(/\s+/g, ''));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}
