/**
 * What a registration attachment really is, told by its bytes and not by its name: a PDF starts
 * with "%PDF-"; a PPTX is a ZIP whose central directory lists ppt/presentation.xml.
 */
import type { AttachmentType } from '../../contract/registration.js';

const PDF_MAGIC = Buffer.from('%PDF-');
const ZIP_LOCAL = 0x04034b50;
const ZIP_CENTRAL = 0x02014b50;
const ZIP_END = 0x06054b50;

/** Names in a ZIP's central directory, or undefined when the bytes are not a readable ZIP. */
export function zipEntryNames(buf: Buffer): string[] | undefined {
  if (buf.length < 22 || buf.readUInt32LE(0) !== ZIP_LOCAL) return undefined;
  // The end record is in the last 22 + 65,535 (comment) bytes.
  const from = Math.max(0, buf.length - 22 - 0xffff);
  let end = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < entries; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== ZIP_CENTRAL) return undefined;
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    if (at + 46 + nameLen > buf.length) return undefined;
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

export function sniffAttachment(buf: Buffer): AttachmentType | undefined {
  if (buf.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) return 'application/pdf';
  const names = zipEntryNames(buf);
  if (names?.includes('[Content_Types].xml') && names.includes('ppt/presentation.xml'))
    return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
  return undefined;
}

/** A file name safe to send back in Content-Disposition, keeping Vietnamese letters. */
export function cleanFileName(name: string, type: AttachmentType): string {
  const ext = type === 'application/pdf' ? '.pdf' : '.pptx';
  const base = name
    .normalize('NFC')
    .replace(/\.[^.]*$/, '')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f"\\/:*?<>|]+/g, ' ')
    .trim()
    .slice(0, 120);
  return (base || 'tep-dinh-kem') + ext;
}
