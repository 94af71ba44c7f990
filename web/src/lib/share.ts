/**
 * Handing out a private link (a judge's, a team's): the link as a QR code, and copying it, with a
 * fallback for the venue LAN, which is plain http.
 */

/**
 * The link as a PNG data URL, `width` pixels wide (scaled down on screen and on paper, never up).
 * The QR encoder is a chunk of its own, fetched the first time a code is drawn: the pages that
 * never draw one do not load it.
 */
export async function qrDataUrl(url: string, width = 480, margin = 1): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(url, { width, margin, errorCorrectionLevel: 'M' });
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
