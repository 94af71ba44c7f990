/** Reading the PDFs the server renders, for the tests that check their text. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of every page, NFC, whitespace collapsed. */
export async function pdfPages(data: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    const text = content.items.map((it) => ('str' in it ? it.str : '')).join(' ');
    pages.push(text.normalize('NFC').replace(/\s+/g, ' ').trim());
  }
  await pdf.destroy();
  return pages;
}
