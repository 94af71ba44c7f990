import { describe, expect, it } from 'vitest';
import { pptx, zip } from '../../../tests/helpers/zip.js';
import { cleanFileName, sniffAttachment, zipEntryNames } from './files.js';

describe('attachments are told by their bytes', () => {
  it('knows a PDF and a PPTX whatever their names', () => {
    expect(sniffAttachment(Buffer.from('%PDF-1.7\n…'))).toBe('application/pdf');
    expect(sniffAttachment(pptx())).toBe('application/vnd.openxmlformats-officedocument.presentationml.presentation');
  });

  it('refuses other ZIPs, truncated ZIPs, pictures and text', () => {
    expect(sniffAttachment(zip({ '[Content_Types].xml': '', 'word/document.xml': '' }))).toBeUndefined();
    const deck = pptx();
    expect(sniffAttachment(deck.subarray(0, deck.length - 30))).toBeUndefined();
    expect(sniffAttachment(Buffer.from('89504e470d0a1a0a', 'hex'))).toBeUndefined();
    expect(sniffAttachment(Buffer.from('Hello %PDF-'))).toBeUndefined();
    expect(sniffAttachment(Buffer.alloc(0))).toBeUndefined();
  });

  it('reads the names of a ZIP central directory', () => {
    expect(zipEntryNames(zip({ 'a.txt': 'x', 'thư mục/b.xml': 'y' }))).toEqual(['a.txt', 'thư mục/b.xml']);
  });

  it('keeps Vietnamese file names and sets the extension from the type', () => {
    expect(cleanFileName('Mô hình một cửa.PDF', 'application/pdf')).toBe('Mô hình một cửa.pdf');
    expect(
      cleanFileName('../../etc/pass"wd.pdf', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'),
    ).toBe('.. .. etc pass wd.pptx');
    expect(cleanFileName('', 'application/pdf')).toBe('tep-dinh-kem.pdf');
  });
});
