/**
 * Handing out a private link (a judge's, a team's): the link as a QR code, and copying it, with a
 * fallback for the venue LAN, which is plain http.
 */
import QRCode from 'qrcode';

/** The link as a PNG data URL, `width` pixels wide (scaled down on screen and on paper, never up). */
export function qrDataUrl(url: string, width = 480): Promise<string> {
  return QRCode.toDataURL(url, { width, margin: 1, errorCorrectionLevel: 'M' });
}

/**
 * Copies `text`. The clipboard API exists only in secure contexts; elsewhere the text of `input`
 * is selected and copied the old way. False when neither worked: the text stays selected, to be
 * copied by hand.
 */
export async function copyText(text: string, input?: HTMLInputElement | HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, no focus): fall back to the selection.
  }
  input?.focus();
  input?.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
